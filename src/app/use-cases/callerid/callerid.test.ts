import { describe, expect, it } from 'vitest';

import { buildCallerView, classifyCaller } from '../../../core/callerid/caller-view.js';
import { ConfigError, loadConfig } from '../../config.js';
import { accountViewRedirectUri } from './accountview-connect.js';
import { accountViewCompanyLink, portalContactPhones } from './index-sources.js';
import { callerOptions } from './lookup.js';
import { buildPopup } from './popups.js';
import { parseUserPhones } from './user-phones.js';

import type { LinkedAdministration } from '../../../adapters/db/repos/call-ingest.repo.js';
import type { PortalContact, PortalContactId } from '../../../core/connector.js';

describe('CRMHUB_CALL_LOG_RETENTION_DAYS', () => {
  it('defaults to 90 days and refuses nonsense', () => {
    expect(loadConfig({}).callLogRetentionDays).toBe(90);
    expect(loadConfig({ CRMHUB_CALL_LOG_RETENTION_DAYS: '30' }).callLogRetentionDays).toBe(30);
    for (const bad of ['0', '-1', 'ninety', '4000']) {
      expect(() => loadConfig({ CRMHUB_CALL_LOG_RETENTION_DAYS: bad }), bad).toThrow(ConfigError);
    }
  });
});

describe('parseUserPhones', () => {
  it('reads extensions as digits and numbers as E.164', () => {
    const parsed = parseUserPhones(['201', ' 0201234567 ', '+32 3 123 45 67']);
    expect(parsed).toEqual({
      ok: true,
      value: [
        { kind: 'extension', value: '201', raw: '201' },
        { kind: 'number', value: '+31201234567', raw: '0201234567' },
        { kind: 'number', value: '+3231234567', raw: '+32 3 123 45 67' },
      ],
    });
  });

  it('names each bad entry by its index', () => {
    const parsed = parseUserPhones(['201', 'toestel', '0612', '']);
    expect(parsed.ok ? [] : parsed.error.map((e) => e.field)).toEqual(['phones.1', 'phones.2', 'phones.3']);
  });
});

describe('redirect URI and deep links', () => {
  it('derives the AccountView redirect URI from CRMHUB_PUBLIC_URL, else from the request', () => {
    expect(accountViewRedirectUri('https://crmhub.kantoor.nl/', 'http://10.0.0.5:3000')).toBe(
      'https://crmhub.kantoor.nl/api/callerid/accountview/callback',
    );
    expect(accountViewRedirectUri(null, 'http://localhost:3000')).toBe(
      'http://localhost:3000/api/callerid/accountview/callback',
    );
  });

  it('links AccountView records to their onderneming in the environment they come from', () => {
    expect(accountViewCompanyLink(null, 'abc')).toBe(
      'https://www.accountview.net/ams/Pages/Companies/ShowCompany.aspx?id=abc',
    );
    expect(accountViewCompanyLink('http://127.0.0.1:4010/', 'abc')).toMatch(/^http:\/\/127\.0\.0\.1:4010\/ams\//);
  });
});

describe('portalContactPhones', () => {
  const contact = (partial: Partial<PortalContact>): PortalContact => ({
    id: '6f0c3a34-6a4e-4d1f-8a52-000000000001' as PortalContactId,
    domainId: 'd',
    type: 'company',
    mainContactPersonId: null,
    tags: [],
    createdAt: null,
    modifiedAt: '2026-01-02T03:04:05Z',
    code: 'DEB-1',
    name: 'Garage Smit B.V.',
    firstName: null,
    middleName: null,
    lastName: null,
    addressLine1: null,
    addressLine2: null,
    postcode: null,
    city: null,
    country: null,
    mailAddressLine1: null,
    mailAddressLine2: null,
    mailPostcode: null,
    mailCity: null,
    phoneHome: null,
    phoneWork: null,
    mobileHome: null,
    mobileWork: null,
    emailHome: null,
    emailWork: null,
    website: null,
    vatNumber: null,
    cocNumber: '12345678',
    ...partial,
  });

  it('indexes a company’s work phone as its switchboard and mobiles as personal', () => {
    const records = portalContactPhones(contact({ phoneWork: '030 555 0000', mobileWork: '06 12345678' }), 'https://x');
    expect(records.map((r) => [r.field, r.personal, r.company, r.kvk, r.relationNumber])).toEqual([
      ['PhoneWork', false, 'Garage Smit B.V.', '12345678', 'DEB-1'],
      ['MobileWork', true, 'Garage Smit B.V.', '12345678', 'DEB-1'],
    ]);
  });

  it('names a person by their name parts, with no company', () => {
    const [record] = portalContactPhones(
      contact({ type: 'person', firstName: 'Jan', middleName: 'de', lastName: 'Vries', phoneHome: '020 1234567' }),
      null,
    );
    expect(record).toMatchObject({ name: 'Jan de Vries', company: null, personal: true, deepLink: null });
  });
});

describe('buildPopup', () => {
  const call = {
    callPk: '00000000-0000-0000-0000-000000000001',
    callId: 'c-1',
    state: 'ringing' as const,
    direction: 'in' as const,
    source: 'json' as const,
    extension: '201',
    startedAt: new Date('2026-03-02T09:00:00Z'),
    answeredAt: null,
    endedAt: null,
  };
  const view = buildCallerView(
    classifyCaller('020 123 4567', callerOptions),
    [
      {
        connectionId: 'crm',
        source: 'simplicate',
        recordKind: 'organization',
        recordId: 'org-1',
        field: 'phone',
        e164: '+31201234567',
        raw: '020-1234567',
        personal: false,
        name: 'Bakkerij De Vries',
        company: 'Bakkerij De Vries',
        companyId: 'org-1',
        kvk: '12345678',
        relationNumber: 'R-1',
        deepLink: 'https://kantoor.simplicate.nl/crm/organization/org-1',
      },
    ],
    callerOptions,
  );
  const linked: LinkedAdministration[] = [
    {
      administrationId: 'a-1',
      administrationName: 'Bakkerij De Vries B.V.',
      domainId: 'dom-1',
      domainName: 'De Vries',
      sourceKey: 'crm:org-1',
      kvk: '12345678',
      pendingCount: 2,
      pendingFields: ['email', 'phone'],
    },
    {
      administrationId: 'a-2',
      administrationName: 'Other client',
      domainId: 'dom-2',
      domainName: 'Other',
      sourceKey: 'crm:org-9',
      kvk: '87654321',
      pendingCount: 1,
      pendingFields: ['name'],
    },
  ];

  it('shows the matched record with its link and only the administrations of that company', () => {
    const popup = buildPopup(call, view, linked, null);
    expect(popup).toMatchObject({ callId: 'c-1', result: 'match', number: { display: '020 123 4567' } });
    expect(popup.companies[0]?.records[0]?.link).toEqual({
      url: 'https://kantoor.simplicate.nl/crm/organization/org-1',
      system: 'Simplicate',
    });
    expect(popup.companies[0]?.administrations.map((a) => a.administrationId)).toEqual(['a-1']);
  });

  it('hides administrations of domains an employee may not see', () => {
    expect(buildPopup(call, view, linked, ['dom-2']).companies[0]?.administrations).toEqual([]);
    expect(buildPopup(call, view, linked, ['dom-1']).companies[0]?.administrations).toHaveLength(1);
  });
});
