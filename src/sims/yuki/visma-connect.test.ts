// The simulator's Visma Connect: code + PKCE, one-hour tokens the Platform API honours, rotation, reuse, consent page.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { testSim } from './testing.js';

import type { TestSim } from './testing.js';

const REDIRECT = 'https://crmhub.test/cb';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

async function client(sim: TestSim): Promise<{ clientId: string; clientSecret: string }> {
  return (await sim.app.inject({ url: '/__sim/visma-connect' })).json();
}

async function code(sim: TestSim, verifier: string): Promise<string> {
  const { clientId } = await client(sim);
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    scope: 'yukiapi:portal:portals:read offline_access',
    state: 's1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const reply = await sim.app.inject({ url: `/connect/authorize?${query.toString()}` });
  expect(reply.statusCode).toBe(302);
  const location = new URL(reply.headers.location ?? '');
  expect(location.searchParams.get('state')).toBe('s1');
  return location.searchParams.get('code') ?? '';
}

async function token(sim: TestSim, fields: Record<string, string>) {
  const { clientId, clientSecret } = await client(sim);
  const payload = new URLSearchParams({ client_id: clientId, client_secret: clientSecret, ...fields }).toString();
  return sim.app.inject({ method: 'POST', url: '/connect/token', headers: form, payload });
}

async function portal(sim: TestSim, access: string): Promise<number> {
  const id = sim.state().portal.id;
  const reply = await sim.app.inject({ url: `/api/v1/portals/${id}`, headers: { authorization: `Bearer ${access}` } });
  return reply.statusCode;
}

describe('Visma Connect (simulated)', () => {
  it('exchanges a code with its PKCE verifier for a one-hour token the Platform API accepts until it expires', async () => {
    const sim = testSim();
    const wrong = await token(sim, {
      grant_type: 'authorization_code',
      code: await code(sim, 'v'.repeat(43)),
      redirect_uri: REDIRECT,
      code_verifier: 'x'.repeat(43),
    });
    expect(wrong.json()).toMatchObject({ error: 'invalid_grant' });
    const ok = await token(sim, {
      grant_type: 'authorization_code',
      code: await code(sim, 'v'.repeat(43)),
      redirect_uri: REDIRECT,
      code_verifier: 'v'.repeat(43),
    });
    const body = ok.json<{ access_token: string; expires_in: number; refresh_token: string }>();
    expect(body.expires_in).toBe(3600);
    expect(await portal(sim, body.access_token)).toBe(200);
    sim.clock.ms += 3600_000;
    expect(await portal(sim, body.access_token)).toBe(401);
  });

  it('rotates refresh tokens; a reused one is refused and ends the grant', async () => {
    const sim = testSim();
    const first = (
      await token(sim, {
        grant_type: 'authorization_code',
        code: await code(sim, 'w'.repeat(43)),
        redirect_uri: REDIRECT,
        code_verifier: 'w'.repeat(43),
      })
    ).json<{ refresh_token: string }>();
    const second = (await token(sim, { grant_type: 'refresh_token', refresh_token: first.refresh_token })).json<{
      refresh_token: string;
      access_token: string;
    }>();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const reused = await token(sim, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reused.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await portal(sim, second.access_token)).toBe(401);
    const after = await token(sim, { grant_type: 'refresh_token', refresh_token: second.refresh_token });
    expect(after.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a wrong secret, and shows a consent page when auto-approve is off', async () => {
    const sim = testSim({ options: { vismaConnectAutoApprove: false } });
    const bad = await sim.app.inject({
      method: 'POST',
      url: '/connect/token',
      headers: form,
      payload: 'grant_type=refresh_token&client_id=x&client_secret=y&refresh_token=z',
    });
    expect(bad.statusCode).toBe(401);
    const { clientId } = await client(sim);
    const page = await sim.app.inject({
      url: `/connect/authorize?response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=yukiapi%3Aportal%3Aportals%3Aread&state=s`,
    });
    expect(page.body).toContain('Allow access to Yuki?');
    const denied = await sim.app.inject({
      method: 'POST',
      url: '/connect/authorize',
      headers: form,
      payload: `response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=yukiapi%3Aportal%3Aportals%3Aread&state=s&decision=deny`,
    });
    expect(new URL(denied.headers.location ?? '').searchParams.get('error')).toBe('access_denied');
  });
});
