// A logged-in client of crmhub's HTTP API (cookie + CSRF token).
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
