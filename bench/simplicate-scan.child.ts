// Child process of simplicate.bench.ts: one full organisation scan (connector or plain fetch), so its RSS is its own.
// Usage: node --import tsx bench/simplicate-scan.child.ts <connector|fetch> <baseUrl> <key> <secret>
import { loopbackOutboundPolicy } from '../src/adapters/shared/outbound-policy.js';
import { createSimplicateConnector } from '../src/adapters/simplicate/simplicate.connector.js';
import { sampleRss } from './rss.js';

type ScanCount = { organizations: number; persons: number };

const PAGE = 100;
// The connector's person lookup: 50 ids per `q[id][]` request (simplicate.connector.ts PERSON_CHUNK).
const PERSON_CHUNK = 50;

async function scanWithConnector(baseUrl: string, apiKey: string, apiSecret: string): Promise<ScanCount> {
  const connector = createSimplicateConnector({ baseUrl, apiKey, apiSecret }, { outbound: loopbackOutboundPolicy });
  if (!connector.ok) throw new Error(connector.error.message);
  let organizations = 0;
  let persons = 0;
  for await (const page of connector.value.companies(null)) {
    if (!page.ok) throw new Error(page.error.message);
    organizations += page.value.items.length;
    persons += page.value.items.filter((company) => company.contactPerson !== null).length;
  }
  return { organizations, persons };
}

type RawOrganization = { linked_persons_contacts?: { person_id: string; is_active?: boolean }[] };

/**
 * The baseline: the same HTTP requests the connector makes (organisation pages of 100 with metadata=count, then the
 * person behind each organisation's first active contact link, 50 ids a request), JSON-parsed; no validation, no
 * mapping, no retry wrapper.
 */
async function scanWithFetch(baseUrl: string, apiKey: string, apiSecret: string): Promise<ScanCount> {
  const headers = { 'Authentication-Key': apiKey, 'Authentication-Secret': apiSecret, Accept: 'application/json' };
  const get = async (path: string): Promise<{ data: unknown[]; metadata?: { count?: number } }> => {
    const response = await fetch(`${baseUrl}/api/v2/${path}`, { headers });
    if (!response.ok) throw new Error(`${path}: HTTP ${String(response.status)}`);
    return (await response.json()) as { data: unknown[]; metadata?: { count?: number } };
  };
  let organizations = 0;
  let persons = 0;
  for (let offset = 0; ;) {
    const page = await get(`crm/organization?offset=${String(offset)}&limit=${String(PAGE)}&metadata=count`);
    const orgs = page.data as RawOrganization[];
    const personIds = new Set<string>();
    for (const org of orgs) {
      const links = org.linked_persons_contacts ?? [];
      const first = links.find((link) => link.is_active !== false) ?? links[0];
      if (first !== undefined) personIds.add(first.person_id);
    }
    const ids = [...personIds];
    for (let i = 0; i < ids.length; i += PERSON_CHUNK) {
      const query = new URLSearchParams({ limit: '100' });
      for (const id of ids.slice(i, i + PERSON_CHUNK)) query.append('q[id][]', id);
      persons += (await get(`crm/person?${query.toString()}`)).data.length;
    }
    organizations += orgs.length;
    offset += orgs.length;
    const count = page.metadata?.count;
    if (orgs.length === 0 || (count !== undefined ? offset >= count : orgs.length < PAGE)) break;
  }
  return { organizations, persons };
}

const [mode, baseUrl, apiKey, apiSecret] = process.argv.slice(2);
if ((mode !== 'connector' && mode !== 'fetch') || baseUrl === undefined || apiKey === undefined || !apiSecret) {
  process.stderr.write('usage: simplicate-scan.child.ts <connector|fetch> <baseUrl> <key> <secret>\n');
  process.exit(2);
}
const rss = sampleRss();
const cpu = process.cpuUsage();
const started = performance.now();
const counted =
  mode === 'connector'
    ? await scanWithConnector(baseUrl, apiKey, apiSecret)
    : await scanWithFetch(baseUrl, apiKey, apiSecret);
const ms = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
const cpuMs = (user + system) / 1000;
process.stdout.write(`${JSON.stringify({ mode, ms, cpuMs, ...counted, peakRssMb: rss.stop() })}\n`);
