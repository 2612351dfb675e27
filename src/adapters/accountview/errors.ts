/** AccountView responses → ConnectorError: the error object (docs/external-systems/accountview.md#errors-and-limits), HTTP status, and the seed text's prerequisites. */
import { withSystemSaid } from '../../core/connector.js';

import type { ConnectorError, ConnectorReason } from '../../core/connector.js';

/** `{"ErrorType": "AccountViewError", "ErrorNumbers": null, "ErrorMessage": "..."}` (docs/external-systems/accountview.md#errors-and-limits). */
export type AccountViewErrorBody = {
  readonly ErrorType?: unknown;
  readonly ErrorNumbers?: unknown;
  readonly ErrorMessage?: unknown;
};

/** The AccountView message of a body, when it is an error object with a non-empty ErrorMessage (AV-PHP's test). */
export function errorMessageOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const message = (body as AccountViewErrorBody).ErrorMessage;
  return typeof message === 'string' && message.trim() !== '' ? message.trim() : null;
}

const USERS = 'AccountView desktop client: Document > Stamgegevens systeem > Gebruikers, select the user and press F6';

/**
 * The prerequisites of the seed text ("Visma Accountview ... Configuration"), each with words AccountView's message
 * may contain and where an administrator fixes it. The real wording is unverified (docs/external-systems/accountview.md#open-questions), so matching is by keyword.
 */
export const prerequisites = [
  {
    kind: 'restricted_app' satisfies ConnectorReason,
    pattern: /beperkt toegankelijke app|restricted app|applicatie.*niet.*toegevoegd|app.*not.*added/i,
    what: 'the crmhub app is not added for this AccountView user as a restricted app',
    fix: `${USERS}, then Zoeken > Accountview.Net-apps > Bewerken > Beperkt toegankelijke app toevoegen, and enter the API key`,
  },
  {
    kind: 'server_access' satisfies ConnectorReason,
    pattern: /server-?limitatie|server access|backoffice/i,
    what: 'back-office server access is not allowed for this AccountView user',
    fix: `${USERS}, then Bewerken > Backoffice server-limitatie voor deze gebruiker toestaan (enter the user's password)`,
  },
  {
    kind: 'group_boekhouding' satisfies ConnectorReason,
    pattern: /boekhouding|gebruikersgroep|user group/i,
    what: 'the AccountView user is not in the user group Boekhouding',
    fix: `${USERS}, then Gebruikersgroepen: add the user to the group Boekhouding`,
  },
  {
    kind: 'book_year' satisfies ConnectorReason,
    pattern: /boekjaar|book ?year|fiscal year/i,
    what: 'the onderneming has no book year (boekjaar)',
    fix: 'AccountView desktop client: Document > Stamgegevens systeem > Ondernemingen, open the onderneming and add the boekjaar',
  },
  {
    kind: 'company_blocked' satisfies ConnectorReason,
    pattern: /geblokkeerd|\bBLK\b|blocked/i,
    what: 'the onderneming is blocked (BLK)',
    fix: 'AccountView desktop client: Document > Stamgegevens systeem > Ondernemingen, open the onderneming and uncheck BLK',
  },
  {
    kind: 'user_email' satisfies ConnectorReason,
    pattern: /e-?mail/i,
    what: 'the AccountView user has no e-mail address',
    fix: `${USERS}, then enter an e-mail address (the same as the user's login) and click OK`,
  },
  {
    kind: 'user_administration' satisfies ConnectorReason,
    pattern: /administratie|administration/i,
    what: "the onderneming's administration is not entered for this AccountView user",
    fix: `${USERS}, then enter the Administratie for the user and click OK`,
  },
] as const;
export type PrerequisiteKind = (typeof prerequisites)[number]['kind'];

/** Which prerequisite an AccountView message is about; null when it names none. */
export function prerequisiteOf(message: string): PrerequisiteKind | null {
  return prerequisites.find((p) => p.pattern.test(message))?.kind ?? null;
}

/** True when AccountView refused the `x-company` value (unknown or not reachable for this user). */
function isCompanyRefusal(message: string): boolean {
  return /x-company|onderneming.*(onbekend|niet toegankelijk)|unknown company|company.*not found/i.test(message);
}

type FailedResponse = {
  readonly status: number;
  readonly body: unknown;
  /** Parsed Retry-After (shared/http.ts). */
  readonly retryAfterMs: number | undefined;
  readonly companyId: string | null;
};

/** Maps one failed AccountView API response (or a 2xx carrying an error object), keeping its ErrorMessage as `systemSaid`. */
export function mapAccountViewError(input: FailedResponse): ConnectorError {
  const error = errorOfResponse(input);
  return input.status >= 500 ? error : withSystemSaid(error, errorMessageOf(input.body));
}

function errorOfResponse(input: FailedResponse): ConnectorError {
  const message = errorMessageOf(input.body);
  const said = message === null ? '' : ` AccountView said: "${message}"`;
  if (input.status === 429) {
    return {
      code: 'rate_limited',
      message: `AccountView is limiting requests (HTTP 429).${said}`,
      ...(input.retryAfterMs === undefined ? {} : { retryAfterMs: input.retryAfterMs }),
    };
  }
  if (input.status >= 500) {
    return {
      code: 'transient',
      // A server error's body may be any proxy's or service's page: not echoed.
      message: `AccountView failed with HTTP ${String(input.status)}; try again later.`,
    };
  }
  if (input.status === 401) {
    return {
      code: 'auth_expired',
      message: `AccountView no longer accepts the access token; connect AccountView again if refreshing does not help.${said}`,
    };
  }
  if (message !== null) {
    const kind = prerequisiteOf(message);
    const p = prerequisites.find((x) => x.kind === kind);
    if (p !== undefined) {
      return {
        code: 'forbidden',
        reason: p.kind,
        message: `AccountView refused access: ${p.what}. Fix it in the ${p.fix}.${said}`,
      };
    }
    if (isCompanyRefusal(message)) {
      const id = input.companyId ?? '(none)';
      return {
        code: 'forbidden',
        message:
          `AccountView does not let this authorization reach onderneming ${id}. Check the Onderneming ID ` +
          `(AccountView.net > Ondernemingen, the id in the page URL) and that the user who connected is linked to it.${said}`,
        fieldErrors: [
          {
            field: 'companyId',
            code: 'company_unknown',
            message: `onderneming ${id} is unknown or not reachable for this grant`,
          },
        ],
      };
    }
  }
  if (input.status === 403) return { code: 'forbidden', message: `AccountView refused the request (HTTP 403).${said}` };
  if (input.status === 404)
    return { code: 'not_found', message: `AccountView does not know this endpoint (HTTP 404).${said}` };
  return {
    code: 'rejected',
    message: `AccountView refused the request (HTTP ${String(input.status)}).${said || ' It gave no reason.'}`,
  };
}
