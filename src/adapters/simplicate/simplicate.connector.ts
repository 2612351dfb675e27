/** The Simplicate RecordSource: streams organizations and phone numbers page by page, plus webhook verification. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

import { err, ok } from '../../core/result.js';
import { createSimplicateClient, normalizeSimplicateBaseUrl } from './client.js';
import { organizationPhones, parseOrganization, parsePerson, personPhones, toSourceCompany } from './mapper.js';
import { toSimplicateTime } from './time.js';

import type {
  ConnectorError,
  ConnectorResult,
  Cursor,
  Page,
  PhoneRecord,
  RecordSource,
  SourceCompany,
} from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { HttpOptions } from '../shared/http.js';
import type { ListPage, SimplicateClient, SimplicateResource } from './client.js';
import type { MapOptions, SimplicateOrganization, SimplicatePerson } from './mapper.js';

export const simplicateSettingsSchema = z.object({
  baseUrl: z.string({ error: 'Enter the Simplicate environment URL' }),
  apiKey: z.string({ error: 'Enter the API key' }).trim().min(1, 'Enter the API key'),
  apiSecret: z.string({ error: 'Enter the API secret' }).trim().min(1, 'Enter the API secret'),
  webhookSecret: z.string().min(1).optional(),
  /** [I] §1.4: timestamps are Dutch wall time. */
  timeZone: z.string().default('Europe/Amsterdam'),
  /** [C] §1.3: at most 100. */
  pageSize: z.int().min(1).max(100).default(100),
});
export type SimplicateSettings = z.input<typeof simplicateSettingsSchema>;

export type SimplicateConnector = RecordSource & {
  /** True when the `X-Webhook-Signature` header matches the raw body under the configured webhook secret. */
  verifyWebhook(rawBody: Buffer, header: string | undefined): boolean;
};

// Person ids per `q[id][]` lookup: keeps the URL well under common 8 KB limits.
const PERSON_CHUNK = 50;

/**
 * Verifies `X-Webhook-Signature: sha256=<hex HMAC-SHA256(raw body, secret)>` ([C] §1.9) in constant time.
 * Works on the raw bytes: re-serialised JSON would not match.
 */
export function verifyWebhookSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (header === undefined || secret === '') return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (m === null) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(m[1] ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Validates settings and builds the connector; every bad setting is reported with its field. */
export function createSimplicateConnector(
  settings: unknown,
  http: HttpOptions = {},
): Result<SimplicateConnector, ConnectorError> {
  const parsed = simplicateSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const fieldErrors = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'settings', message: i.message }));
    return err({
      code: 'rejected',
      message: fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; '),
      fieldErrors,
    });
  }
  const s = parsed.data;
  const baseUrl = normalizeSimplicateBaseUrl(s.baseUrl);
  if (!baseUrl.ok) return baseUrl;
  const client = createSimplicateClient({ baseUrl: baseUrl.value, apiKey: s.apiKey, apiSecret: s.apiSecret, http });
  return ok(buildConnector(client, { timeZone: s.timeZone }, s.pageSize, s.webhookSecret));
}

