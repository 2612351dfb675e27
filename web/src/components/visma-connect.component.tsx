// Settings → portal: the Yuki Platform API grant through Visma Connect (redirect URI to register, connect, status, end).
import { useTranslation } from 'react-i18next';

import { vismaConnectFailures } from '../../../src/contract/visma-connect.contract.js';
import { connectVismaConnect, disconnectVismaConnect, getVismaConnect } from '../api/visma-connect.api.js';
import { formatDateTime } from '../format.js';
import { useLoad } from '../use-load.js';
import { formText, useSubmit } from '../use-submit.js';
import { CopyableAddress } from './copyable-address.component.js';
import { Alert, ErrorAlert } from './feedback.component.js';
import { LoadState } from './load-state.component.js';
import { secretInput, TextFields, urlInput } from './text-field.component.js';

import type { VismaConnectFailure } from '../../../src/contract/visma-connect.contract.js';
import type { VismaConnectStatus } from '../api/visma-connect.api.js';

const isFailure = (reason: string | null): reason is VismaConnectFailure =>
  (vismaConnectFailures as readonly (string | null)[]).includes(reason);

const fields = ['clientId', 'clientSecret', 'yukiPortalId', 'scope', 'authorizeUrl', 'tokenUrl'] as const;

function VismaConnectForm({ status }: { status: VismaConnectStatus }) {
  const { t } = useTranslation();
  const connect = useSubmit(
    (form) =>
      connectVismaConnect(
        Object.fromEntries(fields.map((f) => [f, formText(form, f)])) as Record<(typeof fields)[number], string>,
      ),
    (started) => {
      // The consent happens at Visma Connect, which sends the browser back to /settings.
      window.location.assign(started.authorizationUrl);
    },
  );
  const { defaults } = status;
  return (
    <form onSubmit={connect.onSubmit} noValidate>
      <p>{t('portal.vismaConnect.intro')}</p>
      <p>{t('portal.vismaConnect.registerRedirect')}</p>
      <p>
        <CopyableAddress address={status.redirectUri} testId="visma-connect-redirect-uri" />
      </p>
      <TextFields
        fields={[
          { name: 'clientId', label: t('portal.vismaConnect.clientId'), required: true },
          { name: 'clientSecret', label: t('portal.vismaConnect.clientSecret'), required: true, ...secretInput },
          {
            name: 'yukiPortalId',
            label: t('portal.vismaConnect.yukiPortalId'),
            hint: t('portal.vismaConnect.yukiPortalIdHint'),
            required: true,
          },
          { name: 'scope', label: t('portal.vismaConnect.scope'), hint: t('portal.vismaConnect.scopeHint', defaults) },
          {
            name: 'authorizeUrl',
            label: t('portal.vismaConnect.authorizeUrl'),
            hint: t('portal.vismaConnect.urlHint', { url: defaults.authorizeUrl }),
            ...urlInput,
          },
          {
            name: 'tokenUrl',
            label: t('portal.vismaConnect.tokenUrl'),
            hint: t('portal.vismaConnect.urlHint', { url: defaults.tokenUrl }),
            ...urlInput,
          },
        ]}
        error={(field) => connect.error?.fieldMessage(field)}
      />
      <ErrorAlert error={connect.error} detailed />
      <button type="submit" disabled={connect.pending}>
        {status.grant === null ? t('portal.vismaConnect.connect') : t('portal.vismaConnect.reconnect')}
      </button>
    </form>
  );
}

export function VismaConnect() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getVismaConnect, []);
  const end = useSubmit(() => disconnectVismaConnect(), reload);
  if (state.kind !== 'ready') return <LoadState state={state} onRetry={reload} />;
  const status = state.data;
  if (!status.portalConnected) return null;
  const query = new URLSearchParams(window.location.search);
  const reason = query.get('reason');
  const failure = isFailure(reason) ? reason : 'token_endpoint_unavailable';
  return (
    <section className="visma-connect" aria-labelledby="visma-connect-title">
      <h3 id="visma-connect-title">{t('portal.vismaConnect.title')}</h3>
      {query.get('vismaconnect') === 'connected' ? <p role="status">{t('portal.vismaConnect.connected')}</p> : null}
      {query.get('vismaconnect') === 'failed' ? <Alert>{t(`portal.vismaConnect.failure.${failure}`)}</Alert> : null}
      {status.problem === null ? null : <Alert>{t(`portal.vismaConnect.problem.${status.problem}`)}</Alert>}
      {status.grant !== null && status.problem === null ? (
        <>
          <p>
            {t('portal.vismaConnect.active', {
              clientId: status.grant.clientId,
              portalId: status.grant.portalId,
              at: formatDateTime(status.grant.tokenExpiresAt),
            })}
          </p>
          <form onSubmit={end.onSubmit}>
            <button type="submit" disabled={end.pending}>
              {t('portal.vismaConnect.disconnect')}
            </button>
          </form>
        </>
      ) : (
        <VismaConnectForm status={status} />
      )}
    </section>
  );
}
