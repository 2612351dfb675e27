/** Test support: a Yuki Platform API grant from the simulator's Visma Connect, as a browser consent would give it. */
import { createAuthorizationRequest, createMemoryTokenStore, exchangeAuthorizationCode } from '../shared/oauth2.js';
import { loopbackOutboundPolicy } from '../shared/outbound-policy.js';
import { parseVismaConnectSettings, vismaConnectOAuthConfig } from './visma-connect.js';

import type { PlatformGrant, VismaConnectSettings } from './visma-connect.js';

export /** A Platform API grant from the simulator's Visma Connect (auto-approved consent), kept in a memory token store. */
async function simGrant(sim: {
  readonly url: string;
  readonly clock: { readonly ms: number };
}): Promise<{ settings: VismaConnectSettings; grant: PlatformGrant }> {
  const client = (await (await fetch(`${sim.url}/__sim/visma-connect`)).json()) as Record<string, string>;
  const { clientId, clientSecret } = client;
  const settings = parseVismaConnectSettings(
    { clientId, clientSecret, redirectUri: 'https://crmhub.test/cb' },
    sim.url,
  );
  if (!settings.ok) throw new Error(JSON.stringify(settings.error));
  const cfg = vismaConnectOAuthConfig(settings.value, loopbackOutboundPolicy);
  const request = await createAuthorizationRequest(cfg);
  const consent = await fetch(request.url, { redirect: 'manual' });
  const callbackUrl = consent.headers.get('location') ?? '';
  const input = { callbackUrl, expectedState: request.state, codeVerifier: request.codeVerifier };
  const tokens = await exchangeAuthorizationCode(cfg, input, new Date(sim.clock.ms));
  if (!tokens.ok) throw new Error(tokens.error.message);
  const tokenStore = createMemoryTokenStore();
  await tokenStore.save('grant', tokens.value);
  return { settings: settings.value, grant: { tokenStore, grantId: 'grant' } };
}
