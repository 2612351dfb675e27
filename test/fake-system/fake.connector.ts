// The fake CRM as a RecordSource: settings checked with zod, pages of two organisations, numbers of organisations
// (switchboard) and their contact persons (mobile).
import { z } from 'zod';

import { fieldProblemOfIssue } from '../../src/core/field-problem.js';
import { err, ok } from '../../src/core/result.js';
import { findFakeOffice, toSourceCompany } from './backend.js';

import type { ConnectorError, Cursor, Page, PhoneRecord, RecordSource } from '../../src/core/connector.js';
import type { Result } from '../../src/core/result.js';
import type { FakeOffice, FakeOrganization } from './backend.js';

const settingsSchema = z.object({
  baseUrl: z.string().min(1),
  apiKey: z.string().min(1),
  apiSecret: z.string().min(1),
});
const PAGE = 2;

function phonesOf(o: FakeOrganization): PhoneRecord[] {
  const common = { source: 'fake_crm', company: o.name, companyId: o.id, kvk: o.kvk, relationNumber: null } as const;
  const records: PhoneRecord[] = [];
  if (o.phone !== null) {
    records.push({
      ...common,
      recordKind: 'organization',
      recordId: o.id,
      field: 'phone',
      raw: o.phone,
      name: o.name,
      personal: false,
      deepLink: `${o.id}.fake.test`,
      updatedAt: o.updatedAt,
    });
  }
  if (o.contactMobile !== null) {
    records.push({
      ...common,
      recordKind: 'contact_person',
      recordId: `${o.id}-contact`,
      field: 'mobile',
      raw: o.contactMobile,
      name: o.contactName,
      personal: true,
      deepLink: null,
      updatedAt: o.updatedAt,
    });
  }
  return records;
}

/** Pages of two organisations to the last, or the one error that stops the stream. */
async function* paged<T>(
  found: Result<FakeOffice, ConnectorError>,
  cursor: Cursor | null,
  map: (o: FakeOrganization) => readonly T[],
): AsyncGenerator<Result<Page<T>, ConnectorError>> {
  if (!found.ok) {
    yield found;
    return;
  }
  for (let offset = 0; ; offset += PAGE) {
    const page = await found.value.list(offset, PAGE, cursor?.modifiedSince ?? null);
    if (page.length > 0) yield ok({ items: page.flatMap(map) });
    if (page.length < PAGE) return;
  }
}

export function createFakeCrmConnector(settings: unknown): Result<RecordSource, ConnectorError> {
  const parsed = settingsSchema.safeParse(settings);
  if (!parsed.success) {
    const fieldErrors = parsed.error.issues.map((i) => ({
      field: i.path.join('.'),
      ...fieldProblemOfIssue(i),
      message: i.message,
    }));
    return err({ code: 'rejected', message: 'The Fake CRM settings are not valid.', fieldErrors });
  }
  const { baseUrl, apiKey, apiSecret } = parsed.data;
  const office = (): Result<FakeOffice, ConnectorError> => {
    const found = findFakeOffice(baseUrl);
    if (found === null) return err({ code: 'transient', message: `no Fake CRM office at ${baseUrl}` });
    if (found.apiKey !== apiKey || found.apiSecret !== apiSecret) {
      return err({ code: 'auth_invalid', message: 'Fake CRM does not know this key pair.' });
    }
    return ok(found);
  };
  return ok({
    id: 'fake_crm',
    verify: () => {
      const found = office();
      return Promise.resolve(found.ok ? ok(undefined) : found);
    },
    companies: (cursor) => paged(office(), cursor, (o) => [toSourceCompany(o)]),
    company(externalId) {
      const found = office();
      if (!found.ok) return Promise.resolve(found);
      const organization = found.value.organizations.get(externalId);
      return Promise.resolve(
        organization === undefined
          ? err({ code: 'not_found', message: `Fake CRM has no organisation ${externalId}` })
          : ok(toSourceCompany(organization)),
      );
    },
    phoneRecords: (cursor) => paged(office(), cursor, phonesOf),
  });
}
