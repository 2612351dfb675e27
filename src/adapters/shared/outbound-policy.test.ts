// The address policy on its own: schemes, loopback under the development flag, private ranges and the allow list.
import { describe, expect, it } from 'vitest';

import { allowEntryProblem, checkOutboundAddress, checkOutboundUrl, parseAllowList } from './outbound-policy.js';

import type { OutboundPolicy } from './outbound-policy.js';

const strict: OutboundPolicy = { allowInsecureLoopback: false, allowPrivate: [] };
const dev: OutboundPolicy = { allowInsecureLoopback: true, allowPrivate: [] };
const kind = (url: string, policy = strict) => checkOutboundUrl(new URL(url), policy)?.kind ?? null;

describe('checkOutboundUrl', () => {
  it('allows https to a public host and refuses plain http to it, with or without the flag', () => {
    expect(kind('https://firma.simplicate.nl/api/v2')).toBeNull();
    expect(kind('http://firma.simplicate.nl/api/v2')).toBe('insecure_url');
    expect(kind('http://firma.simplicate.nl/api/v2', dev)).toBe('insecure_url');
    expect(kind('ftp://firma.simplicate.nl/')).toBe('insecure_url');
  });

  it('calls loopback only with the development flag, over http or https', () => {
    for (const url of [
      'http://127.0.0.1:8080/',
      'https://127.9.9.9/',
      'http://[::1]/',
      'http://localhost/',
      'http://0x7f.1/',
    ]) {
      expect(kind(url)).toBe('loopback');
      expect(kind(url, dev)).toBeNull();
    }
    expect(kind('http://[::ffff:127.0.0.1]/', dev)).toBeNull();
  });

  it('refuses private, link-local, CGNAT, unspecified and metadata targets', () => {
    for (const url of [
      'https://10.0.0.1/',
      'https://172.16.5.4/',
      'https://192.168.1.1/',
      'https://100.64.0.1/',
      'https://169.254.169.254/latest/meta-data/',
      'https://0.0.0.0/',
      'https://[fd00::1]/',
      'https://[fe80::1]/',
      'https://[::ffff:10.0.0.1]/',
      'https://metadata.google.internal/',
    ]) {
      expect(kind(url, dev)).toBe('private_address');
    }
    expect(kind('https://8.8.8.8/')).toBeNull();
  });

  it('allows what CRMHUB_ALLOW_PRIVATE_URLS lists: hosts, addresses and CIDRs', () => {
    const onPremise: OutboundPolicy = {
      allowInsecureLoopback: false,
      allowPrivate: parseAllowList('10.20.0.0/16, 192.168.1.7,crm.kantoor.lan'),
    };
    expect(kind('https://10.20.3.4/', onPremise)).toBeNull();
    expect(kind('https://10.21.3.4/', onPremise)).toBe('private_address');
    expect(kind('https://192.168.1.7/', onPremise)).toBeNull();
    expect(kind('http://10.20.3.4/', onPremise)).toBe('insecure_url');
    expect(checkOutboundAddress('crm.kantoor.lan', '192.168.9.9', onPremise)).toBeNull();
    expect(checkOutboundAddress('other.kantoor.lan', '192.168.9.9', onPremise)?.kind).toBe('private_address');
    expect(checkOutboundAddress('other.kantoor.lan', '10.20.0.9', onPremise)).toBeNull();
  });

  it('does not let the allow list open loopback', () => {
    const listed: OutboundPolicy = { allowInsecureLoopback: false, allowPrivate: ['127.0.0.0/8', 'localhost'] };
    expect(kind('https://127.0.0.1/', listed)).toBe('loopback');
    expect(checkOutboundAddress('localhost', '127.0.0.1', listed)?.kind).toBe('loopback');
  });
});

describe('allowEntryProblem', () => {
  it('accepts hosts, addresses and CIDRs and names what is wrong otherwise', () => {
    for (const entry of ['crm.kantoor.lan', '10.0.0.5', '10.0.0.0/8', 'fd00::/8', 'fd00::1']) {
      expect(allowEntryProblem(entry)).toBeNull();
    }
    expect(allowEntryProblem('10.0.0.0/33')).toContain('not a CIDR');
    expect(allowEntryProblem('https://crm.lan')).toContain('not a host name');
    expect(allowEntryProblem('crm.lan/8')).toContain('not a CIDR');
  });
});
