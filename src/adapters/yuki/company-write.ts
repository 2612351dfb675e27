/**
 * [I] The ONE place of the assumed company-update call (docs/external-systems/yuki.md#write-modes): Yuki has not
 * published a call that changes an administration's company data. Used only in the opt-in automatic write mode; when
 * Yuki publishes one, this file changes and nothing else.
 */
import { err, ok } from '../../core/result.js';
import { findInvalidXmlChar } from '../shared/soap.js';
import { administrationOfCompany, companyProfile } from './company-read.js';

import type {
  AdministrationProfile,
  AdministrationRef,
  ConnectorError,
  ConnectorResult,
  PortalAdministration,
} from '../../core/connector.js';
import type { CodedFieldProblem } from '../../core/field-problem.js';
import type { Result } from '../../core/result.js';
import type { CompanyProfile } from './company-read.js';

/** One Platform API request on a company: method, path under the API base, JSON body. */
export type CompanyRequest = { readonly method: 'GET' | 'PATCH'; readonly path: string; readonly body?: unknown };
/** Sends a company request for the administration (token and quota are the caller's business). */
export type CompanySend = (request: CompanyRequest) => ConnectorResult<unknown>;

/** [I] The assumed route: the company of an administration is addressed by the administration's GUID. */
const companyPath = (portalId: string, ref: AdministrationRef): string =>
  `/portals/${portalId}/companies/${encodeURIComponent(ref.administrationId)}`;

/** Stands in for the current postal address while a change is only being validated (nothing is sent with it). */
const emptyMailing = { mailAddressLine: null, mailPostcode: null, mailCity: null, mailCountry: null } as const;

const mailFields = ['mailAddressLine', 'mailPostcode', 'mailCity', 'mailCountry'] as const;
type MailField = (typeof mailFields)[number];
/** The current postal address, to complete a change of only some of its fields. */
export type CurrentMailingAddress = Pick<AdministrationProfile, MailField>;

/**
 * True when the changes touch some but not all postal-address fields. `mailingAddress` is written as a whole
 * ([I] docs/external-systems/yuki.md#platform-api: a PATCH replaces it), so the fields not being changed must first be read from Yuki.
 */
export function mailingNeedsCurrent(changes: Partial<AdministrationProfile>): boolean {
  const given = mailFields.filter((f) => changes[f] !== undefined).length;
  return given > 0 && given < mailFields.length;
}

const isCountryCode = (v: string): boolean => /^[A-Za-z]{2}$/.test(v.trim());

/**
 * Profile changes → a PATCH body (only the given fields); the name cannot be cleared. `address` and `contactPerson`
 * are sent partially; `mailingAddress` always whole, completed from `current` (see `mailingNeedsCurrent`), or null
 * when every postal field ends up empty.
 */
