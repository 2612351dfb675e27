/** Reads a 3CX server-side CRM template and runs its lookup scenario the way 3CX does (docs/external-systems/pbx.md#3cx-template). */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { getCountryCallingCode, isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';

import { err, ok } from '../../core/result.js';

import type { Result } from '../../core/result.js';

export const threeCxTemplateErrorCodes = [
  'xml_invalid',
  'template_invalid',
  'scenario_missing',
  'parameter_missing',
  'variable_unknown',
  'unsupported',
  'network_error',
  'http_error',
  'response_invalid',
] as const;
export type ThreeCxTemplateErrorCode = (typeof threeCxTemplateErrorCodes)[number];
export type ThreeCxTemplateError = { readonly code: ThreeCxTemplateErrorCode; readonly message: string };

const numberPrefixes = ['AsIs', 'Off', 'Plus', 'Zeros'] as const;
export type ThreeCxNumberPrefix = (typeof numberPrefixes)[number];

export type ThreeCxParameter = {
  readonly name: string;
  readonly type: string;
  readonly title: string;
  readonly default: string;
};
export type ThreeCxScenario = {
  readonly id: string;
  readonly type: string;
  readonly request: {
    readonly url: string;
    readonly method: string;
    readonly responseType: string;
    readonly skipIf: string;
    readonly headers: readonly { readonly key: string; readonly value: string }[];
    readonly query: readonly { readonly name: string; readonly value: string }[];
  };
  readonly rules: readonly { readonly type: string; readonly path: string; readonly ethalon: string }[];
  readonly variables: readonly { readonly name: string; readonly path: string }[];
  readonly outputs: {
    readonly allowEmpty: boolean;
    readonly items: readonly { readonly type: string; readonly value: string }[];
  };
};
export type ThreeCxTemplate = {
  readonly name: string;
  readonly country: string;
  readonly version: string;
  readonly number: { readonly prefix: ThreeCxNumberPrefix; readonly maxLength: string };
  readonly maxConcurrentRequests: number;
  readonly parameters: readonly ThreeCxParameter[];
  readonly authentication: { readonly type: string; readonly value: string };
  readonly scenarios: readonly ThreeCxScenario[];
};

// ---------------------------------------------------------------------------------------------------------------
// Parsing: fast-xml-parser gives attributes as `@_Name`, text as `#text`; empty elements (`<Rules />`) come as ''.

const ARRAY_TAGS = new Set(['Parameter', 'Scenario', 'Rule', 'Variable', 'Output', 'Value']);
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

const attr = z.string().optional();
const empty = z.literal('').transform(() => undefined);
/** `<Parent><Child/>…</Parent>` → the child array; `<Parent />` → undefined. */
const container = <T extends z.ZodType>(key: string, item: T) =>
  z
    .union([empty, z.record(z.string(), z.unknown()).pipe(z.object({ [key]: z.array(item).optional() }))])
    .transform((o) => (o === undefined ? undefined : (o[key] as z.infer<T>[] | undefined)));
/** An element with text content; one without attributes arrives as a bare string. */
const withText = <S extends z.ZodRawShape>(shape: S) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? { '#text': v } : v),
    z.object({ '#text': z.string().optional(), ...shape }),
  );

const scenarioSchema = z.object({
  '@_Id': attr,
  '@_Type': attr,
  Request: z.object({
    '@_Url': z.string({ error: 'Request needs a Url attribute' }),
    '@_RequestType': attr,
    '@_ResponseType': attr,
    '@_SkipIf': attr,
    Headers: container('Value', withText({ '@_Key': z.string() })).optional(),
    Query: container('Parameter', z.object({ '@_Name': z.string(), '@_Value': attr })).optional(),
  }),
  Rules: container('Rule', withText({ '@_Type': attr, '@_Ethalon': attr })).optional(),
  Variables: container('Variable', z.object({ '@_Name': z.string(), '@_Path': z.string() })).optional(),
  Outputs: z
    .union([
      empty,
      z.object({
        '@_AllowEmpty': attr,
        Output: z.array(z.object({ '@_Type': z.string(), '@_Value': attr })).optional(),
      }),
    ])
    .optional(),
});

