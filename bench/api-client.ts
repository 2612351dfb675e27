// A logged-in client of crmhub's HTTP API (cookie + CSRF token), and plain JSON calls to a simulator's admin API.
import { loginOverHttp, sessionFetch } from '../test/helpers/api-session.js';

export type ApiClient = {
  /** The body is parsed JSON as sent (callers state the shape they expect, as with fetch's own json()). */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
};

/** Creates the first administrator (fresh database) and logs in as them. */
export async function setupAndLogin(baseUrl: string): Promise<ApiClient> {
  const credentials = { email: 'bench@kantoor.nl', password: 'a long enough bench password' };
  const setup = await fetch(`${baseUrl}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...credentials, name: 'Bench Beheerder' }),
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${String(setup.status)} ${await setup.text()}`);
  const session = await loginOverHttp(baseUrl, credentials);
  return {
    async request(method: string, path: string, body?: unknown) {
      const response = await sessionFetch(`${baseUrl}${path}`, session, method, body);
      const text = await response.text();
      return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
    },
  };
}

/** A JSON call to a simulator's `/__sim/` API; throws on a non-2xx answer. */
export async function simJson(
  base: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    ...(init.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${String(response.status)} ${await response.text()}`);
  return response.json();
}
