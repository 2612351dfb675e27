import { describe, expect, it } from 'vitest';

import { matchCaller } from '../../core/phone/match.js';
import {
  parseJsonCallEvent,
  parseThreeCxLookupQuery,
  parseUrlTemplatePath,
  threeCxLookupToCallEvent,
  toThreeCxLookupResponse,
  urlTemplateToCallEvent,
} from './mapper.js';
import { janDeVriesContact } from './testing.js';

import type { ThreeCxCandidate, UrlTemplateParams } from './mapper.js';

/** The fields a call event body and its parsed CallEvent have in common. */
const eventFields = {
  callId: 'c-1',
  state: 'ringing',
  from: '020-123 45 67',
  to: '0201112233',
  extension: '201',
  direction: 'in',
};
const body = (overrides: Record<string, unknown> = {}): string =>
  JSON.stringify({ ...eventFields, timestamp: 1_740_820_000, ...overrides });

describe('parseJsonCallEvent', () => {
  it('maps a complete body to a CallEvent', () => {
    expect(parseJsonCallEvent(body())).toEqual({
      ok: true,
      value: { ...eventFields, at: '2025-03-01T09:06:40.000Z', source: 'json' },
    });
  });

  it('accepts an ISO timestamp with a zone and converts it to UTC', () => {
    const result = parseJsonCallEvent(body({ timestamp: '2025-03-01T10:06:40+01:00' }));
    expect(result).toMatchObject({ ok: true, value: { at: '2025-03-01T09:06:40.000Z' } });
  });

  it('treats a missing, null or blank extension as null and keeps an empty (withheld) caller', () => {
    const parsedMissing = JSON.parse(body()) as Record<string, unknown>;
    delete parsedMissing['extension'];
    expect(parseJsonCallEvent(JSON.stringify(parsedMissing))).toMatchObject({ value: { extension: null } });
    expect(parseJsonCallEvent(body({ extension: null }))).toMatchObject({ value: { extension: null } });
    expect(parseJsonCallEvent(body({ extension: '  ', from: '' }))).toMatchObject({
      value: { extension: null, from: '' },
    });
  });

  it('accepts a Buffer body and ignores unknown fields', () => {
    expect(parseJsonCallEvent(Buffer.from(body({ vendorField: 1 })))).toMatchObject({ ok: true });
  });

  it('rejects a body that is not JSON, or not an object', () => {
    expect(parseJsonCallEvent('{"callId":')).toMatchObject({ ok: false, error: { code: 'body_not_json' } });
    expect(parseJsonCallEvent('[1,2]')).toMatchObject({ ok: false, error: { code: 'body_invalid' } });
    expect(parseJsonCallEvent('null')).toMatchObject({ ok: false, error: { code: 'body_invalid' } });
  });

  it.each([
    [{ state: 'busy' }, 'state', 'one of ringing, answered, ended'],
    [{ state: undefined }, 'state', 'is required'],
    [{ direction: 'inbound' }, 'direction', 'one of in, out'],
    [{ callId: '  ' }, 'callId', 'must not be empty'],
    [{ callId: 42 }, 'callId', 'must be a string'],
    [{ from: undefined }, 'from', 'is required'],
    [{ timestamp: 'yesterday' }, 'timestamp', 'unix seconds or an ISO 8601'],
    [{ timestamp: -5 }, 'timestamp', 'unix seconds or an ISO 8601'],
    [{ timestamp: '2025-03-01T09:00:00' }, 'timestamp', 'with a zone'],
    [{ extension: 201 }, 'extension', 'string or null'],
  ])('names the bad field in %j', (overrides, field, text) => {
    const result = parseJsonCallEvent(body(overrides));
    expect(result).toMatchObject({ ok: false, error: { code: 'body_invalid', field } });
    if (!result.ok) expect(result.error.message).toContain(text);
  });

  it('lists every bad field in the message', () => {
    const result = parseJsonCallEvent(body({ state: 'x', direction: 'y' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/state: .*; direction: /);
  });
});

describe('parseUrlTemplatePath', () => {
  it('splits and percent-decodes the seven segments, keeping a literal +', () => {
    expect(parseUrlTemplatePath('/abc-1/+31201234567/201/INCOMING_RINGING/Gaat%20over/in/1740820000')).toEqual({
      ok: true,
      value: {
        calluniqueid: 'abc-1',
        callfrom: '+31201234567',
        callto: '201',
        status: 'INCOMING_RINGING',
        status_desc: 'Gaat over',
        direction: 'in',
        timestamp: '1740820000',
      },
    });
  });

  it('keeps an empty segment for a withheld caller and ignores a query string', () => {
    expect(parseUrlTemplatePath('abc//201/CONNECTED//in/1740820000?x=1')).toMatchObject({
      ok: true,
      value: { callfrom: '', status_desc: '' },
    });
  });

  it('rejects the wrong number of segments and bad percent-encoding', () => {
    expect(parseUrlTemplatePath('/a/b/c')).toMatchObject({ ok: false, error: { code: 'path_invalid' } });
    expect(parseUrlTemplatePath('/a/b/c/d/e/f/g/h')).toMatchObject({ ok: false, error: { code: 'path_invalid' } });
    expect(parseUrlTemplatePath('/a/%E0%A4%A/c/d/e/in/1')).toMatchObject({
      error: { code: 'path_invalid', field: 'callfrom' },
    });
  });
});

describe('urlTemplateToCallEvent', () => {
  const phone = { defaultCountry: 'NL' } as const;
  const params = (overrides: Partial<Record<keyof UrlTemplateParams, string>> = {}): UrlTemplateParams => ({
    calluniqueid: '1740820000.42',
    callfrom: '0201234567',
    callto: '201',
    status: 'INCOMING_RINGING',
    status_desc: 'Ringing',
    direction: 'in',
    timestamp: '1740820000',
    ...overrides,
  });

  it.each([
    ['INCOMING_RINGING', 'in', 'ringing'],
    ['OUTGOING_RINGING', 'out', 'ringing'],
    ['CONNECTED', 'in', 'answered'],
    ['CONNECTED', 'out', 'answered'],
    ['DISCONNECTED', 'in', 'ended'],
    ['disconnected', 'OUT', 'ended'],
  ])('%s/%s → %s', (status, direction, state) => {
    const out = direction.toLowerCase() === 'out';
    const result = urlTemplateToCallEvent(
      params({ status, direction, ...(out ? { callfrom: '201', callto: '0612345678' } : {}) }),
      { phone },
    );
    expect(result).toEqual({
      ok: true,
      value: {
        callId: '1740820000.42',
        state,
        from: out ? '201' : '0201234567',
        to: out ? '0612345678' : '201',
        extension: '201',
        direction: direction.toLowerCase(),
        at: '2025-03-01T09:06:40.000Z',
        source: 'url_template',
      },
    });
  });

  it('leaves the extension null when the internal side is a full number (e.g. a DID)', () => {
    expect(urlTemplateToCallEvent(params({ callto: '0201112233' }), { phone })).toMatchObject({
      value: { extension: null },
    });
  });

  it('reads a 13-digit timestamp as milliseconds', () => {
    expect(urlTemplateToCallEvent(params({ timestamp: '1740820000500' }), { phone })).toMatchObject({
      value: { at: '2025-03-01T09:06:40.500Z' },
    });
  });

  it.each([
    [{ status: 'ON_HOLD' }, 'status_unknown', 'status'],
    [{ direction: 'inbound' }, 'path_invalid', 'direction'],
    [{ status: 'OUTGOING_RINGING', direction: 'in' }, 'direction_mismatch', 'direction'],
    [{ timestamp: 'now' }, 'path_invalid', 'timestamp'],
    [{ calluniqueid: ' ' }, 'path_invalid', 'calluniqueid'],
  ])('rejects %j with %s', (overrides, code, field) => {
    expect(urlTemplateToCallEvent(params(overrides), { phone })).toMatchObject({ ok: false, error: { code, field } });
  });
});

const candidate = (overrides: Partial<ThreeCxCandidate> & Pick<ThreeCxCandidate, 'recordId'>): ThreeCxCandidate => ({
  e164: '+31201234567',
  personal: false,
  companyId: 'org-1',
  source: 'simplicate',
  recordKind: 'organization',
  field: 'phone',
  name: 'Bakkerij Jansen B.V.',
  company: null,
  deepLink: 'https://firma.simplicate.nl/crm/organizations/org-1',
  ...overrides,
});

describe('3CX lookup mapping', () => {
  it('gives one contact per company, person before switchboard, in the recommended shape', () => {
    const rows = [
      candidate({ recordId: 'org-1' }),
      candidate({
        recordId: 'p-7',
        recordKind: 'person',
        personal: true,
        field: 'work_mobile',
        name: 'Jan de Vries',
        company: 'Bakkerij Jansen B.V.',
        email: 'jan@bakkerijjansen.nl',
        deepLink: null,
      }),
    ];
    expect(toThreeCxLookupResponse(matchCaller('+31201234567', rows))).toEqual({ contacts: [janDeVriesContact] });
  });

  it('shows a company match with the company as last name and business phone', () => {
    const response = toThreeCxLookupResponse(matchCaller('+31201234567', [candidate({ recordId: 'org-1' })]));
    expect(response.contacts[0]).toEqual({
      id: 'simplicate:organization:org-1',
      first_name: '',
      last_name: 'Bakkerij Jansen B.V.',
      company: 'Bakkerij Jansen B.V.',
      email: '',
      phone_business: '+31201234567',
      phone_mobile: '',
      url: 'https://firma.simplicate.nl/crm/organizations/org-1',
      entity_type: 'Accounts',
    });
  });

  it('prefers explicit name parts and the mobile flag over guesses', () => {
    const c = candidate({
      recordId: 'x',
      recordKind: 'contact_person',
      name: 'ignored',
      firstName: 'Anna Maria',
      lastName: 'van der Berg',
      mobile: true,
    });
    expect(toThreeCxLookupResponse(matchCaller('+31201234567', [c])).contacts[0]).toMatchObject({
      first_name: 'Anna Maria',
      last_name: 'van der Berg',
      phone_mobile: '+31201234567',
      phone_business: '',
    });
  });

  it('returns no contacts for an unknown caller', () => {
    expect(toThreeCxLookupResponse(matchCaller('+31612345678', [candidate({ recordId: 'org-1' })]))).toEqual({
      contacts: [],
    });
  });
});

describe('3CX lookup mapping: ambiguity, query and call events', () => {
  it('lists every ambiguous company by default, none when configured, and caps the count', () => {
    const rows = ['a', 'b', 'c'].map((id) => candidate({ recordId: id, companyId: id }));
    const result = matchCaller('+31201234567', rows);
    expect(toThreeCxLookupResponse(result).contacts.map((c) => c.id)).toEqual([
      'simplicate:organization:a',
      'simplicate:organization:b',
      'simplicate:organization:c',
    ]);
    expect(toThreeCxLookupResponse(result, { onAmbiguous: 'none' })).toEqual({ contacts: [] });
    expect(toThreeCxLookupResponse(result, { maxContacts: 2 }).contacts).toHaveLength(2);
  });

  it('reads the number from the query, restoring a + that arrived as a space', () => {
    expect(parseThreeCxLookupQuery({ number: '+31201234567' })).toEqual({ ok: true, value: '+31201234567' });
    expect(parseThreeCxLookupQuery({ number: ' 31201234567' })).toEqual({ ok: true, value: '+31201234567' });
    expect(parseThreeCxLookupQuery({ number: ['0201234567', 'x'] })).toEqual({ ok: true, value: '0201234567' });
    expect(parseThreeCxLookupQuery({})).toMatchObject({
      ok: false,
      error: { code: 'number_missing', field: 'number' },
    });
    expect(parseThreeCxLookupQuery({ number: '  ' })).toMatchObject({ ok: false, error: { code: 'number_missing' } });
  });

  it('turns a lookup into a ringing inbound CallEvent', () => {
    expect(
      threeCxLookupToCallEvent({ number: '+31201234567', at: '2025-03-01T09:06:40.000Z', extension: '201' }),
    ).toEqual({
      callId: '3cx:+31201234567:2025-03-01T09:06:40.000Z',
      state: 'ringing',
      from: '+31201234567',
      to: '',
      extension: '201',
      direction: 'in',
      at: '2025-03-01T09:06:40.000Z',
      source: '3cx',
    });
  });
});
