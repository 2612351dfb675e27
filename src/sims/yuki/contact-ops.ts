/** Contact.asmx operations: SearchContacts / GetSuppliersAndCustomers (docs/external-systems/yuki.md#search-contacts) and UpdateContact (docs/external-systems/yuki.md#update-contact). */
import { CONTACT_NS, CONTACT_RESPONSE_NS, CONTACTS_NS } from './catalog.js';
import { activeFilters, contactTypeFilters, searchOptions, sortOrders, updateElements } from './contacts.js';
import { dayKey, parseDateTimeParam, usDateTime } from './dates.js';
import { authed, param } from './portal-ops.js';
import { leaf } from './xml.js';

import type { ContactTextField, ContactType, SearchQuery, SimContact, UpsertInput } from './contacts.js';
import type { SimFault } from './envelope.js';
import type { OpCtx, OpHandler, OpOutcome } from './portal-ops.js';
import type { XEl, XOut } from './xml.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const clientFault = (message: string): { ok: false; fault: SimFault } => ({
  ok: false,
  fault: { code: 'Client', message },
});

/** ASMX's message for a value outside an enum, which it reports before the method runs. */
function enumValue<T extends string>(
  values: readonly T[],
  raw: string | undefined,
  typeName: string,
  fallback: T,
): T | SimFault {
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = values.find((x) => x === raw.trim());
  if (v !== undefined) return v;
  return {
    code: 'Client',
    message: `Server was unable to read request. ---> There is an error in XML document. ---> Instance validation error: '${raw}' is not a valid value for ${typeName}.`,
  };
}

const isFault = (v: unknown): v is SimFault => typeof v === 'object' && v !== null && 'code' in v;

function readQuery(ctx: OpCtx, withContactType: boolean): { query: SearchQuery; page: number } | SimFault {
  const op = ctx.op;
  const option = enumValue(searchOptions, param(op, 'searchOption'), 'SearchOption', 'All');
  if (isFault(option)) return option;
  const sort = enumValue(sortOrders, param(op, 'sortOrder'), 'SortOrder', 'Name');
  if (isFault(sort)) return sort;
  // [I] docs/external-systems/yuki.md#search-contacts: a missing `active` means Both.
  const active = enumValue(activeFilters, param(op, 'active'), 'ActiveFilter', 'Both');
  if (isFault(active)) return active;
  const contactType = withContactType
    ? enumValue(contactTypeFilters, param(op, 'contactType'), 'ContactType', 'Both')
    : 'Both';
  if (isFault(contactType)) return contactType;
  // docs/external-systems/yuki.md#search-contacts: `modifiedAfter` is an xs:dateTime; left out it filters nothing, but
  // ASMX refuses it sent empty (`<modifiedAfter/>`), as any text that is not a date.
  const sentAfter = param(op, 'modifiedAfter');
  const rawAfter = (sentAfter ?? '').trim();
  const modifiedAfter = sentAfter === undefined ? null : parseDateTimeParam(rawAfter, ctx.opts.timeZone);
  if (sentAfter !== undefined && modifiedAfter === null) {
    return {
      code: 'Client',
      message: `Server was unable to read request. ---> The string '${rawAfter}' is not a valid AllXsd value.`,
    };
  }
  const rawPage = (param(op, 'pageNumber') ?? '1').trim();
  const page = /^-?\d+$/.test(rawPage) ? Number(rawPage) : NaN;
  if (!Number.isSafeInteger(page) || page < 1) {
    // [I] docs/external-systems/yuki.md#search-contacts: pages are 1-based; page 0 or a non-number is refused rather than guessed.
    return { code: 'Client', message: `pageNumber must be a whole number of 1 or more (got '${rawPage}').` };
  }
  const query: SearchQuery = {
    option,
    value: param(op, 'searchValue') ?? '',
    sort,
    modifiedAfter,
    active,
    contactType,
    caseInsensitive: ctx.opts.searchCaseInsensitive,
  };
  return { query, page };
}

