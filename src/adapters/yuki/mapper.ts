/** Yuki SOAP payloads ⇄ core model: Domains/Administrations/Contacts XML and the UpdateContact xmlDoc. */
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
import type { CodedFieldProblem } from '../../core/field-problem.js';
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

/** Profile keys SOAP `Administrations` has no element for (docs/external-systems/yuki.md#portal-tree): unknown, not empty. */
export const soapUnknownKeys = [
  'mailAddressLine',
  'mailPostcode',
  'mailCity',
  'mailCountry',
  'email',
  'phone',
  'contactFirstName',
  'contactInitials',
  'contactPrefix',
  'contactLastName',
] as const satisfies readonly (keyof AdministrationProfile)[];

/** The profile part SOAP cannot fill: null for every `soapUnknownKeys` key (listed in `unknown`, so never shown as empty). */
const soapUnknownProfile = Object.fromEntries(soapUnknownKeys.map((k) => [k, null])) as Readonly<
  Record<(typeof soapUnknownKeys)[number], null>
>;

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
          kvk: text(childText(a, 'CoCNumber')),
          vat: text(childText(a, 'VATNumber')),
          ...soapUnknownProfile,
        },
        unknown: soapUnknownKeys,
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
      fieldErrors: [{ field: 'id', code: 'invalid_guid', message: 'must be the GUID of an existing Yuki contact' }],
    });
  }
  const fieldErrors: CodedFieldProblem[] = [];
  const kids: XmlNode[] = [
    { name: 'ID', text: id },
    { name: 'Type', text: update.type === 'person' ? '0' : '2' },
  ];
  for (const [field, element] of updateElements) {
    const value = update.fields[field];
    if (value === undefined) continue;
    if (value !== null && findInvalidXmlChar(value) >= 0) {
      fieldErrors.push({
        field,
        code: 'control_character',
        message: 'contains a control character that cannot be sent to Yuki',
      });
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
