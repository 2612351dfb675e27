/** Which addresses crmhub may call: https only, loopback only in development, private ranges only when listed. */
import net from 'node:net';

/** Given by the app's config; an adapter never reads the environment itself. */
export type OutboundPolicy = {
  /** Loopback (127.0.0.0/8, ::1, localhost) may be called, over http too: simulators, `crmhub demo`, tests. */
  readonly allowInsecureLoopback: boolean;
  /** Hosts, addresses and CIDRs that may be private, link-local or CGNAT (on-premise systems). */
  readonly allowPrivate: readonly string[];
};

/** What production gets when nothing else is said. */
export const strictOutboundPolicy: OutboundPolicy = { allowInsecureLoopback: false, allowPrivate: [] };

/** CRMHUB_ALLOW_INSECURE_LOOPBACK=true: what the simulators, `crmhub demo` and the tests run with. */
export const loopbackOutboundPolicy: OutboundPolicy = { allowInsecureLoopback: true, allowPrivate: [] };

export type OutboundRefusalKind = 'insecure_url' | 'loopback' | 'private_address';
export type OutboundRefusal = { readonly kind: OutboundRefusalKind; readonly message: string };

type Family = 'ipv4' | 'ipv6';
type Subnet = readonly [string, number, Family];

function blockList(subnets: readonly Subnet[]): net.BlockList {
  const list = new net.BlockList();
  for (const [address, prefix, family] of subnets) list.addSubnet(address, prefix, family);
  return list;
}

const LOOPBACK = blockList([
  ['127.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
]);

// Private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254), "this network", benchmark, multicast and
// reserved ranges: none is a SaaS endpoint, all can be an internal service.
const PRIVATE = blockList([
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
]);

const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data']);

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A hostname without IPv6 brackets, lower-case. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

function familyOf(address: string): Family | null {
  const v = net.isIP(address);
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : null;
}

/** Why one entry of CRMHUB_ALLOW_PRIVATE_URLS is not a host, an address or a CIDR; null when it is. */
export function allowEntryProblem(entry: string): string | null {
  if (entry.includes('://')) return `'${entry}' is a URL, not a host name or address`;
  const [address = '', prefix, ...rest] = entry.split('/');
  if (prefix === undefined) {
    return familyOf(address) !== null || HOSTNAME.test(address) ? null : `'${entry}' is not a host name or address`;
  }
  const family = familyOf(address);
  const bits = Number(prefix);
  const max = family === 'ipv6' ? 128 : 32;
  if (rest.length > 0 || family === null || !/^\d{1,3}$/.test(prefix) || bits > max) {
    return `'${entry}' is not a CIDR (e.g. 10.20.0.0/16)`;
  }
  return null;
}

/** Splits the comma-separated list (hosts and/or CIDRs), lower-cased; blanks are ignored. */
export function parseAllowList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
}

type CompiledAllowList = { readonly hosts: ReadonlySet<string>; readonly subnets: net.BlockList };
const compiled = new WeakMap<readonly string[], CompiledAllowList>();

function allowListOf(policy: OutboundPolicy): CompiledAllowList {
  const cached = compiled.get(policy.allowPrivate);
  if (cached !== undefined) return cached;
  const hosts = new Set<string>();
  const subnets = new net.BlockList();
  for (const entry of policy.allowPrivate) {
    const [address = '', prefix] = bareHost(entry).split('/');
    const family = familyOf(address);
    if (family === null) hosts.add(address);
    else subnets.addSubnet(address, prefix === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefix), family);
  }
  const built = { hosts, subnets };
  compiled.set(policy.allowPrivate, built);
  return built;
}

function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

function refusal(kind: OutboundRefusalKind, host: string): OutboundRefusal {
  switch (kind) {
    case 'insecure_url':
      return { kind, message: `${host} must be reached over https://` };
    case 'loopback':
      return {
        kind,
        message: `${host} is a loopback address; crmhub calls loopback only when started for development (CRMHUB_ALLOW_INSECURE_LOOPBACK=true)`,
      };
    case 'private_address':
      return {
        kind,
        message: `${host} is a private, link-local or metadata address; list it in CRMHUB_ALLOW_PRIVATE_URLS to reach an on-premise system`,
      };
  }
}

/** Refuses an address the host name resolved to (or an address literal): loopback without the flag, unlisted private. */
export function checkOutboundAddress(host: string, address: string, policy: OutboundPolicy): OutboundRefusal | null {
  const name = bareHost(host);
  const family = familyOf(address);
  if (family === null) return refusal('private_address', name);
  if (LOOPBACK.check(address, family)) return policy.allowInsecureLoopback ? null : refusal('loopback', name);
  if (!PRIVATE.check(address, family)) return null;
  const allowed = allowListOf(policy);
  return allowed.hosts.has(name) || allowed.subnets.check(address, family) ? null : refusal('private_address', name);
}

/** Refuses a URL before any connection: a scheme other than https (http only to loopback with the flag), a private literal. */
export function checkOutboundUrl(url: URL, policy: OutboundPolicy): OutboundRefusal | null {
  const host = bareHost(url.hostname);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refusal('insecure_url', host);
  const literal = familyOf(host) !== null;
  const loopback =
    isLoopbackName(host) || (literal && checkOutboundAddress(host, host, strictOutboundPolicy)?.kind === 'loopback');
  if (loopback) return policy.allowInsecureLoopback ? null : refusal('loopback', host);
  if (url.protocol !== 'https:') return refusal('insecure_url', host);
  if (literal) return checkOutboundAddress(host, host, policy);
  if (METADATA_HOSTS.has(host) && !allowListOf(policy).hosts.has(host)) return refusal('private_address', host);
  return null;
}
