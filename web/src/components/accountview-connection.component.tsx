// Settings for caller ID from AccountView: the redirect URI to register, connect via OAuth, status and disconnect.
import { useTranslation } from 'react-i18next';

import { connectAccountView, disconnectAccountView, getAccountView } from '../api/callerid.api.js';
import { formatDateTime } from '../format.js';
import { useLoad } from '../use-load.js';
import { formText, useSubmit } from '../use-submit.js';
import { CopyableAddress } from './copyable-address.component.js';
import { Alert, ErrorAlert } from './feedback.component.js';
import { LoadState } from './load-state.component.js';
import { secretInput, TextFields, urlInput } from './text-field.component.js';

type AccountView = Awaited<ReturnType<typeof getAccountView>>;
type LiveConnection = NonNullable<AccountView['connection']>;

/** Callback failure reasons worded in the locales (docs/errors.md#accountview-connect-reasons). */
const wordedReasons = ['issuer_mismatch', 'scope_missing', 'grant_refused'] as const;

function readInput(form: FormData) {
  return {
    apiKey: formText(form, 'apiKey'),
    apiSecret: formText(form, 'apiSecret'),
    companyId: formText(form, 'companyId'),
    environmentUrl: formText(form, 'environmentUrl').trim(),
    authorizeUrl: formText(form, 'authorizeUrl').trim(),
    tokenUrl: formText(form, 'tokenUrl').trim(),
    issuer: formText(form, 'issuer').trim(),
  };
}

/** What the form keeps across AccountView's consent page: everything entered except the secret. */
const draftKey = 'crmhub.accountview.draft';
const draftFields = ['apiKey', 'companyId', 'environmentUrl', 'authorizeUrl', 'tokenUrl', 'issuer'] as const;
type Draft = Partial<Record<(typeof draftFields)[number], string>>;

function saveDraft(input: ReturnType<typeof readInput>): void {
  const draft: Draft = {};
  for (const field of draftFields) draft[field] = input[field];
  try {
    sessionStorage.setItem(draftKey, JSON.stringify(draft));
  } catch {
    // Storage blocked: after a failed consent the user types the values again.
  }
}

function readDraft(): Draft {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(draftKey) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const draft: Draft = {};
    for (const field of draftFields) {
      const value: unknown = (parsed as Record<string, unknown>)[field];
      if (typeof value === 'string') draft[field] = value;
    }
    return draft;
  } catch {
    return {};
  }
}

function clearDraft(): void {
  try {
    sessionStorage.removeItem(draftKey);
  } catch {
    // nothing kept
  }
}

function AccountViewStatus({ connection, onDisconnected }: { connection: LiveConnection; onDisconnected: () => void }) {
  const { t } = useTranslation();
  const disconnect = useSubmit(() => disconnectAccountView(), onDisconnected);
  return (
    <>
      <p>
        {connection.status === 'needs_reconnect'
          ? t('callerid.accountview.needsReconnect')
          : t('callerid.accountview.active', {
              company:
                connection.companies.find((c) => c.id === connection.companyId)?.description ??
                connection.companyId ??
                '—',
            })}
      </p>
      <p className="field-hint">
        {t('callerid.accountview.tokenExpires', { at: formatDateTime(connection.tokenExpiresAt) })}
      </p>
      <form onSubmit={disconnect.onSubmit}>
        <button type="submit" disabled={disconnect.pending}>
          {t('callerid.accountview.disconnect')}
        </button>
      </form>
    </>
  );
}

type AccountViewFormProps = {
  redirectUri: string;
  reconnect: boolean;
  lastAttempt: AccountView['lastAttempt'];
};

function AccountViewForm({ redirectUri, reconnect, lastAttempt }: AccountViewFormProps) {
  const { t } = useTranslation();
  const draft = readDraft();
  const connect = useSubmit(
    (form) => {
      const input = readInput(form);
      saveDraft(input);
      return connectAccountView(input);
    },
    (started) => {
      // The OAuth flow runs at AccountView, which sends the browser back to /settings.
      window.location.assign(started.authorizationUrl);
    },
  );
  const fieldError = (field: string): string | undefined =>
    connect.error?.fieldMessage(field) ??
    (lastAttempt?.outcome === 'failed'
      ? lastAttempt.fieldErrors.find((e) => e.field === field || e.field.endsWith(`.${field}`))?.message
      : undefined);
  return (
    <form onSubmit={connect.onSubmit} noValidate>
      <p>{t('callerid.accountview.registerRedirect')}</p>
      <p>
        <CopyableAddress address={redirectUri} testId="accountview-redirect-uri" />
      </p>
      <TextFields
        fields={[
          { name: 'apiKey', label: t('callerid.accountview.apiKey'), required: true, defaultValue: draft.apiKey },
          { name: 'apiSecret', label: t('callerid.accountview.apiSecret'), required: true, ...secretInput },
          {
            name: 'companyId',
            label: t('callerid.accountview.companyId'),
            hint: t('callerid.accountview.companyIdHint'),
            required: true,
            defaultValue: draft.companyId,
          },
          {
            name: 'environmentUrl',
            label: t('callerid.accountview.environmentUrl'),
            hint: t('callerid.accountview.environmentUrlHint'),
            defaultValue: draft.environmentUrl,
            ...urlInput,
          },
          {
            name: 'authorizeUrl',
            label: t('callerid.accountview.authorizeUrl'),
            hint: t('callerid.accountview.oauthUrlsHint'),
            defaultValue: draft.authorizeUrl,
            ...urlInput,
          },
          { name: 'tokenUrl', label: t('callerid.accountview.tokenUrl'), defaultValue: draft.tokenUrl, ...urlInput },
          { name: 'issuer', label: t('callerid.accountview.issuer'), defaultValue: draft.issuer, ...urlInput },
        ]}
        error={fieldError}
      />
      <ErrorAlert error={connect.error} detailed />
      <button type="submit" disabled={connect.pending}>
        {reconnect ? t('callerid.accountview.reconnect') : t('callerid.accountview.connect')}
      </button>
    </form>
  );
}

export function AccountViewConnection() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getAccountView, []);
  if (state.kind !== 'ready') return <LoadState state={state} onRetry={reload} />;
  const { redirectUri, connection, lastAttempt } = state.data;
  const query = new URLSearchParams(window.location.search);
  const outcome = query.get('accountview');
  const reason = wordedReasons.find((known) => known === query.get('reason'));
  const live = connection !== null && connection.status !== 'disconnected';
  if (live && connection.status === 'active') clearDraft(); // connected: nothing to keep for a retry

  return (
    <div className="callerid-accountview">
      {outcome === 'connected' ? <p role="status">{t('callerid.accountview.connected')}</p> : null}
      {outcome === 'failed' || lastAttempt?.outcome === 'failed' ? (
        <Alert>
          {t('callerid.accountview.failed')}{' '}
          {reason === undefined ? '' : `${t(`callerid.accountview.reasons.${reason}`)} `}
          {lastAttempt?.message ?? ''}
        </Alert>
      ) : null}
      {live ? <AccountViewStatus connection={connection} onDisconnected={reload} /> : null}
      {!live || connection.status === 'needs_reconnect' ? (
        <AccountViewForm redirectUri={redirectUri} reconnect={live} lastAttempt={lastAttempt} />
      ) : null}
    </div>
  );
}
