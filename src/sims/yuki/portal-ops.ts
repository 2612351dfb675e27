/** Yuki SOAP operations on sessions and the portal tree: Authenticate, Domains, Administrations, Companies (docs/external-systems/yuki.md#sessions, #portal-tree). */
import { leaf } from './xml.js';

import type { SimFault } from './envelope.js';
import type { YukiSimOptions } from './options.js';
import type { SimAdministration, SimSession, YukiState } from './state.js';
import type { XEl, XOut } from './xml.js';

export type OpCtx = { readonly state: YukiState; readonly opts: YukiSimOptions; readonly op: XEl };
export type OpOutcome = { ok: true; kids: XOut[] } | { ok: false; fault: SimFault };
export type OpHandler = (ctx: OpCtx) => OpOutcome;

const fault = (message: string, detail?: string): { ok: false; fault: SimFault } => ({
  ok: false,
  fault: detail === undefined ? { code: 'Client', message } : { code: 'Client', message, detail },
});

/** A parameter by its exact name (ASMX is case-sensitive), accepting the documented spelling variants. */
export function param(op: XEl, ...names: string[]): string | undefined {
  for (const n of names) {
    const k = op.kids.find((c) => c.local === n);
    if (k) return k.text;
  }
  return undefined;
}

function quotaFault(ctx: OpCtx): { ok: false; fault: SimFault } {
  return fault(ctx.opts.quotaFaultMessage, ctx.opts.quotaFaultDetail);
}

/** Counts the call against a domain's quota (docs/external-systems/yuki.md#quota); [I] calls outside any domain are not counted. */
function charge(ctx: OpCtx, domainId: string | null): { ok: false; fault: SimFault } | null {
  if (domainId === null) return null;
  return ctx.state.spendCall(domainId).ok ? null : quotaFault(ctx);
}

export type Authed = { ok: true; session: SimSession; domainId: string | null } | { ok: false; fault: SimFault };

/**
 * Validates the session and, when the method takes one, the domain. [I] docs/external-systems/yuki.md#quota: a call
 * counts against the domain it names, else the session's current domain; [I] docs/external-systems/yuki.md#portal-tree: an administration GUID stands for its domain.
 */
export function authed(ctx: OpCtx, withDomain: boolean): Authed {
  const sessionId = param(ctx.op, 'sessionID', 'sessionId') ?? '';
  const session = ctx.state.useSession(sessionId);
  if (!session) return fault(ctx.opts.sessionFaultMessage);
  let domainId: string | null = null;
  if (withDomain) {
    const raw = (param(ctx.op, 'domainID', 'domainId') ?? '').trim();
    const resolved = resolveDomain(ctx, raw);
    if (resolved === null || !ctx.state.reaches(session.scope, resolved)) {
      return fault(
        raw === '' ? 'domainID is required.' : `Domain ${raw} was not found or is not accessible with this session.`,
      );
    }
    domainId = resolved;
  }
  const refused = charge(ctx, domainId ?? session.currentDomainId);
  return refused ?? { ok: true, session, domainId };
}

function resolveDomain(ctx: OpCtx, raw: string): string | null {
  const id = raw.toLowerCase();
  if (ctx.state.domains.has(id)) return id;
  if (ctx.opts.acceptAdministrationIdAsDomain) return ctx.state.administrations.get(id)?.domainId ?? null;
  return null;
}

const result = (method: string, kids: XOut[]): OpOutcome => ({ ok: true, kids: [{ name: `${method}Result`, kids }] });
const textResult = (method: string, value: string): OpOutcome => ({ ok: true, kids: [leaf(`${method}Result`, value)] });

function administrationsInView(ctx: OpCtx, session: SimSession): SimAdministration[] {
  const domains =
    ctx.opts.administrationsScope === 'current_domain'
      ? session.currentDomainId === null
        ? []
        : [session.currentDomainId]
      : ctx.state.domainsIn(session.scope).map((d) => d.id);
  const out: SimAdministration[] = [];
  for (const d of domains) {
    for (const id of ctx.state.adminsByDomain.get(d) ?? []) {
      const a = ctx.state.administrations.get(id);
      if (a) out.push(a);
    }
  }
  return out;
}

