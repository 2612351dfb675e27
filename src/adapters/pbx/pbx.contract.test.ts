// Contract tests: crmhub's PBX webhook parsing against what the in-process PBX simulator really sends.
import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startPbxSim } from '../../sims/pbx/sim.js';
import { onDemandCalls } from '../../sims/pbx/testing.js';
import { pbxErrorStatus } from './errors.js';
import { pbxManifest } from './manifest.js';
import { parseSignedCallEvent, parseUrlTemplateRequest } from './webhook.js';

import type { FastifyInstance } from 'fastify';
import type { CallEvent } from '../../core/model.js';
import type { RunningPbxSim } from '../../sims/pbx/sim.js';
import type { PbxErrorCode } from './errors.js';

const SECRET = 'contract-secret';
const TOKEN = 'contract-token';
const PREFIX = '/api/callerid/pbx/';

let app: FastifyInstance;
let sim: RunningPbxSim;
const events: CallEvent[] = [];
const refusals: PbxErrorCode[] = [];

beforeAll(async () => {
  app = Fastify({ logger: false });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
  // Stand-ins for the routes the app will register, doing exactly what they must: raw body in, CallEvent out.
  app.post(pbxManifest.jsonWebhook.path, (request, reply) => {
    const result = parseSignedCallEvent({
      rawBody: typeof request.body === 'string' ? request.body : '',
      headers: request.headers,
      secret: SECRET,
      nowMs: Date.now(),
    });
    if (!result.ok) {
      refusals.push(result.error.code);
      return reply.code(pbxErrorStatus[result.error.code]).send(result.error);
    }
    events.push(result.value);
    return reply.code(204).send();
  });
  app.get(`${PREFIX}*`, (request, reply) => {
    const rest = (request.raw.url ?? '').slice(PREFIX.length);
    const slash = rest.indexOf('/');
    const result = parseUrlTemplateRequest(
      { token: decodeURIComponent(rest.slice(0, slash)), expectedToken: TOKEN, path: rest.slice(slash) },
      { phone: { defaultCountry: 'NL' } },
    );
    if (!result.ok) {
      refusals.push(result.error.code);
      return reply.code(pbxErrorStatus[result.error.code]).send(result.error);
    }
    events.push(result.value);
    return reply.code(204).send();
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  sim = await startPbxSim({
    target: url,
    mode: 'both',
    secret: SECRET,
    token: TOKEN,
    ...onDemandCalls,
    extensions: ['201', '202'],
    callers: ['020-123 45 67'],
  });
});

afterAll(async () => {
  await sim.close();
  await app.close();
});

beforeEach(() => {
  events.length = 0;
  refusals.length = 0;
});

const bySource = (source: CallEvent['source']): CallEvent[] => events.filter((e) => e.source === source);

describe('PBX simulator → pbx adapter', () => {
  it('turns both channels of an inbound call into the same CallEvents', async () => {
    const call = await sim.placeCall({ from: '+31 (0)20 123 45 67', extension: '202', direction: 'in' });
    expect(refusals).toEqual([]);
    const json = bySource('json');
    const url = bySource('url_template');
    expect(json.map((e) => e.state)).toEqual(['ringing', 'answered', 'ended']);
    expect(url.map((e) => e.state)).toEqual(['ringing', 'answered', 'ended']);
    for (const [i, e] of json.entries()) {
      expect(e).toMatchObject({ callId: call.callId, from: '+31 (0)20 123 45 67', extension: '202', direction: 'in' });
      // Same call, same moment: only `source` and `to` (DID in JSON, extension in the URL) differ.
      expect({ ...url[i], source: 'json', to: e.to }).toEqual(e);
      expect(e.at).toBe(new Date(Math.floor(Date.parse(call.events[i]?.at ?? '') / 1000) * 1000).toISOString());
    }
  });

  it('maps an outbound call with the dialling extension', async () => {
    await sim.placeCall({ direction: 'out', extension: '201', to: '06-12345678' });
    expect(refusals).toEqual([]);
    for (const e of events)
      expect(e).toMatchObject({ direction: 'out', from: '201', to: '06-12345678', extension: '201' });
  });

  it('accepts a withheld caller (empty {callfrom} segment)', async () => {
    await sim.placeCall({ from: '', direction: 'in' });
    expect(refusals).toEqual([]);
    expect(events).toHaveLength(6);
    expect(events.every((e) => e.from === '')).toBe(true);
  });

  it('refuses a wrong signature and a stale timestamp with the precise code', async () => {
    await sim.placeCall({ corrupt: 'signature' });
    await sim.placeCall({ corrupt: 'timestamp' });
    expect(refusals).toEqual([
      ...Array<PbxErrorCode>(3).fill('signature_mismatch'),
      ...Array<PbxErrorCode>(3).fill('timestamp_stale'),
    ]);
    expect(bySource('json')).toEqual([]);
    expect(bySource('url_template')).toHaveLength(6);
  });
});