export function profilePatch(
  changes: Partial<AdministrationProfile>,
  current: CurrentMailingAddress | null = null,
): Result<Record<string, unknown>, ConnectorError> {
  const fieldErrors: CodedFieldProblem[] = [];
  for (const [field, value] of Object.entries(changes)) {
    if (typeof value === 'string' && findInvalidXmlChar(value) >= 0)
      fieldErrors.push({ field, code: 'control_character', message: 'contains a control character' });
  }
  if (changes.name === null || (typeof changes.name === 'string' && changes.name.trim() === '')) {
    fieldErrors.push({ field: 'name', code: 'required', message: 'the company name cannot be empty' });
  }
  for (const field of ['country', 'mailCountry'] as const) {
    const v = changes[field];
    if (v !== undefined && v !== null && !isCountryCode(v))
      fieldErrors.push({ field, code: 'invalid_country', message: 'must be a two-letter country code such as NL' });
  }
  if (fieldErrors.length > 0)
    return err({ code: 'rejected', message: 'The administration profile is not valid.', fieldErrors });
  if (mailingNeedsCurrent(changes) && current === null) {
    return err({
      code: 'unknown',
      message: 'Changing part of the postal address needs the current one: Yuki replaces it as a whole.',
    });
  }
  const body: Record<string, unknown> = {};
  if (changes.name !== undefined) body['companyName'] = changes.name;
  const address: Record<string, string | null> = {};
  if (changes.addressLine !== undefined) address['addressLine'] = changes.addressLine;
  if (changes.postcode !== undefined) address['postalCode'] = changes.postcode;
  if (changes.city !== undefined) address['city'] = changes.city;
  if (Object.keys(address).length > 0) body['address'] = address;
  if (changes.country !== undefined)
    body['country'] = changes.country === null ? null : changes.country.trim().toUpperCase();
  if (mailFields.some((f) => changes[f] !== undefined)) {
    const mail = (f: MailField): string | null => (changes[f] === undefined ? (current?.[f] ?? null) : changes[f]);
    const country = mail('mailCountry');
    const mailing = {
      addressLine: mail('mailAddressLine'),
      postalCode: mail('mailPostcode'),
      city: mail('mailCity'),
      country: country === null ? null : country.trim().toUpperCase(),
    };
    body['mailingAddress'] = Object.values(mailing).every((v) => v === null) ? null : mailing;
  }
  if (changes.email !== undefined) body['emailAddress'] = changes.email;
  if (changes.phone !== undefined) body['phone'] = changes.phone;
  if (changes.kvk !== undefined) body['cocNumber'] = changes.kvk;
  if (changes.vat !== undefined) body['vatNumber'] = changes.vat;
  const contact: Record<string, string | null> = {};
  if (changes.contactFirstName !== undefined) contact['firstName'] = changes.contactFirstName;
  if (changes.contactInitials !== undefined) contact['initials'] = changes.contactInitials;
  if (changes.contactPrefix !== undefined) contact['middleName'] = changes.contactPrefix;
  if (changes.contactLastName !== undefined) contact['lastName'] = changes.contactLastName;
  if (Object.keys(contact).length > 0) body['contactPerson'] = contact;
  return ok(body);
}

/** The administration as the write answered it: documented Company fields known, VAT and contact person unknown. */
function writtenAdministration(ref: AdministrationRef, body: unknown): Result<PortalAdministration, ConnectorError> {
  const company = companyProfile(body);
  return company.ok
    ? ok(administrationOfCompany(ref, company.value.profile))
    : err({ code: 'transient', message: company.error });
}

/** [I] Reads the company by the administration's GUID, the undocumented read that goes with the write. */
export async function readCompanyForWrite(
  send: CompanySend,
  portalId: string,
  ref: AdministrationRef,
): ConnectorResult<CompanyProfile> {
  const current = await send({ method: 'GET', path: companyPath(portalId, ref) });
  if (!current.ok) return current;
  const read = companyProfile(current.value);
  return read.ok ? ok(read.value.profile) : err({ code: 'transient', message: read.error });
}

/** Writes the changed fields in one PATCH (a partial postal-address change reads the company first, [I]). */
export async function writeCompanyProfile(
  send: CompanySend,
  portalId: string,
  ref: AdministrationRef,
  changes: Partial<AdministrationProfile>,
): ConnectorResult<PortalAdministration> {
  const checked = profilePatch(changes, emptyMailing);
  if (!checked.ok) return checked;
  const path = companyPath(portalId, ref);
  // [I] A PATCH replaces `mailingAddress` as a whole, so changing only some postal fields costs one read first (one
  // more quota call, and only then). A portal edit of the other postal fields between that read and the PATCH would be
  // lost: a window of one round trip (no If-Match, as ETags on the Platform API are not documented).
  let body = checked.value;
  if (mailingNeedsCurrent(changes)) {
    const current = await readCompanyForWrite(send, portalId, ref);
    if (!current.ok) return current;
    const completed = profilePatch(changes, current.value);
    if (!completed.ok) return completed;
    body = completed.value;
  }
  const written = await send({ method: 'PATCH', path, body });
  return written.ok ? writtenAdministration(ref, written.value) : written;
}
