/** Validates what an administrator types to connect AccountView: API key, API secret, Onderneming ID, redirect URI. */
import { err, ok } from '../../core/result.js';

import type { ConnectorError } from '../../core/connector.js';
import type { CodedFieldProblem } from '../../core/field-problem.js';
import type { Result } from '../../core/result.js';
import type { AccountViewOAuthUrls } from './manifest.js';

export type AccountViewSettings = {
  /** API-sleutel = OAuth client_id. */
  readonly apiKey: string;
  /** API-secret = OAuth client_secret. */
  readonly apiSecret: string;
  /** Onderneming ID (a GUID), sent as `x-company`. */
  readonly companyId: string;
  /** crmhub's callback, exactly as registered in AccountView.net. */
  readonly redirectUri: string;
  /** Full authorize/token/issuer URLs replacing the defaults (absent: AccountView.net's own). */
  readonly oauthUrls?: AccountViewOAuthUrls | undefined;
};

const oauthUrlFields = ['authorizeUrl', 'tokenUrl', 'issuer'] as const;

/** The OAuth URLs typed (each an absolute http(s) URL), or the problems naming each bad one. */
function checkOAuthUrls(input: Readonly<Record<string, unknown>>): {
  readonly urls: AccountViewOAuthUrls;
  readonly problems: readonly CodedFieldProblem[];
} {
  const urls: Record<string, string> = {};
  const problems: CodedFieldProblem[] = [];
  for (const name of oauthUrlFields) {
    const value = field(input[name]);
    if (value === null) continue;
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      url = null;
    }
    if (url === null || !/^https?:$/.test(url.protocol)) {
      problems.push({
        field: name,
        code: 'invalid_url',
        message: `${name} must be a full URL such as https://www.accountview.net/...`,
      });
    } else urls[name] = value;
  }
  return { urls, problems };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Accepts the bare GUID, the GUID in braces, or the whole page URL an administrator copies from AccountView.net
 * (`.../ShowCompany.aspx?id=<guid>`, as the seed text says the id is found); returns the lower-case GUID.
 */
export function parseCompanyId(input: string): string | null {
  let value = input.trim();
  if (/^https?:\/\//i.test(value)) {
    try {
      value = new URL(value).searchParams.get('id') ?? '';
    } catch {
      return null;
    }
  }
  value = value.replace(/^\{(.*)\}$/, '$1');
  return GUID.test(value) ? value.toLowerCase() : null;
}

function field(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Checks every field and reports all problems at once, each naming its field (secrets are never echoed). */
export function validateAccountViewSettings(
  input: Readonly<Record<string, unknown>>,
): Result<AccountViewSettings, ConnectorError> {
  const problems: CodedFieldProblem[] = [];
  const apiKey = field(input['apiKey']);
  const apiSecret = field(input['apiSecret']);
  const companyText = field(input['companyId']);
  const redirectUri = field(input['redirectUri']);
  const oauth = checkOAuthUrls(input);

  if (apiKey === null)
    problems.push({ field: 'apiKey', code: 'required', message: 'API key (API-sleutel) is missing' });
  else if (/\s/.test(apiKey) || apiKey.length > 200) {
    problems.push({
      field: 'apiKey',
      code: 'key_malformed',
      message: 'API key (API-sleutel) must be one word without spaces, as AccountView.net shows it',
    });
  }
  if (apiSecret === null) problems.push({ field: 'apiSecret', code: 'required', message: 'API secret is missing' });
  else if (/\s/.test(apiSecret) || apiSecret.length > 500) {
    problems.push({
      field: 'apiSecret',
      code: 'key_malformed',
      message: 'API secret must be one word without spaces (check for a copy-paste error)',
    });
  }
  const companyId = companyText === null ? null : parseCompanyId(companyText);
  if (companyText === null) {
    problems.push({
      field: 'companyId',
      code: 'required',
      message: 'Onderneming ID is missing (AccountView.net > Ondernemingen, the id in the URL)',
    });
  } else if (companyId === null) {
    problems.push({
      field: 'companyId',
      code: 'invalid_guid',
      message: `Onderneming ID '${companyText.slice(0, 80)}' is not a GUID like 43441cb0-926d-4c01-8c34-d1a2dd01ddb6`,
    });
  }
  let redirect: URL | null = null;
  try {
    redirect = redirectUri === null ? null : new URL(redirectUri);
  } catch {
    redirect = null;
  }
  if (redirect === null || !/^https?:$/.test(redirect.protocol)) {
    problems.push({
      field: 'redirectUri',
      code: 'invalid_url',
      message: 'redirect URI must be an absolute http(s) URL registered in AccountView.net',
    });
  }
  problems.push(...oauth.problems);
  if (problems.length > 0 || apiKey === null || apiSecret === null || companyId === null || redirectUri === null) {
    return err({
      code: 'rejected',
      message: `AccountView settings are incomplete: ${problems.map((p) => p.message).join('; ')}.`,
      fieldErrors: problems,
    });
  }
  const oauthUrls = Object.keys(oauth.urls).length === 0 ? {} : { oauthUrls: oauth.urls };
  return ok({ apiKey, apiSecret, companyId, redirectUri, ...oauthUrls });
}