/** One search row in the documented order (docs/external-systems/yuki.md#search-contacts), US-style dates, `EMailWork` with a capital M. */
function contactRow(c: SimContact, ctx: OpCtx, supplierFlags: boolean): XOut {
  const tz = ctx.opts.timeZone;
  const kids: XOut[] = [
    leaf('Type', c.type),
    leaf('HID', String(c.hid)),
    leaf('Code', c.code),
    leaf('Name', c.fullName),
  ];
  if (c.type === 'Person')
    kids.push(leaf('FirstName', c.firstName), leaf('MiddleName', c.middleName), leaf('LastName', c.lastName));
  kids.push(
    leaf('AddressLine_1', c.addressLine1),
    leaf('AddressLine_2', c.addressLine2),
    leaf('Postcode', c.postcode),
    leaf('City', c.city),
    leaf('MailAddressLine_1', c.mailAddressLine1),
    leaf('MailAddressLine_2', c.mailAddressLine2),
    leaf('MailPostcode', c.mailPostcode),
    leaf('MailCity', c.mailCity),
    leaf('Country', c.country),
    leaf('PhoneHome', c.phoneHome),
  );
  // [I] docs/external-systems/yuki.md#search-contacts, docs/external-systems/pbx.md#caller-id-rules: the other phones and the home e-mail, only when set.
  if (ctx.opts.searchExtraFields) {
    if (c.phoneWork !== '') kids.push(leaf('PhoneWork', c.phoneWork));
    if (c.mobileHome !== '') kids.push(leaf('MobileHome', c.mobileHome));
    if (c.mobileWork !== '') kids.push(leaf('MobileWork', c.mobileWork));
  }
  kids.push(leaf('EMailWork', c.emailWork));
  if (ctx.opts.searchExtraFields && c.emailHome !== '') kids.push(leaf('EMailHome', c.emailHome));
  kids.push(
    leaf('Website', c.website),
    leaf('VATNumber', c.vatNumber),
    leaf('CoCNumber', c.cocNumber),
    leaf('IncomeTaxNumber', c.incomeTaxNumber),
    leaf('Created', usDateTime(c.createdAt, tz)),
    leaf('Modified', usDateTime(c.modifiedAt, tz)),
    leaf('MainContactPerson', c.mainContactPerson),
    leaf('Tags', c.tags),
    leaf('BackofficeStatus', c.backofficeStatus),
  );
  if (c.iban !== '') kids.push(leaf('IBAN', c.iban));
  if (c.bic !== '') kids.push(leaf('BIC', c.bic));
  if (supplierFlags)
    kids.push(leaf('IsSupplier', c.isSupplier ? 'True' : 'False'), leaf('IsCustomer', c.isCustomer ? 'True' : 'False'));
  return { name: 'Contact', attrs: { ID: c.id }, kids };
}

function searchOp(method: 'SearchContacts' | 'GetSuppliersAndCustomers'): OpHandler {
  return (ctx) => {
    const a = authed(ctx, true);
    if (!a.ok) return a;
    const q = readQuery(ctx, method === 'GetSuppliersAndCustomers');
    if (isFault(q)) return { ok: false, fault: q };
    const store = a.domainId === null ? undefined : ctx.state.contactsOf(a.domainId);
    const rows = store ? store.search(q.query, q.page) : [];
    const contacts: XOut = {
      name: 'Contacts',
      attrs: { xmlns: '' },
      kids: rows.map((c) => contactRow(c, ctx, method === 'GetSuppliersAndCustomers')),
    };
    return { ok: true, kids: [{ name: `${method}Result`, kids: [contacts] }] };
  };
}

type ParsedContact = { ok: true; input: UpsertInput } | { ok: false; message: string };

function parseType(raw: string | undefined): ContactType | null | 'invalid' {
  const v = (raw ?? '').trim();
  if (v === '') return null;
  if (v === '0' || v.toLowerCase() === 'person') return 'Person';
  if (v === '2' || v.toLowerCase() === 'company') return 'Company';
  return 'invalid';
}

