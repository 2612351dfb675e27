/** Yuki payloads ⇄ core model: Domains/Administrations/Contacts XML, the UpdateContact xmlDoc, Platform API companies. */
import { z } from 'zod';

import { parsePortalContactId, portalContactFields } from '../../core/connector.js';
import { err, ok } from '../../core/result.js';
import { attr, child, children, childText, findInvalidXmlChar } from '../shared/soap.js';
import { yukiProtocol } from './manifest.js';
import { parseUsDateTime, toLocalDateTime } from './time.js';

import type {
  AdministrationProfile,
  ConnectorError,
  PortalAdministration,
  PortalContact,
  PortalContactField,
  PortalContactId,
  PortalContactQuery,
  PortalContactReceipt,
  PortalContactType,
  PortalContactUpdate,
  PortalDomain,
  PortalSearchField,
} from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { SoapParam, XmlElement, XmlNode } from '../shared/soap.js';

const TZ = yukiProtocol.quota.timeZone;

const text = (v: string | null): string | null => {
  if (v === null) return null;
  const t = v.trim();
  return t === '' ? null : t;
};

/** `DomainsResult` → domains (`<Domains xmlns=""><Domain ID=…><Name/><URL/></Domain></Domains>`, docs/external-systems/yuki.md#portal-tree). */
export function toDomains(result: XmlElement): PortalDomain[] {
  return children(child(result, 'Domains'), 'Domain').flatMap((d) => {
    const id = text(attr(d, 'ID'));
    return id === null
      ? []
      : [{ id: id.toLowerCase(), name: text(childText(d, 'Name')) ?? '', url: text(childText(d, 'URL')) }];
  });
}

/** `AdministrationsResult` → administrations; SOAP has no e-mail, phone, postal address or contact person (docs/external-systems/yuki.md#portal-tree). */
export function toAdministrations(result: XmlElement): PortalAdministration[] {
  return children(child(result, 'Administrations'), 'Administration').flatMap((a) => {
    const id = text(attr(a, 'ID'));
    const domainId = text(childText(a, 'DomainID'));
    if (id === null || domainId === null) return [];
    const name = text(childText(a, 'Name'));
    return [
      {
        id: id.toLowerCase(),
        domainId: domainId.toLowerCase(),
        name: name ?? '',
        active: (childText(a, 'Active') ?? 'true').trim().toLowerCase() !== 'false',
        profile: {
          name,
          addressLine: text(childText(a, 'AddressLine')),
          postcode: text(childText(a, 'Postcode')),
          city: text(childText(a, 'City')),
          country: text(childText(a, 'Country')),
          mailAddressLine: null,
          mailPostcode: null,
          mailCity: null,
          mailCountry: null,
          kvk: text(childText(a, 'CoCNumber')),
          vat: text(childText(a, 'VATNumber')),
          email: null,
          phone: null,
          contactFirstName: null,
          contactInitials: null,
          contactPrefix: null,
          contactLastName: null,
        },
      },
    ];
  });
}

/** Search-result element names; `EMailWork` is spelt with a capital M there (docs/external-systems/yuki.md#search-contacts), `Postcode` without one. */
const searchElements: Readonly<Record<PortalContactField, readonly string[]>> = {
  code: ['Code'],
  name: ['Name', 'FullName'],
  firstName: ['FirstName'],
  middleName: ['MiddleName'],
  lastName: ['LastName'],
  addressLine1: ['AddressLine_1'],
  addressLine2: ['AddressLine_2'],
  postcode: ['Postcode', 'PostCode'],
  city: ['City'],
  country: ['Country'],
  mailAddressLine1: ['MailAddressLine_1'],
  mailAddressLine2: ['MailAddressLine_2'],
  mailPostcode: ['MailPostcode', 'MailPostCode'],
  mailCity: ['MailCity'],
  phoneHome: ['PhoneHome'],
  phoneWork: ['PhoneWork'],
  mobileHome: ['MobileHome'],
  mobileWork: ['MobileWork'],
  emailHome: ['EMailHome', 'EmailHome'],
  emailWork: ['EMailWork', 'EmailWork'],
  website: ['Website'],
  vatNumber: ['VATNumber'],
  cocNumber: ['CoCNumber'],
};

function contactType(raw: string | null): PortalContactType | null {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === 'company' || v === '2') return 'company';
  if (v === 'person' || v === '0') return 'person';
  return null;
}

