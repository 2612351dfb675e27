/** Raw Simplicate v2 REST calls (no mapping): list with offset/limit/filters and get by id, errors mapped (docs/external-systems/simplicate.md). */
import { err, ok } from '../../core/result.js';
import { createHttpClient } from '../shared/http.js';
import { mapSimplicateError } from './errors.js';

import type { ConnectorError } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { HttpOptions } from '../shared/http.js';

export type SimplicateResource = 'crm/organization' | 'crm/person' | 'crm/contactperson';

export type SimplicateClientConfig = {
  /** Environment URL, already normalised (see normalizeSimplicateBaseUrl). */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  http?: HttpOptions;
};

export type ListParams = {
  offset?: number;
  limit?: number;
  /** `q[...]` filters as [key, value] pairs, e.g. ['q[updated_at][ge]', '2024-05-01 00:00:00']. */
  filters?: readonly (readonly [string, string])[];
  sort?: string;
  select?: string;
  metadata?: string;
};

export type ListPage = { readonly data: readonly unknown[]; readonly count: number | null };

export type SimplicateClient = {
  list(resource: SimplicateResource, params: ListParams): Promise<Result<ListPage, ConnectorError>>;
  get(resource: SimplicateResource, id: string): Promise<Result<unknown, ConnectorError>>;
};

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Turns what a user types (`firm`, `firm.simplicate.nl`, `https://firm.simplicate.nl/api/v2/`) into
 * `https://firm.simplicate.nl`. Plain http is allowed only for local simulators.
 */
export function normalizeSimplicateBaseUrl(input: string): Result<string, ConnectorError> {
  const reject = (message: string): Result<string, ConnectorError> =>
    err({ code: 'rejected', message, fieldErrors: [{ field: 'baseUrl', code: 'invalid_url', message }] });
  let text = input.trim();
  if (text === '') return reject('Enter the Simplicate environment URL, e.g. https://yourfirm.simplicate.nl');
  if (/^[a-z0-9-]+$/i.test(text)) text = `${text}.simplicate.nl`;
  if (!/^[a-z]+:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return reject(`"${input}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) {
    return reject('The Simplicate environment URL must start with https://');
  }
  if (url.username !== '' || url.password !== '')
    return reject('The environment URL must not contain a user name or password');
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  return ok(`${url.protocol}//${url.host}${path}`);
}

export function createSimplicateClient(config: SimplicateClientConfig): SimplicateClient {
  const http = createHttpClient({ systemName: 'Simplicate', ...config.http });
  const headers = {
    'Authentication-Key': config.apiKey,
    'Authentication-Secret': config.apiSecret,
    Accept: 'application/json',
  };
  const call = async (
    path: string,
    query: URLSearchParams,
  ): Promise<Result<Record<string, unknown>, ConnectorError>> => {
    const qs = query.toString();
    const res = await http.request({
      method: 'GET',
      url: `${config.baseUrl}/api/v2/${path}${qs === '' ? '' : `?${qs}`}`,
      headers,
      expectJson: true,
    });
    if (!res.ok) return res;
    const { status, json, retryAfterMs } = res.value;
    if (status < 200 || status >= 300) return err(mapSimplicateError(status, json, retryAfterMs));
    if (typeof json !== 'object' || json === null || !('data' in json)) {
      return err({
        code: 'transient',
        message: 'Simplicate answered without the expected {"data": …} envelope',
        network: 'malformed_response',
      });
    }
    return ok(json as Record<string, unknown>);
  };
  return {
    async list(resource, params) {
      const query = new URLSearchParams();
      if (params.offset !== undefined) query.set('offset', String(params.offset));
      if (params.limit !== undefined) query.set('limit', String(params.limit));
      if (params.sort !== undefined) query.set('sort', params.sort);
      if (params.select !== undefined) query.set('select', params.select);
      if (params.metadata !== undefined) query.set('metadata', params.metadata);
      for (const [key, value] of params.filters ?? []) query.append(key, value);
      const res = await call(resource, query);
      if (!res.ok) return res;
      const data = res.value['data'];
      if (!Array.isArray(data)) {
        return err({
          code: 'transient',
          message: 'Simplicate sent a list without a data array',
          network: 'malformed_response',
        });
      }
      const metadata = res.value['metadata'];
      const count =
        typeof metadata === 'object' && metadata !== null && 'count' in metadata && typeof metadata.count === 'number'
          ? metadata.count
          : null;
      return ok({ data: data as unknown[], count });
    },
    async get(resource, id) {
      const res = await call(`${resource}/${encodeURIComponent(id)}`, new URLSearchParams());
      return res.ok ? ok(res.value['data']) : res;
    },
  };
}
