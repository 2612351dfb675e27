/** The SOAP operations the Yuki simulator serves, per service: one table drives both dispatch and the WSDL. */
import { activeFilters, contactTypeFilters, searchOptions, sortOrders } from './contacts.js';

export const YUKI_NS = 'http://www.theyukicompany.com/';
export const CONTACT_NS = 'urn:xmlns:http://www.theyukicompany.com:contact';
export const CONTACTS_NS = 'urn:xmlns:http://www.theyukicompany.com:contacts';
export const CONTACT_RESPONSE_NS = 'urn:xmlns:http://www.theyukicompany.com:contactResponse';

export const services = ['Contact', 'Accounting', 'AccountingInfo', 'Sales', 'Domains'] as const;
export type ServiceName = (typeof services)[number];

/** Enumerations as ASMX publishes them (a .NET enum becomes an xs:string restriction). */
export const enums = {
  SearchOption: searchOptions,
  SortOrder: sortOrders,
  ActiveFilter: activeFilters,
  ContactType: contactTypeFilters,
} as const;
export type EnumName = keyof typeof enums;

export type ParamType = 'string' | 'int' | 'dateTime' | 'any' | EnumName;
export type ParamSpec = { readonly name: string; readonly type: ParamType };
export type OperationSpec = {
  readonly params: readonly ParamSpec[];
  /** `string`: a text `{Op}Result`; `any`: a nested XML document with `xmlns=""`; `none`: an empty response. */
  readonly result: 'string' | 'any' | 'none';
  /** Services exposing the operation; `all` = every service ([C] docs/external-systems/yuki.md#sessions: Authenticate is on every service). */
  readonly services: 'all' | readonly ServiceName[];
};

const session: ParamSpec = { name: 'sessionID', type: 'string' };
const domain: ParamSpec = { name: 'domainID', type: 'string' };
const search: readonly ParamSpec[] = [
  session,
  domain,
  { name: 'searchOption', type: 'SearchOption' },
  { name: 'searchValue', type: 'string' },
  { name: 'sortOrder', type: 'SortOrder' },
  { name: 'modifiedAfter', type: 'dateTime' },
  { name: 'active', type: 'ActiveFilter' },
  { name: 'pageNumber', type: 'int' },
];

// [I] docs/external-systems/yuki.md#portal-tree: the portal methods (Domains, Administrations, ...) are served on every
// service, since clients call Administrations on Accounting.asmx (JVDS) and Domains on a Domains service; contacts only on Contact.asmx.
export const operations: Readonly<Record<string, OperationSpec>> = {
  Authenticate: { params: [{ name: 'accessKey', type: 'string' }], result: 'string', services: 'all' },
  AuthenticateByUserName: {
    params: [
      { name: 'userName', type: 'string' },
      { name: 'password', type: 'string' },
    ],
    result: 'string',
    services: 'all',
  },
  Domains: { params: [session], result: 'any', services: 'all' },
  GetCurrentDomain: { params: [session], result: 'any', services: 'all' },
  SetCurrentDomain: { params: [session, domain], result: 'none', services: 'all' },
  Administrations: { params: [session], result: 'any', services: 'all' },
  AdministrationsWithInternalCustomerCode: { params: [session], result: 'any', services: 'all' },
  AdministrationID: {
    params: [session, { name: 'administrationName', type: 'string' }],
    result: 'string',
    services: 'all',
  },
  Companies: { params: [session], result: 'any', services: 'all' },
  SearchContacts: { params: search, result: 'any', services: ['Contact'] },
  GetSuppliersAndCustomers: {
    params: [...search, { name: 'contactType', type: 'ContactType' }],
    result: 'any',
    services: ['Contact'],
  },
  UpdateContact: { params: [session, domain, { name: 'xmlDoc', type: 'any' }], result: 'any', services: ['Contact'] },
};

export function operationsOf(service: ServiceName): [string, OperationSpec][] {
  return Object.entries(operations).filter(([, op]) => op.services === 'all' || op.services.includes(service));
}

/** Resolves `contact.asmx` (any case) to its service name. */
export function serviceFromFile(file: string): ServiceName | null {
  const m = /^(.+)\.asmx$/i.exec(file);
  if (!m) return null;
  const name = (m[1] ?? '').toLowerCase();
  return services.find((s) => s.toLowerCase() === name) ?? null;
}
