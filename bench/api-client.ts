// A logged-in client of crmhub's HTTP API (cookie + CSRF token), and plain JSON calls to a simulator's admin API.

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
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (login.status !== 200) throw new Error(`login failed: ${String(login.status)} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    async request(method: string, path: string, body?: unknown) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
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