/** `SearchContactsResult` → contacts; an empty page is `<Contacts />`. */
export function toContacts(result: XmlElement, domainId: string): Result<PortalContact[], string> {
  const out: PortalContact[] = [];
  for (const c of children(child(result, 'Contacts'), 'Contact')) {
    const id = parsePortalContactId(attr(c, 'ID') ?? '');
    if (id === null) return err(`Yuki sent a contact without a valid ID (${attr(c, 'ID') ?? 'none'}).`);
    const type = contactType(childText(c, 'Type'));
    if (type === null) return err(`Yuki sent contact ${id} with an unknown Type '${childText(c, 'Type') ?? ''}'.`);
    const fields = {} as Record<PortalContactField, string | null>;
    for (const f of portalContactFields) {
      const names = searchElements[f];
      const found = names.map((n) => childText(c, n)).find((v) => v !== null);
      fields[f] = text(found ?? null);
    }
    const created = text(childText(c, 'Created'));
    const modified = text(childText(c, 'Modified'));
    const tags = text(childText(c, 'Tags'));
    out.push({
      ...fields,
      id,
      domainId,
      type,
      mainContactPersonId: text(childText(c, 'MainContactPerson'))?.toLowerCase() ?? null,
      tags:
        tags === null
          ? []
          : tags
              .split(',')
              .map((t) => t.trim())
              .filter((t) => t !== ''),
      createdAt: created === null ? null : parseUsDateTime(created, TZ),
      modifiedAt: modified === null ? null : parseUsDateTime(modified, TZ),
    });
  }
  return ok(out);
}

const searchOptionOf: Readonly<Record<PortalSearchField, string>> = {
  all: 'All',
  name: 'Name',
  city: 'City',
  postcode: 'Postcode',
  tag: 'Tag',
  email: 'Email',
  website: 'Website',
  phone: 'Phone',
  code: 'Code',
  cocNumber: 'CoCNumber',
  vatNumber: 'VATNumber',
  bankAccount: 'BankAccount',
};

/** SearchContacts parameters in WSDL order (docs/external-systems/yuki.md#search-contacts); modifiedAfter goes as Amsterdam wall-clock time. */
export function searchParams(input: {
  readonly sessionId: string;
  readonly domainId: string;
  readonly query: PortalContactQuery;
  readonly page: number;
  /** `ID` searches by GUID ([C-client] docs/external-systems/yuki.md#search-contacts). */
  readonly byId?: PortalContactId;
}): SoapParam[] {
  const q = input.query;
  const after = q.modifiedAfter ? toLocalDateTime(new Date(q.modifiedAfter), TZ) : '2000-01-01T00:00:00';
  const active = q.active === 'active' ? 'Active' : q.active === 'inactive' ? 'Inactive' : 'Both';
  return [
    { name: 'sessionID', value: input.sessionId },
    { name: 'domainID', value: input.domainId },
    { name: 'searchOption', value: input.byId === undefined ? searchOptionOf[q.field ?? 'all'] : 'ID' },
    { name: 'searchValue', value: input.byId ?? q.value ?? '' },
    // Modification order keeps paging stable while contacts change; HID breaks ties.
    { name: 'sortOrder', value: 'ModifiedAsc' },
    { name: 'modifiedAfter', value: after },
    { name: 'active', value: active },
    { name: 'pageNumber', value: String(input.page) },
  ];
}

/** UpdateContact element per field, in the order of contact.xsd as clients send it (Y-UC, Y-CS; Website [I]). */
const updateElements: readonly (readonly [PortalContactField, string])[] = [
  ['code', 'Code'],
  ['firstName', 'FirstName'],
  ['middleName', 'MiddleName'],
  ['lastName', 'LastName'],
  ['name', 'FullName'],
  ['addressLine1', 'AddressLine_1'],
  ['addressLine2', 'AddressLine_2'],
  ['postcode', 'PostCode'],
  ['city', 'City'],
  ['mailAddressLine1', 'MailAddressLine_1'],
  ['mailAddressLine2', 'MailAddressLine_2'],
  ['mailPostcode', 'MailPostCode'],
  ['mailCity', 'MailCity'],
  ['country', 'Country'],
  ['phoneHome', 'PhoneHome'],
  ['phoneWork', 'PhoneWork'],
  ['mobileHome', 'MobileHome'],
  ['mobileWork', 'MobileWork'],
  ['emailHome', 'EmailHome'],
  ['emailWork', 'EmailWork'],
  ['vatNumber', 'VATNumber'],
  ['cocNumber', 'CoCNumber'],
  ['website', 'Website'],
];

declare const hasContactId: unique symbol;
/** The UpdateContact xmlDoc; only `toContactXmlDoc` makes one, and it always carries the contact's `<ID>`. */
export type ContactXmlDoc = XmlNode & { readonly [hasContactId]: true };

/**
 * Builds the xmlDoc for one existing contact. Refuses (and nothing is sent) when the ID is not a GUID: without it
 * Yuki matches by Code or name and may create a contact (docs/external-systems/yuki.md#update-contact).
 */
export function toContactXmlDoc(update: PortalContactUpdate): Result<ContactXmlDoc, ConnectorError> {
  const id = parsePortalContactId(typeof update.id === 'string' ? update.id : '');
  if (id === null) {
    return err({
      code: 'rejected',
      message:
        'Refusing to send UpdateContact without a valid contact ID (GUID): Yuki would match by name or create a contact.',
      fieldErrors: [{ field: 'id', message: 'must be the GUID of an existing Yuki contact' }],
    });
  }
  const fieldErrors: { field: string; message: string }[] = [];
  const kids: XmlNode[] = [
    { name: 'ID', text: id },
    { name: 'Type', text: update.type === 'person' ? '0' : '2' },
  ];
  for (const [field, element] of updateElements) {
    const value = update.fields[field];
    if (value === undefined) continue;
    if (value !== null && findInvalidXmlChar(value) >= 0) {
      fieldErrors.push({ field, message: 'contains a control character that cannot be sent to Yuki' });
      continue;
    }
    kids.push({ name: element, text: value ?? '' });
  }
  if (fieldErrors.length > 0)
    return err({ code: 'rejected', message: 'The contact has values Yuki cannot take.', fieldErrors });
  const doc: XmlNode = { name: 'Contact', attrs: { xmlns: yukiProtocol.soap.contactNamespace }, children: kids };
  return ok(doc as ContactXmlDoc);
}

