/** Test support: an in-process AccountView simulator on port 0 and a scripted "browser" for the consent step. */
import { createAccountViewSim } from './cli.js';

import type { AccountViewSimOptions } from './options.js';
import type { AccountViewSimApp } from './server.js';
import type { AccountViewState, SimApp, SimClock, SimCompany, SimUser } from './state.js';

export type TestAccountViewSim = AccountViewSimApp & {
  url: string;
  state: AccountViewState;
  options: AccountViewSimOptions;
  /** The seeded admin user (all prerequisites met) and companies. */
  user: SimUser;
  companies: SimCompany[];
  /** Registers an app and adds it as restricted app for the seeded user. */
  registerApp(redirectUris: string[]): SimApp;
  close(): Promise<void>;
};

/** Starts a seeded simulator on a free port. */
export async function startTestAccountViewSim(
  opts: { seed?: number; orgs?: number; extra?: Record<string, string>; clock?: SimClock } = {},
): Promise<TestAccountViewSim> {
  const sim = await createAccountViewSim(
    {
      port: 0,
      seed: opts.seed ?? 42,
      orgs: opts.orgs ?? 25,
      ...(opts.extra === undefined ? {} : { extra: opts.extra }),
    },
    opts.clock === undefined ? {} : { clock: opts.clock },
  );
  const url = await sim.app.listen({ port: 0, host: '127.0.0.1' });
  const user = [...sim.state.users.values()][0];
  if (user === undefined) throw new Error('the seed made no user');
  return {
    ...sim,
    url,
    user,
    companies: [...sim.state.companies.values()],
    registerApp(redirectUris) {
      const app = sim.state.addApp({ redirectUris });
      user.restrictedApps.push(app.clientId);
      return app;
    },
    close: () => sim.app.close(),
  };
}

/**
 * Plays the user's browser on the authorize page: the simulated user approves (or denies) without a form.
 * Returns the callback URL the browser would be sent to; throws with the page text when there is no redirect.
 */
export async function consentInBrowser(
  authorizeUrl: string | URL,
  opts: { decision?: 'approve' | 'deny'; user?: string } = {},
): Promise<URL> {
  const url = new URL(authorizeUrl);
  url.searchParams.set('sim_consent', opts.decision ?? 'approve');
  if (opts.user !== undefined) url.searchParams.set('sim_user', opts.user);
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || location === null) {
    const text = await response.text();
    const message = /<p id="error">([^<]*)<\/p>/.exec(text)?.[1] ?? text.slice(0, 200);
    throw new Error(`authorize page answered ${String(response.status)}: ${message}`);
  }
  return new URL(location);
}
