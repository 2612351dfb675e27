/** Test support: a connector connected to an AccountView simulator through the real consent flow, counting token calls. */
import {
  beginAccountViewConnect,
  completeAccountViewConnect,
} from '../../src/adapters/accountview/accountview.connector.js';
import { accountViewEndpoints } from '../../src/adapters/accountview/manifest.js';
import { createMemoryTokenStore } from '../../src/adapters/shared/oauth2.js';
import { loopbackOutboundPolicy } from '../../src/adapters/shared/outbound-policy.js';
import { consentInBrowser } from '../../src/sims/accountview/testing.js';

import type { AccountViewDeps } from '../../src/adapters/accountview/accountview.connector.js';
import type { AccountViewSettings } from '../../src/adapters/accountview/settings.js';
import type { ConnectorError, Page } from '../../src/core/connector.js';
import type { Result } from '../../src/core/result.js';
import type { TestAccountViewSim } from '../../src/sims/accountview/testing.js';

export const TEST_REDIRECT = 'https://crmhub.test/oauth/accountview/callback';

export type ConnectedSim = {
  readonly settings: AccountViewSettings;
  readonly deps: AccountViewDeps;
  /** Requests crmhub sent to the token endpoint so far (code exchange and refreshes). */
  tokenRequests(): number;
};

/** Registers an app, consents as the seeded user and exchanges the code; no pageSize, so production's is asked. */
export async function connectToSim(
  sim: TestAccountViewSim,
  clock: () => Date = () => new Date(),
): Promise<ConnectedSim> {
  const app = sim.registerApp([TEST_REDIRECT]);
  const company = sim.companies[0];
  if (company === undefined) throw new Error('no company seeded');
  const settings = {
    apiKey: app.clientId,
    apiSecret: app.clientSecret,
    companyId: company.id,
    redirectUri: TEST_REDIRECT,
  };
  let tokenCalls = 0;
  const counting: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.endsWith('/api/v3/token')) tokenCalls++;
    return fetch(input, init);
  };
  const deps: AccountViewDeps = {
    tokenStore: createMemoryTokenStore(),
    clock,
    endpoints: accountViewEndpoints(sim.url),
    fetch: counting,
    outbound: loopbackOutboundPolicy,
  };
  const pending = await beginAccountViewConnect(settings, deps);
  const callbackUrl = await consentInBrowser(pending.url);
  const done = await completeAccountViewConnect(settings, 'grant', { callbackUrl, pending }, deps);
  if (!done.ok) throw new Error(done.error.message);
  return { settings, deps, tokenRequests: () => tokenCalls };
}

/** Every item of a paged read, or throws with the connector's message. */
export async function collectPages<T>(pages: AsyncIterable<Result<Page<T>, ConnectorError>>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) {
    if (!page.ok) throw new Error(page.error.message);
    items.push(...page.value.items);
  }
  return items;
}
