/** A client of a simulator's own `/__sim/` admin API (seeding, credentials, settings), for the demo and benchmarks. */

/** One JSON call to a simulator's admin API (an empty answer is null); throws on a non-2xx answer with its body. */
export async function simJson<T = unknown>(
  base: string,
  path: string,
  init: { readonly method?: string; readonly body?: unknown } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const response = await fetch(`${base}${path}`, {
    method,
    ...(init.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`simulator ${method} ${base}${path}: HTTP ${String(response.status)} ${text}`);
  return (text === '' ? null : JSON.parse(text)) as T;
}