const crmSchema = z.object({
  Crm: z.object(
    {
      '@_Name': attr,
      '@_Country': attr,
      '@_Version': attr,
      Number: z.object({ '@_Prefix': z.enum(numberPrefixes).optional(), '@_MaxLength': attr }).optional(),
      Connection: z.object({ '@_MaxConcurrentRequests': attr }).optional(),
      Parameters: container(
        'Parameter',
        z.object({ '@_Name': z.string(), '@_Type': attr, '@_Title': attr, '@_Default': attr }),
      ).optional(),
      Authentication: z.union([empty, withText({ '@_Type': attr, Value: z.array(z.string()).optional() })]).optional(),
      Scenarios: z.object(
        { Scenario: z.array(scenarioSchema) },
        { error: 'Crm needs a Scenarios element with Scenario children' },
      ),
    },
    { error: 'the root element must be <Crm>' },
  ),
});

/** Parses and checks a 3CX CRM template XML. */
export function parseThreeCxTemplate(xml: string): Result<ThreeCxTemplate, ThreeCxTemplateError> {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the parser alone accepts unbalanced tags
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return err({
      code: 'xml_invalid',
      message: `Not well-formed XML (line ${String(valid.err.line)}): ${valid.err.msg}`,
    });
  }
  const parsed = crmSchema.safeParse(xmlParser.parse(xml));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : issue.path.map(String).join('.');
    return err({
      code: 'template_invalid',
      message: `Invalid 3CX template at ${where || 'root'}: ${issue?.message ?? ''}`,
    });
  }
  const crm = parsed.data.Crm;
  const maxConcurrent = Number(crm.Connection?.['@_MaxConcurrentRequests'] ?? '1');
  return ok({
    name: crm['@_Name'] ?? '',
    country: crm['@_Country'] ?? '',
    version: crm['@_Version'] ?? '',
    number: { prefix: crm.Number?.['@_Prefix'] ?? 'AsIs', maxLength: crm.Number?.['@_MaxLength'] ?? '' },
    maxConcurrentRequests: Number.isInteger(maxConcurrent) && maxConcurrent > 0 ? maxConcurrent : 1,
    parameters: (crm.Parameters ?? []).map((p) => ({
      name: p['@_Name'],
      type: p['@_Type'] ?? 'String',
      title: p['@_Title'] ?? '',
      default: p['@_Default'] ?? '',
    })),
    authentication: {
      type: crm.Authentication?.['@_Type'] ?? 'No',
      value: crm.Authentication?.Value?.[0] ?? '',
    },
    scenarios: crm.Scenarios.Scenario.map((s) => ({
      id: s['@_Id'] ?? '',
      type: s['@_Type'] ?? 'REST',
      request: {
        url: s.Request['@_Url'],
        method: s.Request['@_RequestType'] ?? 'Get',
        responseType: s.Request['@_ResponseType'] ?? 'Json',
        skipIf: s.Request['@_SkipIf'] ?? '',
        headers: (s.Request.Headers ?? []).map((h) => ({ key: h['@_Key'], value: h['#text'] ?? '' })),
        query: (s.Request.Query ?? []).map((q) => ({ name: q['@_Name'], value: q['@_Value'] ?? '' })),
      },
      rules: (s.Rules ?? []).map((r) => ({
        type: r['@_Type'] ?? 'Any',
        path: r['#text'] ?? '',
        ethalon: r['@_Ethalon'] ?? '',
      })),
      variables: (s.Variables ?? []).map((v) => ({ name: v['@_Name'], path: v['@_Path'] })),
      outputs: {
        allowEmpty: (s.Outputs?.['@_AllowEmpty'] ?? 'true').toLowerCase() !== 'false',
        items: (s.Outputs?.Output ?? []).map((o) => ({ type: o['@_Type'], value: o['@_Value'] ?? '' })),
      },
    })),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Number formatting: <Number Prefix MaxLength> turns the caller id into the [Number] variable.

/**
 * Formats a caller number as 3CX does before a lookup (docs/external-systems/pbx.md#3cx-template [C]): `AsIs` unchanged; `Off` without `+`/`00`;
 * `Plus` with `+`; `Zeros` with `00` (a national number gets the template country's calling code); a positive
 * `maxLength` then keeps only the last that many digits (`+123456789`, 6 ⇒ `456789`).
 */
export function formatThreeCxNumber(
  number: string,
  format: { readonly prefix: ThreeCxNumberPrefix; readonly maxLength: number | null; readonly country: string },
): string {
  const trimmed = number.trim();
  const digits = trimmed.replace(/\D/g, '');
  let international: string | null = null;
  if (trimmed.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  else if (digits.startsWith('0') && isSupportedCountry(format.country)) {
    international = `${getCountryCallingCode(format.country)}${digits.slice(1)}`;
  }
  let formatted: string;
  switch (format.prefix) {
    case 'AsIs':
      formatted = trimmed;
      break;
    case 'Off':
      formatted = trimmed.startsWith('+') || digits.startsWith('00') ? (international ?? digits) : digits;
      break;
    case 'Plus':
      formatted = international === null ? digits : `+${international}`;
      break;
    case 'Zeros':
      formatted = international === null ? digits : `00${international}`;
      break;
  }
  if (format.maxLength !== null && format.maxLength > 0) {
    const all = formatted.replace(/\D/g, '');
    return all.slice(-format.maxLength);
  }
  return formatted;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON paths as 3CX reads them: `a.b`, numeric segments index arrays (`contacts.0.id`), and a name applied to an
// array reads it from every element (`contacts.id` ⇒ one value per contact).

/** Every value a 3CX variable/rule path selects in a JSON document. */
export function resolveThreeCxPath(json: unknown, path: string): unknown[] {
  let values: unknown[] = [json];
  for (const segment of path.split('.').filter((s) => s !== '')) {
    const next: unknown[] = [];
    const step = (value: unknown): void => {
      if (Array.isArray(value)) {
        if (/^\d+$/.test(segment)) {
          const item: unknown = value[Number(segment)];
          if (item !== undefined) next.push(item);
        } else {
          for (const item of value) step(item);
        }
      } else if (typeof value === 'object' && value !== null && Object.hasOwn(value, segment)) {
        next.push((value as Record<string, unknown>)[segment]);
      }
    };
    for (const value of values) step(value);
    values = next;
  }
  return values;
}

function isPresent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'string') return value !== '';
  return true;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Running the lookup scenario.

/** The part of `fetch` the interpreter needs (global fetch fits). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string> },
) => Promise<{ status: number; text(): Promise<string> }>;

export type ThreeCxLookupInput = {
  /** The caller number as 3CX received it. */
  readonly number: string;
  /** Values the 3CX admin entered for the template's parameters (missing ones take the template default). */
  readonly parameters: Readonly<Record<string, string>>;
  readonly fetch: FetchLike;
  /** Scenario to run; '' (default) is the phone-number lookup. */
  readonly scenarioId?: string;
  /**
   * [I] docs/external-systems/pbx.md#3cx-template: whether 3CX percent-encodes variables it puts into a URL. Default true; with false a `+` in
   * `[Number]` reaches the server as a space (the lookup endpoint tolerates both).
   */
  readonly encodeUrlVariables?: boolean;
};

export type ThreeCxLookupOutcome = {
  /** The request as sent, with Password parameters masked. */
  readonly request: { readonly method: string; readonly url: string };
  /** The `[Number]` value after Prefix/MaxLength formatting. */
  readonly number: string;
  readonly status: number;
  /** True when every rule passed (3CX then shows the contacts). */
  readonly matched: boolean;
  /** One record per contact, keyed by output type (ContactID, FirstName, …). */
  readonly contacts: readonly Readonly<Record<string, string>>[];
};

const VARIABLE = /\[([A-Za-z_][A-Za-z0-9_]*)\]/g;

function substitute(
  text: string,
  values: ReadonlyMap<string, string>,
  encode: boolean,
): Result<string, ThreeCxTemplateError> {
  const unknown = [...text.matchAll(VARIABLE)].map((m) => m[1] ?? '').find((name) => !values.has(name));
  if (unknown !== undefined) {
    return err({
      code: 'variable_unknown',
      message: `The template uses [${unknown}], which is neither a parameter nor a variable.`,
    });
  }
  return ok(
    text.replace(VARIABLE, (_whole, name: string) => {
      const value = values.get(name) ?? '';
      return encode ? encodeURIComponent(value) : value;
    }),
  );
}

function mask(text: string, secrets: readonly string[]): string {
  return secrets.reduce(
    (acc, s) => (s === '' ? acc : acc.split(s).join('***').split(encodeURIComponent(s)).join('***')),
    text,
  );
}

type LookupResult<T> = Result<T, ThreeCxTemplateError>;

/** The scenario to run, if it is one this runner supports (a REST GET answered with JSON, no SkipIf). */
function supportedScenario(template: ThreeCxTemplate, scenarioId: string): LookupResult<ThreeCxScenario> {
  const scenario = template.scenarios.find((s) => s.id === scenarioId);
  if (scenario === undefined) {
    return err({ code: 'scenario_missing', message: `The template has no scenario with Id="${scenarioId}".` });
  }
  if (scenario.type !== 'REST' || scenario.request.method.toLowerCase() !== 'get') {
    return err({
      code: 'unsupported',
      message: `Only REST scenarios with RequestType="Get" are supported, not ${scenario.type}/${scenario.request.method}.`,
    });
  }
  if (scenario.request.responseType.toLowerCase() !== 'json') {
    return err({
      code: 'unsupported',
      message: `Only ResponseType="Json" is supported, not ${scenario.request.responseType}.`,
    });
  }
  if (scenario.request.skipIf.trim() !== '') {
    return err({ code: 'unsupported', message: 'SkipIf expressions are not supported in lookup scenarios.' });
  }
  return ok(scenario);
}

type Variables = { readonly values: Map<string, string>; readonly secrets: readonly string[] };

/** The template parameters' values (Password ones also kept as secrets to mask) plus the formatted `[Number]`. */
function lookupVariables(
  template: ThreeCxTemplate,
  input: ThreeCxLookupInput,
): LookupResult<Variables & { readonly number: string }> {
  const values = new Map<string, string>();
  const secrets: string[] = [];
  for (const parameter of template.parameters) {
    const value = input.parameters[parameter.name] ?? parameter.default;
    if (value === '') {
      return err({
        code: 'parameter_missing',
        message: `Template parameter ${parameter.name} ("${parameter.title}") has no value.`,
      });
    }
    values.set(parameter.name, value);
    if (parameter.type.toLowerCase() === 'password') secrets.push(value);
  }
  const maxLengthText = substitute(template.number.maxLength, values, false);
  if (!maxLengthText.ok) return maxLengthText;
  const maxLength = maxLengthText.value.trim() === '' ? null : Number(maxLengthText.value);
  if (maxLength !== null && !Number.isInteger(maxLength)) {
    return err({
      code: 'template_invalid',
      message: `Number MaxLength must be empty or a whole number, got "${maxLengthText.value}".`,
    });
  }
  const number = formatThreeCxNumber(input.number, {
    prefix: template.number.prefix,
    maxLength,
    country: template.country,
  });
  values.set('Number', number);
  return ok({ values, secrets, number });
}

/** The lookup URL with the scenario's address and query values filled in. */
function lookupUrl(scenario: ThreeCxScenario, { values, secrets }: Variables, encode: boolean): LookupResult<URL> {
  // Values go into the address as they are (ServerUrl is a whole base URL); those in the query string are
  // percent-encoded unless the caller models a 3CX that does not encode them.
  const [base = '', ...rest] = scenario.request.url.split('?');
  const baseResult = substitute(base, values, false);
  if (!baseResult.ok) return baseResult;
  const queryResult = substitute(rest.join('?'), values, encode);
  if (!queryResult.ok) return queryResult;
  const address = rest.length === 0 ? baseResult.value : `${baseResult.value}?${queryResult.value}`;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return err({
      code: 'template_invalid',
      message: `The lookup URL "${mask(address, secrets)}" is not a valid absolute URL.`,
    });
  }
  for (const q of scenario.request.query) {
    const v = substitute(q.value, values, false);
    if (!v.ok) return v;
    url.searchParams.append(q.name, v.value);
  }
  return ok(url);
}

/** The request headers: the template's authentication, then the scenario's own headers. */
function lookupHeaders(
  template: ThreeCxTemplate,
  scenario: ThreeCxScenario,
  values: ReadonlyMap<string, string>,
): LookupResult<Record<string, string>> {
  const headers: Record<string, string> = {};
  if (template.authentication.type === 'Basic') {
    const credentials = substitute(template.authentication.value, values, false);
    if (!credentials.ok) return credentials;
    headers['Authorization'] = `Basic ${Buffer.from(credentials.value, 'utf8').toString('base64')}`;
  } else if (template.authentication.type !== 'No') {
    return err({
      code: 'unsupported',
      message: `Authentication Type="${template.authentication.type}" is not supported.`,
    });
  }
  for (const h of scenario.request.headers) {
    const v = substitute(h.value, values, false);
    if (!v.ok) return v;
    headers[h.key] = v.value;
  }
  return ok(headers);
}

/** GETs the lookup URL and reads a 2xx JSON answer; `shownUrl` is the masked URL errors may show. */
async function getJson(
  fetch: FetchLike,
  url: URL,
  headers: Record<string, string>,
  shownUrl: string,
  secrets: readonly string[],
): Promise<LookupResult<{ status: number; json: unknown }>> {
  let status: number;
  let body: string;
  try {
    const response = await fetch(url.toString(), { method: 'GET', headers });
    status = response.status;
    body = await response.text();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return err({ code: 'network_error', message: `GET ${shownUrl} failed: ${mask(reason, secrets)}` });
  }
  if (status < 200 || status > 299) {
    return err({ code: 'http_error', message: `GET ${shownUrl} answered HTTP ${String(status)}.` });
  }
  try {
    return ok({ status, json: JSON.parse(body) as unknown });
  } catch {
    return err({ code: 'response_invalid', message: `GET ${shownUrl} did not answer with JSON.` });
  }
}

function rulesMatch(scenario: ThreeCxScenario, json: unknown): boolean {
  return scenario.rules.every((rule) => {
    const found = resolveThreeCxPath(json, rule.path);
    const candidates = rule.ethalon === '' ? found : found.filter((v) => asText(v) === rule.ethalon);
    if (rule.type === 'Number')
      return candidates.some((v) => asText(v).trim() !== '' && !Number.isNaN(Number(asText(v))));
    return candidates.some(isPresent);
  });
}

/** One contact per row of the scenario's variables (a single value repeats on every row), mapped to outputs. */
function mapContacts(
  scenario: ThreeCxScenario,
  json: unknown,
  values: ReadonlyMap<string, string>,
): LookupResult<Record<string, string>[]> {
  const columns = scenario.variables.map((v) => ({
    name: v.name,
    values: resolveThreeCxPath(json, v.path)
      .flatMap((x): unknown[] => (Array.isArray(x) ? (x as unknown[]) : [x]))
      .map(asText),
  }));
  const rows = Math.max(1, ...columns.map((c) => c.values.length));
  const contacts: Record<string, string>[] = [];
  for (let i = 0; i < rows; i++) {
    const rowValues = new Map(values);
    for (const column of columns) {
      rowValues.set(column.name, column.values[i] ?? (column.values.length === 1 ? (column.values[0] ?? '') : ''));
    }
    const contact: Record<string, string> = {};
    for (const output of scenario.outputs.items) {
      const v = substitute(output.value, rowValues, false);
      if (!v.ok) return v;
      if (v.value !== '' || scenario.outputs.allowEmpty) contact[output.type] = v.value;
    }
    if (Object.values(contact).some((v) => v !== '')) contacts.push(contact);
  }
  return ok(contacts);
}

/** Runs the template's lookup scenario for a caller number: format, build the request, GET, check rules, map outputs. */
export async function runThreeCxLookup(
  template: ThreeCxTemplate,
  input: ThreeCxLookupInput,
): Promise<Result<ThreeCxLookupOutcome, ThreeCxTemplateError>> {
  const scenario = supportedScenario(template, input.scenarioId ?? '');
  if (!scenario.ok) return scenario;
  const variables = lookupVariables(template, input);
  if (!variables.ok) return variables;
  const { values, secrets, number } = variables.value;
  const url = lookupUrl(scenario.value, variables.value, input.encodeUrlVariables ?? true);
  if (!url.ok) return url;
  const headers = lookupHeaders(template, scenario.value, values);
  if (!headers.ok) return headers;

  const request = { method: 'GET', url: mask(url.value.toString(), secrets) };
  const answer = await getJson(input.fetch, url.value, headers.value, request.url, secrets);
  if (!answer.ok) return answer;
  const { status, json } = answer.value;
  const matched = rulesMatch(scenario.value, json);
  if (!matched) return ok({ request, number, status, matched, contacts: [] });
  const contacts = mapContacts(scenario.value, json, values);
  if (!contacts.ok) return contacts;
  return ok({ request, number, status, matched, contacts: contacts.value });
}
