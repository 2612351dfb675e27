/** Validates what an administrator enters to connect Yuki: access key, optional key domain, Visma Connect grant. */
import { err, ok } from '../../core/result.js';
import { parseVismaConnectSettings } from './visma-connect.js';

import type { ConnectorError } from '../../core/connector.js';
import type { CodedFieldProblem } from '../../core/field-problem.js';
import type { Result } from '../../core/result.js';
import type { VismaConnectSettings } from './visma-connect.js';

export type YukiSettings = {
  /** The WebServiceAccessKey (docs/external-systems/yuki.md#sessions). Secret. */
  readonly accessKey: string;
  /**
   * For a key scoped to one domain: calls that name no domain (Authenticate, Domains, Administrations) count against
   * that domain's quota ([I] docs/external-systems/yuki.md#quota). Null for a portal key.
   */
  readonly keyDomainId: string | null;
  /**
   * The Platform API ([I] docs/external-systems/yuki.md#platform-api), reached with a Visma Connect grant
   * ([C] docs/external-systems/yuki.md#visma-connect) whose tokens the app keeps; the client secret is secret.
   */
  readonly platform: { readonly portalId: string; readonly vismaConnect: VismaConnectSettings } | null;
  /** A pasted Platform API token from before Visma Connect is stored: unused, the administrator must reconnect. */
  readonly legacyPlatformToken: boolean;
  /** Calls a day per domain (1,000 by default; 5,000 or 10,000 with Yuki's paid features, docs/external-systems/yuki.md#quota). */
  readonly dailyCallLimit: number | null;
  /** Per-domain overrides of the daily limit. */
  readonly dailyCallLimits: Readonly<Record<string, number>>;
  /** Calls at the end of each day that only high-priority work may spend. */
  readonly lowPriorityReserve: number | null;
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** An optional count (null when absent) of at least `min`; anything else is a problem on its field. */
function wholeNumberOrNull(
  input: Readonly<Record<string, unknown>>,
  field: string,
  min: number,
  bound: string,
  problems: CodedFieldProblem[],
): number | null {
  const raw = input[field];
  const value = raw === undefined || raw === null ? null : Number(raw);
  if (value !== null && (!Number.isInteger(value) || value < min)) {
    problems.push({
      field,
      code: 'not_whole_number',
      params: { min },
      message: `must be a whole number of calls, ${bound}`,
    });
  }
  return value;
}

/** Checks every field and reports all problems at once, each naming its field (secrets are never echoed). */
export function parseYukiSettings(input: Readonly<Record<string, unknown>>): Result<YukiSettings, ConnectorError> {
  const problems: CodedFieldProblem[] = [];
  const accessKey = str(input['accessKey']);
  if (accessKey === null)
    problems.push({ field: 'accessKey', code: 'required', message: 'enter the Yuki web service access key' });
  else if (/\s/.test(accessKey) || accessKey.length < 16) {
    problems.push({
      field: 'accessKey',
      code: 'key_malformed',
      params: { min: 16 },
      message: 'is not a Yuki access key (expected one word of at least 16 characters)',
    });
  }
  const keyDomainId = str(input['keyDomainId']);
  if (keyDomainId !== null && !GUID.test(keyDomainId))
    problems.push({ field: 'keyDomainId', code: 'invalid_guid', message: 'must be a domain GUID' });
  const platform = platformOf(input, problems);
  const dailyCallLimit = wholeNumberOrNull(input, 'dailyCallLimit', 1, 'at least 1', problems);
  const lowPriorityReserve = wholeNumberOrNull(input, 'lowPriorityReserve', 0, '0 or more', problems);
  const limitsRaw = input['dailyCallLimits'];
  const dailyCallLimits: Record<string, number> = {};
  if (limitsRaw !== undefined && limitsRaw !== null) {
    if (typeof limitsRaw !== 'object' || Array.isArray(limitsRaw))
      problems.push({ field: 'dailyCallLimits', code: 'invalid', message: 'must map domain GUIDs to limits' });
    else {
      for (const [domain, n] of Object.entries(limitsRaw)) {
        if (!GUID.test(domain) || !Number.isInteger(n) || (n as number) < 1) {
          problems.push({
            field: `dailyCallLimits.${domain}`,
            code: 'invalid',
            message: 'must map a domain GUID to a whole number ≥ 1',
          });
        } else dailyCallLimits[domain.toLowerCase()] = n as number;
      }
    }
  }
  if (problems.length > 0 || accessKey === null) {
    return err({
      code: 'rejected',
      message: 'The Yuki settings are not complete or not valid.',
      fieldErrors: problems,
    });
  }
  return ok({
    accessKey,
    keyDomainId: keyDomainId?.toLowerCase() ?? null,
    platform,
    legacyPlatformToken: str(input['platformToken']) !== null && platform === null,
    dailyCallLimit,
    dailyCallLimits,
    lowPriorityReserve,
  });
}

/** The Platform API part: a portal id plus the Visma Connect client, both or neither. */
function platformOf(input: Readonly<Record<string, unknown>>, problems: CodedFieldProblem[]): YukiSettings['platform'] {
  const portalId = str(input['portalId']);
  const raw = input['vismaConnect'];
  if (raw === undefined || raw === null) return null;
  if (portalId === null || !GUID.test(portalId)) {
    problems.push({ field: 'portalId', code: 'invalid_guid', message: 'the Platform API needs the portal GUID' });
    return null;
  }
  const baseUrl = typeof input['baseUrl'] === 'string' ? input['baseUrl'] : null;
  const parsed = parseVismaConnectSettings(typeof raw === 'object' ? (raw as Record<string, unknown>) : {}, baseUrl);
  if (!parsed.ok) {
    for (const p of parsed.error.fieldErrors ?? []) problems.push({ ...p, field: `vismaConnect.${p.field}` });
    return null;
  }
  return { portalId: portalId.toLowerCase(), vismaConnect: parsed.value };
}
