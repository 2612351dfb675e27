// Contract test: what the PBX simulator's Voys mode sends is what crmhub's Voys parser reads, step by step.
import { afterEach, describe, expect, it } from 'vitest';

import { startPbxSim } from '../../sims/pbx/sim.js';
import { onDemandCalls } from '../../sims/pbx/testing.js';
import { parseVoysNotification } from './voys.js';

import type { FetchLike } from '../../sims/pbx/emitter.js';
import type { RunningPbxSim, StartPbxSimOptions } from '../../sims/pbx/sim.js';
import type { VoysParsed } from './voys.js';

const TOKEN = 'voys-contract-token';
let sim: RunningPbxSim | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

/** Starts the simulator in Voys mode with a fetch that records every request and answers 200. */
async function voysSim(
  extra: Partial<StartPbxSimOptions> = {},
): Promise<{ requests: { url: string; body: string; headers: Record<string, string> }[] }> {
  const requests: { url: string; body: string; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = (url, init) => {
    requests.push({ url, body: init.body ?? '', headers: init.headers });
    return Promise.resolve({ status: 200, text: () => Promise.resolve('{}') });
  };
  sim = await startPbxSim({
    target: 'http://crmhub.test',
    mode: 'voys',
    token: TOKEN,
    ...onDemandCalls,
    extensions: ['201', '202', '203'],
    fetch,
    ...extra,
  });
  return { requests };
}

function parsed(body: string): Extract<VoysParsed, { kind: 'event' }> {
  const result = parseVoysNotification(body);
  if (!result.ok || result.value.kind !== 'event') throw new Error(`not read: ${body}`);
  return result.value;
}

describe('the PBX simulator in Voys mode', () => {
  it('sends created, ringing per device, in-progress and ended that crmhub reads as one call', async () => {
    const { requests } = await voysSim({ voysRingDevices: 2, voysUserEmails: { '202': 'bart@kantoor.nl' } });
    await sim?.placeCall({ from: '020-123 45 67', extension: '201', direction: 'in', answer: true });
    expect(new Set(requests.map((r) => r.url))).toEqual(new Set([`http://crmhub.test/api/callerid/pbx/${TOKEN}/voys`]));
    expect(requests.every((r) => r.headers['content-type'] === 'application/json')).toBe(true);
    const events = requests.map((r) => parsed(r.body));
    expect(events.map((e) => e.step)).toEqual(['created', 'ringing', 'ringing', 'answered', 'ended']);
    expect(new Set(events.map((e) => e.event.callId)).size).toBe(1);
    expect(events.every((e) => e.event.source === 'voys' && e.event.from === '020-123 45 67')).toBe(true);
    expect(events[0]?.targets).toEqual({ extensions: [], numbers: ['+31 20 760 4000'], emails: [] });
    expect(events[1]?.targets.extensions).toEqual(['201']);
    expect(events[2]?.targets).toMatchObject({ extensions: ['201', '202'], emails: ['bart@kantoor.nl'] });
    // The documented timestamp form, with microseconds and an offset.
    expect(JSON.parse(requests[0]?.body ?? '{}')).toMatchObject({
      version: 'v2',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/) as unknown,
    });
    expect(sim?.calls(1)[0]?.deliveries.every((d) => d.url.includes('/pbx/***/') && d.channel === 'voys')).toBe(true);
  });

  it('can put the ringing users under destination.target and use other status words', async () => {
    const { requests } = await voysSim({
      voysDestinationShape: 'target',
      voysStatuses: { answered: 'answered', ended: 'hangup' },
    });
    await sim?.placeCall({ from: '0612345678', extension: '203', direction: 'in', answer: true });
    const bodies = requests.map((r) => JSON.parse(r.body) as { status: string; destination: unknown });
    expect(bodies.map((b) => b.status)).toEqual(['created', 'ringing', 'answered', 'hangup']);
    expect(bodies[1]?.destination).toMatchObject({ target: { account_number: '203', user_numbers: ['203'] } });
    expect(requests.map((r) => parsed(r.body).event.state)).toEqual(['ringing', 'ringing', 'answered', 'ended']);
  });

  it('sends an outbound call without created, the firm user as the caller', async () => {
    const { requests } = await voysSim();
    await sim?.placeCall({ to: '06 12345678', extension: '202', direction: 'out', answer: false });
    const events = requests.map((r) => parsed(r.body));
    expect(events.map((e) => e.step)).toEqual(['ringing', 'ended']);
    expect(events[0]?.event).toMatchObject({ direction: 'out', to: '06 12345678', extension: '202' });
  });
});
