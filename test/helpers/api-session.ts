// A session of crmhub's HTTP API over real HTTP: the login cookie and CSRF token, and requests that carry them.

export type ApiSession = { readonly cookie: string; readonly csrfToken: string };

/** Logs in through the real API. */
export async function loginOverHttp(
  baseUrl: string,
  credentials: { readonly email: string; readonly password: string },
): Promise<ApiSession> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (login.status !== 200) throw new Error(`login failed: ${String(login.status)} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/** A request with the session's cookie and CSRF token; a body goes as JSON. */
export function sessionFetch(url: string, session: ApiSession, method: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