function parseContact(el: XEl, strict: boolean): ParsedContact | SimFault {
  const values: Partial<Record<ContactTextField, string>> = {};
  let id: string | null = null;
  let type: ContactType | null = null;
  for (const k of el.kids) {
    if (k.local === 'ID') {
      const v = k.text.trim();
      if (v !== '' && !GUID.test(v)) return { ok: false, message: `ID '${v}' is not a valid GUID.` };
      id = v === '' ? null : v;
    } else if (k.local === 'Type') {
      const t = parseType(k.text);
      if (t === 'invalid')
        return { ok: false, message: `Type '${k.text}' is not valid: use 0 (Person) or 2 (Company).` };
      type = t;
    } else {
      const field = updateElements[k.local];
      if (field === undefined) {
        if (strict) {
          return {
            code: 'Client',
            message: `The element 'Contact' in namespace '${el.ns}' has invalid child element '${k.local}' in namespace '${k.ns}'.`,
          };
        }
        continue;
      }
      values[field] = k.text;
    }
  }
  return { ok: true, input: { id, type, values } };
}

/** The contacts inside xmlDoc: `<Contact>` (contact namespace) or `<Contacts><Contact>…` (contacts namespace) [I]. */
function contactsOfDoc(ctx: OpCtx): XEl[] | SimFault {
  const doc = ctx.op.kids.find((k) => k.local === 'xmlDoc');
  if (!doc) return { code: 'Client', message: 'xmlDoc is required.' };
  const root = doc.kids[0];
  if (!root) {
    return doc.text.trim() === ''
      ? { code: 'Client', message: 'xmlDoc is empty.' }
      : { code: 'Client', message: 'xmlDoc must contain the contact XML as elements; it was sent as (escaped) text.' };
  }
  const nsOk = root.ns === CONTACT_NS || root.ns === CONTACTS_NS;
  if (root.local === 'Contact' && nsOk) return [root];
  if (root.local === 'Contacts' && nsOk) return root.kids.filter((k) => k.local === 'Contact');
  return {
    code: 'Client',
    message: `xmlDoc root <${root.local} xmlns="${root.ns}"> is not valid: expected Contact in ${CONTACT_NS} or Contacts in ${CONTACTS_NS}.`,
  };
}

const updateContact: OpHandler = (ctx): OpOutcome => {
  const a = authed(ctx, true);
  if (!a.ok) return a;
  const els = contactsOfDoc(ctx);
  if (isFault(els)) return { ok: false, fault: els };
  const store = a.domainId === null ? undefined : ctx.state.contactsOf(a.domainId);
  if (!store) return clientFault('Domain has no contact store.');
  const now = ctx.state.now();
  const outcomes: XOut[] = [];
  for (const el of els) {
    const parsed = parseContact(el, ctx.opts.strictContactElements);
    if (isFault(parsed)) return { ok: false, fault: parsed };
    if (!parsed.ok) {
      outcomes.push(leaf('Failed', parsed.message, { xmlns: '' }));
      continue;
    }
    const r = store.upsert(parsed.input, now);
    ctx.state.onChange();
    // "Succesfully" (sic) as in the documented response (docs/external-systems/yuki.md#update-contact); the create wording is [I].
    if (r.kind === 'updated')
      outcomes.push(leaf('Succeeded', `Succesfully updated Contact ${r.contact.id}`, { xmlns: '' }));
    else if (r.kind === 'created')
      outcomes.push(leaf('Succeeded', `Succesfully created Contact ${r.contact.id}`, { xmlns: '' }));
    else outcomes.push(leaf('Failed', r.message, { xmlns: '' }));
  }
  const response: XOut = {
    name: 'ContactResponse',
    attrs: { xmlns: CONTACT_RESPONSE_NS },
    kids: [leaf('TimeStamp', dayKey(now, ctx.opts.timeZone), { xmlns: '' }), ...outcomes],
  };
  return { ok: true, kids: [{ name: 'UpdateContactResult', kids: [response] }] };
};

export const contactOps: Readonly<Record<string, OpHandler>> = {
  SearchContacts: searchOp('SearchContacts'),
  GetSuppliersAndCustomers: searchOp('GetSuppliersAndCustomers'),
  UpdateContact: updateContact,
};
