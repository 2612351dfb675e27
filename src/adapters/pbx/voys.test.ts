// Voys / VoIPGRID call notifications: the documented examples parse as documented; bad input is named or ignored.
import { describe, expect, it } from 'vitest';

import { parseVoysNotification } from './voys.js';

import type { VoysParsed } from './voys.js';

/** The `created` example of help.voys.nl (technische specificaties, 2023), verbatim. */
const createdNl = `{
  "call_id": "ua9-grq-prd-1693575683.22973164",
  "timestamp": "2023-09-01T13:41:25.972110+00:00",
  "status": "created",
  "version": "v2",
  "direction": "inbound",
  "caller": {
    "number": "+31507009920",
    "name": "Johan | Voys",
    "account_number": null,
    "user_numbers": [],
    "user_emails": []
  },
  "destination": {
    "number": "+31332022074"
  }
}`;

/** The `created` example of help.voys.co.za (2019), verbatim: no `user_emails` yet. */
const createdZa = `{
   "call_id": "58f1a078416b-1531150397.972",
   "timestamp": "2019-07-20T13:17:39+00:00",
   "status": "created",
   "version": "v2",
   "direction": "inbound",
   "caller": {
       "number": "+31508009008",
       "name": null,
       "account_number": null,
       "user_numbers": []
   },
   "destination": {
       "number": "+31508009000"
   }
}`;

/**
 * The `ringing` example's documented head (call id, timestamp, status, version); its caller and destination parts are
 * [I] (docs/external-systems/pbx.md#voys--voipgrid-call-notifications): the destination names the ringing phone
 * account and its users like `caller` does.
 */
function ringing(destination: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    call_id: '24c562241e9f-1502721212.159',
    timestamp: '2017-07-20T13:17:39+00:00',
    status: 'ringing',
    version: 'v2',
    direction: 'inbound',
    caller: { number: '+31508009008', name: null, account_number: null, user_numbers: [], user_emails: [] },
    destination,
    ...extra,
  });
}

function event(raw: string): Extract<VoysParsed, { kind: 'event' }> {
  const parsed = parseVoysNotification(raw);
  if (!parsed.ok || parsed.value.kind !== 'event') throw new Error(JSON.stringify(parsed));
  return parsed.value;
}

describe('Voys call notifications: the documented examples', () => {
  it('reads the 2023 created example: an inbound call ringing, from the caller to the dialled number', () => {
    const parsed = event(createdNl);
    expect(parsed.step).toBe('created');
    expect(parsed.event).toEqual({
      callId: 'ua9-grq-prd-1693575683.22973164',
      state: 'ringing',
      from: '+31507009920',
      to: '+31332022074',
      extension: null,
      direction: 'in',
      at: '2023-09-01T13:41:25.972Z',
      source: 'voys',
    });
    // The dialled number may be a user's direct line.
    expect(parsed.targets).toEqual({ extensions: [], numbers: ['+31332022074'], emails: [] });
  });

  it('reads the 2019 created example without user_emails', () => {
    const parsed = event(createdZa);
    expect(parsed.event).toMatchObject({ callId: '58f1a078416b-1531150397.972', from: '+31508009008' });
    expect(parsed.event.at).toBe('2019-07-20T13:17:39.000Z');
  });

  it('maps the ringing destination to users by account number, user numbers and e-mail', () => {
    const parsed = event(
      ringing({
        number: '+31508009000',
        account_number: 201,
        user_numbers: ['201', '202', '+31 50 800 9011'],
        user_emails: ['Anna@Kantoor.nl', 'not an address'],
      }),
    );
    expect(parsed.step).toBe('ringing');
    expect(parsed.event.extension).toBe('201');
    expect(parsed.targets).toEqual({
      extensions: ['201', '202'],
      numbers: ['+31508009000', '+31 50 800 9011'],
      emails: ['anna@kantoor.nl'],
    });
  });

  it('also reads the ringing users from destination.target', () => {
    const parsed = event(ringing({ number: '+31508009000', target: { account_number: '203', user_emails: [] } }));
    expect(parsed.targets.extensions).toEqual(['203']);
  });
});

describe('Voys call notifications: the later steps', () => {
  it('reads the answered, transfer and ended steps in every spelling', () => {
    const steps = [
      ['in-progress', 'answered', 'answered'],
      ['answered', 'answered', 'answered'],
      ['warm-transfer', 'transfer', 'answered'],
      ['cold_transfer', 'transfer', 'answered'],
      ['ended', 'ended', 'ended'],
      ['Hangup', 'ended', 'ended'],
    ] as const;
    for (const [status, step, state] of steps) {
      const parsed = event(ringing({ number: '+31508009000' }, { status }));
      expect([parsed.step, parsed.event.state], status).toEqual([step, state]);
    }
  });

  it('takes the caller as the firm side of an outbound call', () => {
    const parsed = event(
      JSON.stringify({
        call_id: 'out-1',
        timestamp: '2025-03-01T09:30:00+01:00',
        status: 'ringing',
        version: 'v2',
        direction: 'outbound',
        caller: { number: '+31508009000', account_number: '204', user_emails: ['bart@kantoor.nl'] },
        destination: { number: '0612345678' },
      }),
    );
    expect(parsed.event).toMatchObject({ direction: 'out', from: '+31508009000', to: '0612345678', extension: '204' });
    expect(parsed.event.at).toBe('2025-03-01T08:30:00.000Z');
    expect(parsed.targets).toEqual({ extensions: ['204'], numbers: [], emails: ['bart@kantoor.nl'] });
  });

  it('keeps a withheld caller as sent (anonymous, null or absent)', () => {
    for (const caller of [{ number: 'anonymous' }, { number: null }, null]) {
      const parsed = event(ringing({ number: '+31508009000' }, { caller }));
      expect(parsed.event.from).toBe(caller?.number ?? '');
    }
  });
});

describe('Voys call notifications: bad input', () => {
  it('ignores an unknown status or version, naming it', () => {
    expect(parseVoysNotification(ringing({}, { status: 'parked' }))).toMatchObject({
      ok: true,
      value: { kind: 'ignored', reason: 'status_unknown', detail: 'parked', callId: '24c562241e9f-1502721212.159' },
    });
    expect(parseVoysNotification(ringing({}, { version: 'v3' }))).toMatchObject({
      ok: true,
      value: { kind: 'ignored', reason: 'version_unsupported', detail: 'v3' },
    });
  });

  it('names a missing or wrong field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ call_id: undefined }, 'call_id'],
      [{ call_id: ' ' }, 'call_id'],
      [{ timestamp: '20-07-2017 13:17' }, 'timestamp'],
      [{ timestamp: '2017-07-20T13:17:39' }, 'timestamp'],
      [{ status: undefined }, 'status'],
      [{ version: 2 }, 'version'],
      [{ direction: 'internal' }, 'direction'],
      [{ caller: { number: 31508009008 } }, 'caller.number'],
      [{ destination: { user_numbers: '201' } }, 'destination.user_numbers'],
    ];
    for (const [extra, field] of cases) {
      const parsed = parseVoysNotification(ringing({ number: '+31508009000' }, extra));
      expect(parsed, field).toMatchObject({ ok: false, error: { code: 'body_invalid', field } });
    }
  });

  it('refuses a body that is not a JSON object', () => {
    expect(parseVoysNotification('call_id=1')).toMatchObject({ ok: false, error: { code: 'body_not_json' } });
    expect(parseVoysNotification('[]')).toMatchObject({ ok: false, error: { code: 'body_invalid' } });
  });
});
