// Settings for caller ID from AccountView: the redirect URI to register, connect via OAuth, status and disconnect.
import { useTranslation } from 'react-i18next';

import { connectAccountView, disconnectAccountView, getAccountView } from '../api/callerid.api.js';
import { formErrorText } from '../error-text.js';
import { formatDateTime } from '../format.js';
import { useLoad } from '../use-load.js';
import { formText, useSubmit } from '../use-submit.js';
import { LoadState } from './load-state.component.js';
import { TextField } from './text-field.component.js';

export function AccountViewConnection() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getAccountView, []);
  const connect = useSubmit(
    (form) =>
      connectAccountView({
        apiKey: formText(form, 'apiKey'),
        apiSecret: formText(form, 'apiSecret'),
        companyId: formText(form, 'companyId'),
        environmentUrl: formText(form, 'environmentUrl').trim(),
      }),
    (started) => {
      // The OAuth flow runs at AccountView, which sends the browser back to /settings.
      window.location.assign(started.authorizationUrl);
    },
  );
  const disconnect = useSubmit(() => disconnectAccountView(), reload);
  if (state.kind !== 'ready') return <LoadState state={state} onRetry={reload} />;
  const { redirectUri, connection, lastAttempt } = state.data;
  const outcome = new URLSearchParams(window.location.search).get('accountview');
  const fieldError = (field: string): string | undefined =>
    connect.error?.fieldMessage(field) ??
    (lastAttempt?.outcome === 'failed'
      ? lastAttempt.fieldErrors.find((e) => e.field === field || e.field.endsWith(`.${field}`))?.message
      : undefined);
  const live = connection !== null && connection.status !== 'disconnected';

  return (
    <div className="callerid-accountview">
      {outcome === 'connected' ? <p role="status">{t('callerid.accountview.connected')}</p> : null}
      {outcome === 'failed' || lastAttempt?.outcome === 'failed' ? (
        <p className="form-error" role="alert">
          {t('callerid.accountview.failed')} {lastAttempt?.message ?? ''}
        </p>
      ) : null}
      {live ? (
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
      ) : null}
      {!live || connection.status === 'needs_reconnect' ? (
        <form onSubmit={connect.onSubmit} noValidate>
          <p>{t('callerid.accountview.registerRedirect')}</p>
          <p>
            <code data-testid="accountview-redirect-uri">{redirectUri}</code>
          </p>
          <TextField label={t('callerid.accountview.apiKey')} name="apiKey" required error={fieldError('apiKey')} />
          <TextField
            label={t('callerid.accountview.apiSecret')}
            name="apiSecret"
            type="password"
            autoComplete="off"
            required
            error={fieldError('apiSecret')}
          />
          <TextField
            label={t('callerid.accountview.companyId')}
            name="companyId"
            hint={t('callerid.accountview.companyIdHint')}
            required
            error={fieldError('companyId')}
          />
          <TextField
            label={t('callerid.accountview.environmentUrl')}
            name="environmentUrl"
            type="url"
            autoComplete="off"
            hint={t('callerid.accountview.environmentUrlHint')}
            error={fieldError('environmentUrl')}
          />
          {connect.error === null ? null : (
            <p className="form-error" role="alert">
              {formErrorText(t, connect.error)}
            </p>
          )}
          <button type="submit" disabled={connect.pending}>
            {live ? t('callerid.accountview.reconnect') : t('callerid.accountview.connect')}
          </button>
        </form>
      ) : null}
    </div>
  );
}
