/** The simulated AccountView.net data API: bearer + scope checks, `x-company`, prerequisites, companies and data. */
import { parseDataQuery, QueryCache, runDataQuery } from './query.js';
import { parseUpsertBody, upsertRecord } from './records.js';
import { businessObjects } from './tables.js';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountViewSimOptions, PrerequisiteKind } from './options.js';
import type { AccountViewState, SimCompany, SimGrant, SimUser } from './state.js';
import type { CompanyTables, Row } from './tables.js';

/** The AccountView error object (docs/external-systems/accountview.md#errors-and-limits). */
export function errorObject(message: string): { ErrorType: string; ErrorNumbers: null; ErrorMessage: string } {
  return { ErrorType: 'AccountViewError', ErrorNumbers: null, ErrorMessage: message };
}

function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(errorObject(message));
}

/** The first unmet prerequisite of the seed text, in the order an administrator would set them up. */
export function missingPrerequisite(grant: SimGrant, user: SimUser, company: SimCompany): PrerequisiteKind | null {
  if (!user.restrictedApps.includes(grant.clientId)) return 'restricted_app';
  if (!user.serverAccess) return 'server_access';
  if (user.email === null || user.email.trim() === '') return 'user_email';
  if (!user.groups.some((g) => g.toLowerCase() === 'boekhouding')) return 'group_boekhouding';
  if (!user.administrations.includes(company.id)) return 'user_administration';
  if (company.bookYears.length === 0) return 'book_year';
  if (company.blocked) return 'company_blocked';
  return null;
}

type Caller = { grant: SimGrant; user: SimUser };
type CompanyCall = Caller & { company: SimCompany; tables: CompanyTables };

function authenticate(
  state: AccountViewState,
  request: FastifyRequest,
  reply: FastifyReply,
  scopes: readonly string[],
): Caller | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (match === null) {
    reply.header('www-authenticate', 'Bearer realm="AccountView.net"');
    sendError(reply, 401, 'Er is geen toegangstoken meegestuurd (Authorization: Bearer).');
    return null;
  }
  const token = state.accessTokens.get(match[1] ?? '');
  const grant = token === undefined ? undefined : state.grants.get(token.grantId);
  const user = grant === undefined ? undefined : state.users.get(grant.userId);
  if (token === undefined || grant === undefined || grant.revokedAt !== null || user === undefined) {
    reply.header('www-authenticate', 'Bearer error="invalid_token", error_description="The access token is invalid"');
    sendError(reply, 401, 'Het toegangstoken is ongeldig of ingetrokken.');
    return null;
  }
  if (token.expiresAt <= state.nowMs()) {
    reply.header('www-authenticate', 'Bearer error="invalid_token", error_description="The access token expired"');
    sendError(reply, 401, 'Het toegangstoken is verlopen.');
    return null;
  }
  if (!grant.scope.split(' ').some((s) => scopes.includes(s))) {
    reply.header('www-authenticate', `Bearer error="insufficient_scope", scope="${scopes[0] ?? ''}"`);
    sendError(reply, 403, `Het toegangstoken heeft niet de benodigde scope (${scopes[0] ?? ''}).`);
    return null;
  }
  return { grant, user };
}

/** The caller plus the `x-company` company it may use (all prerequisites met), or null after an error reply. */
function withCompany(
  state: AccountViewState,
  options: AccountViewSimOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  scopes: readonly string[],
): CompanyCall | null {
  const caller = authenticate(state, request, reply, scopes);
  if (caller === null) return null;
  const header = request.headers['x-company'];
  const companyId = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
  if (companyId === '') {
    sendError(
      reply,
      options.missingCompanyStatus,
      'De header x-company ontbreekt; geef het Id van de onderneming mee.',
    );
    return null;
  }
  const company = [...state.companies.values()].find((c) => c.id.toLowerCase() === companyId.toLowerCase());
  const tables = company === undefined ? undefined : state.tablesOf(company.id);
  if (company === undefined || tables === undefined || !company.users.includes(caller.user.id)) {
    sendError(
      reply,
      options.unknownCompanyStatus,
      `Onderneming '${companyId}' is onbekend of niet toegankelijk voor deze gebruiker.`,
    );
    return null;
  }
  const missing = missingPrerequisite(caller.grant, caller.user, company);
  if (missing !== null) {
    sendError(reply, options.prerequisiteStatus, options.prerequisiteMessages[missing]);
    return null;
  }
  return { ...caller, company, tables };
}

function respondRows(options: AccountViewSimOptions, reply: FastifyReply, table: string, rows: Row[]): FastifyReply {
  const only = rows[0];
  const value = options.singleRecordAsObject && rows.length === 1 && only !== undefined ? only : rows;
  return reply.type('application/json; charset=utf-8').send({ [table]: value });
}

export function registerDataRoutes(
  app: FastifyInstance,
  state: AccountViewState,
  options: AccountViewSimOptions,
): void {
  const cache = new QueryCache();

  app.get('/api/v3/companies', (request, reply) => {
    const caller = authenticate(state, request, reply, options.readScopes);
    if (caller === null) return reply;
    return state.companiesOf(caller.user.id).map((c) => ({ Id: c.id, Description: c.description, Code: c.code }));
  });

  app.get('/api/v3/accountviewdata', (request, reply) => {
    const call = withCompany(state, options, request, reply, options.readScopes);
    if (call === null) return reply;
    const parsed = parseDataQuery(request.query as Record<string, unknown>, options);
    if (!parsed.ok) return sendError(reply, options.badRequestStatus, parsed.message);
    const rows = runDataQuery(call.tables, parsed.value, cache, call.company.id);
    return respondRows(options, reply, businessObjects[parsed.value.bo].table, rows);
  });

  app.post('/api/v3/accountviewdata', (request, reply) => {
    const call = withCompany(state, options, request, reply, options.writeScopes);
    if (call === null) return reply;
    const parsed = parseUpsertBody(request.body);
    if (!parsed.ok) return sendError(reply, options.badRequestStatus, parsed.message);
    const written: Row[] = [];
    for (const values of parsed.value.rows) {
      const result = upsertRecord(call.tables, parsed.value.bo, values, {
        now: state.now(),
        timeZone: options.timeZone,
        user: call.user.login.slice(0, 10).toUpperCase(),
      });
      if (!result.ok) return sendError(reply, options.badRequestStatus, result.message);
      written.push(result.value.row);
    }
    state.changed();
    return respondRows(options, reply, businessObjects[parsed.value.bo].table, written);
  });
}
