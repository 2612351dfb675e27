/** A client of a simulator's own `/__sim/` admin API (seeding, credentials, settings), for the demo and benchmarks. */

/** One JSON call to a simulator's admin API; throws on a non-2xx answer. The caller states the shape it expects. */
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
  if (!response.ok) {
    throw new Error(`simulator ${method} ${base}${path}: HTTP ${String(response.status)} ${await response.text()}`);
  }
  return (await response.json()) as T;
}
