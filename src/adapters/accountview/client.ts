/** Raw AccountView.net REST calls (`/companies`, `/accountviewdata`) with bearer + `x-company`; no model mapping. */
import { z } from 'zod';

import { err, ok } from '../../core/result.js';
import { errorMessageOf, mapAccountViewError } from './errors.js';

import type { ConnectorResult } from '../../core/connector.js';
import type { HttpClient } from '../shared/http.js';

export type AccountViewApi = {
  readonly apiBaseUrl: string;
  /** Timeouts, retries with backoff and Retry-After (shared/http.ts). */
  readonly http: HttpClient;
};

export type AccountViewCompany = { readonly id: string; readonly code: string; readonly description: string };

const companiesSchema = z.array(
  z.looseObject({ Id: z.string().min(1), Code: z.string().nullish(), Description: z.string().nullish() }),
);

/** One GET; returns the parsed JSON body, or the mapped error (HTTP status, error object, transport, bad JSON). */
export async function getJson(
  api: AccountViewApi,
  path: string,
  input: { readonly accessToken: string; readonly companyId: string | null; readonly query?: URLSearchParams },
): ConnectorResult<unknown> {
  const query = input.query === undefined ? '' : `?${input.query.toString()}`;
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${input.accessToken}` };
  if (input.companyId !== null) headers['x-company'] = input.companyId;
  const sent = await api.http.request({
    method: 'GET',
    url: `${api.apiBaseUrl.replace(/\/+$/, '')}${path}${query}`,
    headers,
    expectJson: true,
  });
  if (!sent.ok) return sent;
  const response = sent.value;
  const body = response.json ?? null;
  // AV-GO and AV-PHP treat any body with an ErrorMessage as a failure, also with a 2xx status.
  if (response.status < 200 || response.status >= 300 || errorMessageOf(body) !== null) {
    return err(
      mapAccountViewError({
        status: response.status,
        body,
        retryAfterMs: response.retryAfterMs,
        companyId: input.companyId,
      }),
    );
  }
  return ok(body);
}

/** `GET /companies`: the ondernemingen the grant reaches (docs/external-systems/accountview.md#companies). */
export async function fetchCompanies(api: AccountViewApi, accessToken: string): ConnectorResult<AccountViewCompany[]> {
  const result = await getJson(api, '/companies', { accessToken, companyId: null });
  if (!result.ok) return result;
  const parsed = companiesSchema.safeParse(result.value);
  if (!parsed.success) {
    return err({
      code: 'transient',
      message: 'AccountView answered /companies with something other than a list of companies.',
    });
  }
  return ok(parsed.data.map((c) => ({ id: c.Id, code: c.Code ?? '', description: c.Description ?? '' })));
}

/** `GET /accountviewdata`: the rows of `table` in the answer (a single object counts as one row, docs/external-systems/accountview.md#reading-data). */
export async function fetchDataRows(
  api: AccountViewApi,
  accessToken: string,
  companyId: string,
  table: string,
  query: URLSearchParams,
): ConnectorResult<unknown[]> {
  const result = await getJson(api, '/accountviewdata', { accessToken, companyId, query });
  if (!result.ok) return result;
  const body = result.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return err({
      code: 'transient',
      message: 'AccountView answered /accountviewdata with something other than an object.',
    });
  }
  const rows = (body as Record<string, unknown>)[table];
  if (rows === undefined || rows === null) return ok([]);
  return ok(Array.isArray(rows) ? rows : [rows]);
}
