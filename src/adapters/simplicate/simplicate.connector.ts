/** The Simplicate RecordSource: streams organizations and phone numbers page by page, plus webhook verification. */
import { z } from 'zod';

import { incrementalModes } from '../../core/connector.js';
import { fieldProblemOfIssue } from '../../core/field-problem.js';
import { err, ok } from '../../core/result.js';
import { createSimplicateClient, normalizeSimplicateBaseUrl } from './client.js';
import { organizationPhones, parsePerson, personPhones, toSourceCompany } from './mapper.js';
import { organizationsWithPersons, pages, probeUpdatedAtFilter } from './reads.js';
import { verifyWebhookSignature } from './webhook.js';

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
import type { MapOptions } from './mapper.js';
import type { OrganizationsWithPersons, PagedReader } from './reads.js';

export const simplicateSettingsSchema = z.object({
  baseUrl: z.string({ error: 'Enter the Simplicate environment URL' }),
  apiKey: z.string({ error: 'Enter the API key' }).trim().min(1, 'Enter the API key'),
  apiSecret: z.string({ error: 'Enter the API secret' }).trim().min(1, 'Enter the API secret'),
  webhookSecret: z.string().min(1).optional(),
  /** [I] docs/external-systems/simplicate.md#filters: timestamps are Dutch wall time. */
  timeZone: z.string().default('Europe/Amsterdam'),
  /** [C] docs/external-systems/simplicate.md#envelope-and-paging: at most 100. */
  pageSize: z.int().min(1).max(100).default(100),
  /** What the connect-time probe found (`probeIncremental`); unchecked connections keep using the filter. */
  incremental: z.enum(incrementalModes).default('filter'),
});
export type SimplicateSettings = z.input<typeof simplicateSettingsSchema>;

export type SimplicateConnector = RecordSource & {
  /** True when the `X-Webhook-Signature` header matches the raw body under the configured webhook secret. */
  verifyWebhook(rawBody: Buffer, header: string | undefined): boolean;
};

/** Validates settings and builds the connector; every bad setting is reported with its field. */
export function createSimplicateConnector(
  settings: unknown,
  http: HttpOptions = {},
): Result<SimplicateConnector, ConnectorError> {
  const parsed = simplicateSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const fieldErrors = parsed.error.issues.map((i) => ({
      field: i.path.join('.') || 'settings',
      ...fieldProblemOfIssue(i),
      message: i.message,
    }));
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
  const reader: PagedReader = { client, timeZone: s.timeZone, pageSize: s.pageSize, incremental: s.incremental };
  return ok(buildConnector(reader, s.webhookSecret));
}

/** Organisation phones (with all linked contact persons), then the phones of every person. */
async function* phonePages(
  reader: PagedReader,
  opts: MapOptions,
  cursor: Cursor | null,
): AsyncGenerator<Result<Page<PhoneRecord>, ConnectorError>> {
  const complete = yield* organizationPages(reader, cursor, true, ({ orgs, persons }) =>
    orgs.flatMap((o) => organizationPhones(o, persons, opts)),
  );
  if (!complete) return;
  for await (const page of pages(reader, 'crm/person', cursor)) {
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
    yield ok({ items });
  }
}

/** Organisations modified since the cursor, each with its first active contact person. */
async function* companyPages(
  reader: PagedReader,
  opts: MapOptions,
  cursor: Cursor | null,
): AsyncGenerator<Result<Page<SourceCompany>, ConnectorError>> {
  yield* organizationPages(reader, cursor, false, ({ orgs, persons }) =>
    orgs.map((o) => toSourceCompany(o, persons, opts)),
  );
}

/**
 * Organisation pages since the cursor, each loaded with its linked persons (all links or the main one) and mapped.
 * Returns false after yielding a failure, so a caller that reads more afterwards stops too.
 */
async function* organizationPages<T>(
  reader: PagedReader,
  cursor: Cursor | null,
  allLinks: boolean,
  toItems: (loaded: OrganizationsWithPersons) => T[],
): AsyncGenerator<Result<Page<T>, ConnectorError>, boolean> {
  for await (const page of pages(reader, 'crm/organization', cursor)) {
    if (!page.ok) {
      yield page;
      return false;
    }
    const loaded = await organizationsWithPersons(reader.client, page.value, allLinks);
    if (!loaded.ok) {
      yield loaded;
      return false;
    }
    yield ok({ items: toItems(loaded.value) });
  }
  return true;
}

function buildConnector(reader: PagedReader, webhookSecret: string | undefined): SimplicateConnector {
  const { client } = reader;
  const opts: MapOptions = { timeZone: reader.timeZone };
  return {
    id: 'simplicate',

    async verify(): ConnectorResult<void> {
      // A cheap call on the CRM endpoint itself, so "no rights on CRM" shows up here and not at the first sync.
      const res = await client.list('crm/organization', { limit: 1, select: 'id' });
      return res.ok ? ok(undefined) : res;
    },

    companies: (cursor) => companyPages(reader, opts, cursor),

    async company(externalId) {
      const res = await client.get('crm/organization', externalId);
      if (!res.ok) return res;
      const loaded = await organizationsWithPersons(client, [res.value], false);
      if (!loaded.ok) return loaded;
      const org = loaded.value.orgs[0];
      if (org === undefined)
        return err({ code: 'not_found', message: `Simplicate organization ${externalId} not found` });
      return ok(toSourceCompany(org, loaded.value.persons, opts));
    },

    phoneRecords: (cursor) => phonePages(reader, opts, cursor),

    probeIncremental: () => probeUpdatedAtFilter(client),

    verifyWebhook(rawBody, header) {
      return webhookSecret !== undefined && verifyWebhookSignature(rawBody, header, webhookSecret);
    },
  };
}