function buildConnector(
  client: SimplicateClient,
  opts: MapOptions,
  pageSize: number,
  webhookSecret: string | undefined,
): SimplicateConnector {
  /** Streams raw records of a resource page by page until metadata.count (or a short page) says it is done. */
  async function* pages(
    resource: SimplicateResource,
    cursor: Cursor | null,
  ): AsyncGenerator<Result<readonly unknown[], ConnectorError>> {
    const filters: [string, string][] = [];
    if (cursor?.modifiedSince != null) {
      const since = toSimplicateTime(cursor.modifiedSince, opts.timeZone);
      if (since === null) {
        yield err({ code: 'rejected', message: `Cursor modifiedSince "${cursor.modifiedSince}" is not a timestamp` });
        return;
      }
      // [I] §1.4: modified-since = q[updated_at][ge].
      filters.push(['q[updated_at][ge]', since]);
    }
    const fetchPage = (offset: number): Promise<Result<ListPage, ConnectorError>> =>
      client.list(resource, { offset, limit: pageSize, metadata: 'count', filters });
    let offset = 0;
    let next = fetchPage(offset);
    for (;;) {
      const page = await next;
      if (!page.ok) {
        yield page;
        return;
      }
      const { data, count } = page.value;
      offset += data.length;
      const done = data.length === 0 || (count !== null ? offset >= count : data.length < pageSize);
      // Read one page ahead: the next page travels while the caller works on this one (same requests, one more page
      // in memory at most).
      if (!done) next = fetchPage(offset);
      yield ok(data);
      if (done) return;
    }
  }

  /** Reads the persons behind contact links (name parts live on the person). */
  async function personsById(ids: readonly string[]): Promise<Result<Map<string, SimplicatePerson>, ConnectorError>> {
    const out = new Map<string, SimplicatePerson>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += PERSON_CHUNK) {
      const chunk = unique.slice(i, i + PERSON_CHUNK);
      const res = await client.list('crm/person', {
        limit: 100,
        filters: chunk.map((id) => ['q[id][]', id] as const),
      });
      if (!res.ok) return res;
      for (const raw of res.value.data) {
        const person = parsePerson(raw);
        if (person.ok) out.set(person.value.id, person.value);
      }
    }
    return ok(out);
  }

  async function organizationsWithPersons(
    raws: readonly unknown[],
    allLinks: boolean,
  ): Promise<Result<{ orgs: SimplicateOrganization[]; persons: Map<string, SimplicatePerson> }, ConnectorError>> {
    const orgs: SimplicateOrganization[] = [];
    for (const raw of raws) {
      const org = parseOrganization(raw);
      if (!org.ok) return org;
      orgs.push(org.value);
    }
    const ids = orgs.flatMap((o) => {
      const links = o.linked_persons_contacts ?? [];
      const wanted = allLinks ? links : links.filter((l) => l.is_active !== false).slice(0, 1);
      return (wanted.length > 0 ? wanted : links.slice(0, 1)).map((l) => l.person_id);
    });
    const persons = await personsById(ids);
    return persons.ok ? ok({ orgs, persons: persons.value }) : persons;
  }

  return {
    id: 'simplicate',

    async verify(): ConnectorResult<void> {
      // A cheap call on the CRM endpoint itself, so "no rights on CRM" shows up here and not at the first sync.
      const res = await client.list('crm/organization', { limit: 1, select: 'id' });
      return res.ok ? ok(undefined) : res;
    },

    async *companies(cursor) {
      for await (const page of pages('crm/organization', cursor)) {
        if (!page.ok) {
          yield page;
          return;
        }
        const loaded = await organizationsWithPersons(page.value, false);
        if (!loaded.ok) {
          yield loaded;
          return;
        }
        const items = loaded.value.orgs.map((o) => toSourceCompany(o, loaded.value.persons, opts));
        yield ok<Page<SourceCompany>>({ items });
      }
    },

    async company(externalId) {
      const res = await client.get('crm/organization', externalId);
      if (!res.ok) return res;
      const loaded = await organizationsWithPersons([res.value], false);
      if (!loaded.ok) return loaded;
      const org = loaded.value.orgs[0];
      if (org === undefined)
        return err({ code: 'not_found', message: `Simplicate organization ${externalId} not found` });
      return ok(toSourceCompany(org, loaded.value.persons, opts));
    },

    async *phoneRecords(cursor) {
      for await (const page of pages('crm/organization', cursor)) {
        if (!page.ok) {
          yield page;
          return;
        }
        const loaded = await organizationsWithPersons(page.value, true);
        if (!loaded.ok) {
          yield loaded;
          return;
        }
        const items = loaded.value.orgs.flatMap((o) => organizationPhones(o, loaded.value.persons, opts));
        yield ok<Page<PhoneRecord>>({ items });
      }
      for await (const page of pages('crm/person', cursor)) {
        if (!page.ok) {
          yield page;
          return;
        }
        const items: PhoneRecord[] = [];
        for (const raw of page.value) {
          const person = parsePerson(raw);
          if (!person.ok) {
            yield person;
            return;
          }
          items.push(...personPhones(person.value, opts));
        }
        yield ok<Page<PhoneRecord>>({ items });
      }
    },

    verifyWebhook(rawBody, header) {
      return webhookSecret !== undefined && verifyWebhookSignature(rawBody, header, webhookSecret);
    },
  };
}