/** Reads `ContactResponse`: Succeeded must name our GUID and say "updated"; anything else is an error (docs/external-systems/yuki.md#update-contact). */
export function toContactReceipt(
  result: XmlElement,
  id: PortalContactId,
): Result<PortalContactReceipt, ConnectorError> {
  const response = child(result, 'ContactResponse');
  const timestamp = text(childText(response, 'TimeStamp'));
  const failed = text(childText(response, 'Failed'));
  if (failed !== null) {
    return err(
      /not (be )?found|unknown|bestaat niet|niet gevonden/i.test(failed)
        ? { code: 'not_found', message: failed }
        : { code: 'rejected', message: failed },
    );
  }
  const succeeded = text(childText(response, 'Succeeded'));
  if (succeeded === null)
    return err({ code: 'unknown', message: 'Yuki answered UpdateContact without Succeeded or Failed.' });
  const named = parsePortalContactId(
    /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(succeeded)?.[1] ?? '',
  );
  if (named !== id || !/updated/i.test(succeeded)) {
    return err({ code: 'unknown', message: `Yuki did not update contact ${id} as asked: "${succeeded}".` });
  }
  return ok({ id, message: succeeded, timestamp });
}

const addressSchema = z.looseObject({
  addressLine: z.string().nullish(),
  postalCode: z.string().nullish(),
  city: z.string().nullish(),
});
const mailingSchema = addressSchema.extend({ country: z.string().nullish() });
// [I] docs/external-systems/yuki.md#platform-api, #crmhub-feature: the contact person of the company; `middleName` is the tussenvoegsel, as in Yuki's contact schema (docs/external-systems/yuki.md#update-contact).
const contactPersonSchema = z.looseObject({
  firstName: z.string().nullish(),
  initials: z.string().nullish(),
  middleName: z.string().nullish(),
  lastName: z.string().nullish(),
});
const companySchema = z.looseObject({
  id: z.string().min(1),
  domainId: z.string().min(1),
  companyName: z.string().nullish(),
  address: addressSchema.nullish(),
  mailingAddress: mailingSchema.nullish(),
  contactPerson: contactPersonSchema.nullish(),
  country: z.string().nullish(),
  emailAddress: z.string().nullish(),
  phone: z.string().nullish(),
  cocNumber: z.string().nullish(),
  vatNumber: z.string().nullish(),
  active: z.boolean().nullish(),
});

const s = (v: string | null | undefined): string | null => text(v ?? null);

/** A Platform API company ([I] docs/external-systems/yuki.md#platform-api) → administration with the full profile. */
export function companyToAdministration(body: unknown): Result<PortalAdministration, string> {
  const parsed = companySchema.safeParse(body);
  if (!parsed.success)
    return err(`Yuki sent a company that is not readable (${parsed.error.issues[0]?.path.join('.') ?? ''}).`);
  const c = parsed.data;
  const name = s(c.companyName);
  return ok({
    id: c.id.toLowerCase(),
    domainId: c.domainId.toLowerCase(),
    name: name ?? '',
    active: c.active ?? true,
    profile: {
      name,
      addressLine: s(c.address?.addressLine),
      postcode: s(c.address?.postalCode),
      city: s(c.address?.city),
      country: s(c.country),
      mailAddressLine: s(c.mailingAddress?.addressLine),
      mailPostcode: s(c.mailingAddress?.postalCode),
      mailCity: s(c.mailingAddress?.city),
      mailCountry: s(c.mailingAddress?.country),
      kvk: s(c.cocNumber),
      vat: s(c.vatNumber),
      email: s(c.emailAddress),
      phone: s(c.phone),
      contactFirstName: s(c.contactPerson?.firstName),
      contactInitials: s(c.contactPerson?.initials),
      contactPrefix: s(c.contactPerson?.middleName),
      contactLastName: s(c.contactPerson?.lastName),
    },
  });
}

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
  const fieldErrors: { field: string; message: string }[] = [];
  for (const [field, value] of Object.entries(changes)) {
    if (typeof value === 'string' && findInvalidXmlChar(value) >= 0)
      fieldErrors.push({ field, message: 'contains a control character' });
  }
  if (changes.name === null || (typeof changes.name === 'string' && changes.name.trim() === '')) {
    fieldErrors.push({ field: 'name', message: 'the company name cannot be empty' });
  }
  for (const field of ['country', 'mailCountry'] as const) {
    const v = changes[field];
    if (v !== undefined && v !== null && !isCountryCode(v))
      fieldErrors.push({ field, message: 'must be a two-letter country code such as NL' });
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