function administrationRow(a: SimAdministration, withCode: boolean): XOut {
  const kids = [
    leaf('Name', a.name),
    leaf('AddressLine', a.addressLine),
    leaf('Postcode', a.postcode),
    leaf('City', a.city),
    leaf('Country', a.country),
    leaf('CoCNumber', a.cocNumber),
    leaf('VATNumber', a.vatNumber),
    leaf('StartDate', a.startDate),
    leaf('DomainID', a.domainId),
    leaf('Active', a.active ? 'true' : 'false'),
  ];
  if (withCode) kids.push(leaf('InternalCustomerCode', a.internalCustomerCode));
  return { name: 'Administration', attrs: { ID: a.id }, kids };
}

export const portalOps: Readonly<Record<string, OpHandler>> = {
  Authenticate(ctx) {
    const key = (param(ctx.op, 'accessKey') ?? '').trim();
    const cred = ctx.state.accessKeys.get(key);
    if (!cred) return fault(ctx.opts.accessKeyFaultMessage);
    const refused = charge(ctx, cred.domainId);
    if (refused) return refused;
    return textResult('Authenticate', ctx.state.newSession({ portalId: cred.portalId, domainId: cred.domainId }).id);
  },
  AuthenticateByUserName(ctx) {
    const user = ctx.state.users.get((param(ctx.op, 'userName') ?? '').trim().toLowerCase());
    if (!user || user.password !== (param(ctx.op, 'password') ?? '')) return fault(ctx.opts.userFaultMessage);
    const refused = charge(ctx, user.domainId);
    if (refused) return refused;
    const session = ctx.state.newSession({ portalId: user.portalId, domainId: user.domainId });
    return textResult('AuthenticateByUserName', session.id);
  },
  Domains(ctx) {
    const a = authed(ctx, false);
    if (!a.ok) return a;
    const rows = ctx.state
      .domainsIn(a.session.scope)
      .map((d): XOut => ({ name: 'Domain', attrs: { ID: d.id }, kids: [leaf('Name', d.name), leaf('URL', d.url)] }));
    return result('Domains', [{ name: 'Domains', attrs: { xmlns: '' }, kids: rows }]);
  },
  GetCurrentDomain(ctx) {
    const a = authed(ctx, false);
    if (!a.ok) return a;
    const current = a.session.currentDomainId === null ? undefined : ctx.state.domains.get(a.session.currentDomainId);
    const rows: XOut[] = current
      ? [{ name: 'Domain', attrs: { ID: current.id }, kids: [leaf('Name', current.name)] }]
      : [];
    return result('GetCurrentDomain', [{ name: 'Domains', attrs: { xmlns: '' }, kids: rows }]);
  },
  SetCurrentDomain(ctx) {
    const a = authed(ctx, true);
    if (!a.ok) return a;
    a.session.currentDomainId = a.domainId;
    return { ok: true, kids: [] };
  },
  Administrations(ctx) {
    const a = authed(ctx, false);
    if (!a.ok) return a;
    const rows = administrationsInView(ctx, a.session).map((x) => administrationRow(x, false));
    return result('Administrations', [{ name: 'Administrations', attrs: { xmlns: '' }, kids: rows }]);
  },
  AdministrationsWithInternalCustomerCode(ctx) {
    const a = authed(ctx, false);
    if (!a.ok) return a;
    const rows = administrationsInView(ctx, a.session).map((x) => administrationRow(x, true));
    return result('AdministrationsWithInternalCustomerCode', [
      { name: 'Administrations', attrs: { xmlns: '' }, kids: rows },
    ]);
  },
  AdministrationID(ctx) {
    const a = authed(ctx, false);
    if (!a.ok) return a;
    const name = (param(ctx.op, 'administrationName') ?? '').trim().toLowerCase();
    const found = administrationsInView(ctx, a.session).find((x) => x.name.trim().toLowerCase() === name);
    // [I] docs/external-systems/yuki.md#portal-tree: the text of this fault is not documented.
    if (!found) return fault(`Administration '${param(ctx.op, 'administrationName') ?? ''}' was not found.`);
    return textResult('AdministrationID', found.id);
  },
  Companies(ctx) {
    const a = authed(ctx, false);
    if (!a.ok) return a;
    const rows = administrationsInView(ctx, a.session).map((x): XOut => ({
      name: 'Company',
      attrs: { ID: x.id },
      kids: [leaf('Name', x.name), leaf('Active', x.active ? 'true' : 'false')],
    }));
    return result('Companies', [{ name: 'Companies', attrs: { xmlns: '' }, kids: rows }]);
  },
};
