/** AccountView's numbers for caller ID: its debtors' and creditors' phones, each linking to the onderneming. */
import { ok } from '../../core/result.js';
import { createAccountViewConnector } from './accountview.connector.js';
import { accountViewEndpoints } from './manifest.js';
import { storedAccountViewCredentials } from './stored-credentials.js';

import type { ConnectorError } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { PhoneSource, PhoneSourceRole } from '../shared/system.js';

/** Incremental runs this often ([I] docs/external-systems/accountview.md#errors-and-limits: no webhooks, so polling by CNG_DATE). */
export const ACCOUNTVIEW_POLL_MS = 5 * 60_000;

/** AccountView has no record-level web address we know of (docs/external-systems/accountview.md#open-questions): the link opens the onderneming in AccountView.net. */
export function accountViewCompanyLink(baseUrl: string | null, companyId: string): string {
  const origin = baseUrl === null ? 'https://www.accountview.net' : new URL(baseUrl).origin;
  return `${origin}/ams/Pages/Companies/ShowCompany.aspx?id=${encodeURIComponent(companyId)}`;
}

function withDefaultLink(source: PhoneSource['phoneRecords'], link: string): PhoneSource['phoneRecords'] {
  return (cursor) =>
    (async function* () {
      for await (const page of source(cursor)) {
        yield page.ok
          ? ok({ items: page.value.items.map((r) => (r.deepLink === null ? { ...r, deepLink: link } : r)) })
          : page;
      }
    })();
}

export const accountViewPhoneSource: PhoneSourceRole = {
  pollMs: ACCOUNTVIEW_POLL_MS,
  create(context): Promise<Result<PhoneSource, ConnectorError>> {
    const creds = storedAccountViewCredentials(context.credentials);
    if (!creds.ok) return Promise.resolve(creds);
    const connector = createAccountViewConnector(creds.value, context.grantId, {
      tokenStore: context.tokenStore,
      clock: context.clock,
      outbound: context.outbound,
      endpoints: accountViewEndpoints(context.baseUrl ?? undefined),
    });
    const link = accountViewCompanyLink(context.baseUrl, creds.value.companyId);
    return Promise.resolve(ok({ phoneRecords: withDefaultLink((cursor) => connector.phoneRecords(cursor), link) }));
  },
};
