// Settings for caller ID from AccountView: the redirect URI to register, connect via OAuth, status and disconnect.
import { zodResolver } from '@hookform/resolvers/zod';
import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { accountViewConnectBody, accountViewConnectReasons } from '../../../src/contract/callerid.contract.js';
import { connectAccountView, disconnectAccountView, getAccountView } from '../api/callerid.api.js';
import { connectDraft } from '../connect-draft.js';
import { fieldProblemText } from '../error-text.js';
import { formFieldError } from '../form-errors.js';
import { formatDateTime } from '../format.js';
import { useApiMutation } from '../use-api-mutation.js';
import { useConsentConnect } from '../use-consent-connect.js';
import { ConnectFields } from './connect-fields.component.js';
import { CopyableAddress } from './copyable-address.component.js';
import { Alert, ErrorAlert } from './feedback.component.js';
import { SendForm } from './form.component.js';
import { MutationButton } from './mutation-button.component.js';
import { QueryState } from './query-state.component.js';

import type { AccountViewConnectInput } from '../../../src/contract/callerid.contract.js';
import type { AccountViewStatus } from '../api/callerid.api.js';

type LiveConnection = NonNullable<AccountViewStatus['connection']>;

const accountViewKey = ['accountview'] as const;

/** Kept across AccountView's consent page: everything entered, the secret only while this page lives. */
const draft = connectDraft(
  'accountview',
  ['apiKey', 'companyId', 'environmentUrl', 'authorizeUrl', 'tokenUrl', 'issuer'],
  ['apiSecret'],
);

function AccountViewStatusPanel({ connection }: { connection: LiveConnection }) {
  const { t } = useTranslation();
  const disconnect = useApiMutation(disconnectAccountView, { invalidates: accountViewKey });
  return (
    <>
      <Text>
        {connection.status === 'needs_reconnect'
          ? t('callerid.accountview.needsReconnect')
          : t('callerid.accountview.active', {
              company:
                connection.companies.find((c) => c.id === connection.companyId)?.description ??
                connection.companyId ??
                '—',
            })}
      </Text>
      <Text c="dimmed" size="sm">
        {t('callerid.accountview.tokenExpires', { at: formatDateTime(connection.tokenExpiresAt) })}
      </Text>
      <ErrorAlert error={disconnect.apiError} />
      <div>
        <MutationButton mutation={disconnect}>{t('callerid.accountview.disconnect')}</MutationButton>
      </div>
    </>
  );
}

function useAccountViewForm(lastAttempt: AccountViewStatus['lastAttempt']) {
  const form = useForm<AccountViewConnectInput>({
    resolver: zodResolver(accountViewConnectBody),
    defaultValues: draft.values(),
  });
  const { connect, error, onSubmit } = useConsentConnect(form, draft, connectAccountView);
  const { t } = useTranslation();
  // This attempt's answer, else what the last consent round trip found wrong with a field.
  const fieldError = (field: keyof AccountViewConnectInput): string | undefined => {
    const now = formFieldError(t, error, field, form.formState.errors[field]);
    if (now !== undefined || lastAttempt?.outcome !== 'failed' || error !== null) return now;
    const before = lastAttempt.fieldErrors.find((e) => e.field === field || e.field.endsWith(`.${field}`));
    return before === undefined ? undefined : fieldProblemText(t, before);
  };
  return { form, connect, error, fieldError, onSubmit };
}

type AccountViewFormProps = { redirectUri: string; reconnect: boolean; lastAttempt: AccountViewStatus['lastAttempt'] };

function AccountViewForm({ redirectUri, reconnect, lastAttempt }: AccountViewFormProps) {
  const { t } = useTranslation();
  const { form, connect, error, fieldError, onSubmit } = useAccountViewForm(lastAttempt);
  return (
    <SendForm
      onSubmit={onSubmit}
      error={error}
      pending={connect.isPending}
      submitLabel={reconnect ? t('callerid.accountview.reconnect') : t('callerid.accountview.connect')}
    >
      <Text>{t('callerid.accountview.registerRedirect')}</Text>
      <Text>
        <CopyableAddress address={redirectUri} testId="accountview-redirect-uri" />
      </Text>
      <ConnectFields
        fields={[
          { name: 'apiKey', label: t('callerid.accountview.apiKey'), required: true },
          { name: 'apiSecret', label: t('callerid.accountview.apiSecret'), required: true, secret: true },
          {
            name: 'companyId',
            label: t('callerid.accountview.companyId'),
            description: t('callerid.accountview.companyIdHint'),
            required: true,
          },
          {
            name: 'environmentUrl',
            label: t('callerid.accountview.environmentUrl'),
            description: t('callerid.accountview.environmentUrlHint'),
            url: true,
          },
          {
            name: 'authorizeUrl',
            label: t('callerid.accountview.authorizeUrl'),
            description: t('callerid.accountview.oauthUrlsHint'),
            url: true,
          },
          { name: 'tokenUrl', label: t('callerid.accountview.tokenUrl'), url: true },
          { name: 'issuer', label: t('callerid.accountview.issuer'), url: true },
        ]}
        register={(name) => form.register(name)}
        error={fieldError}
      />
    </SendForm>
  );
}

function AccountViewPanel({ status }: { status: AccountViewStatus }) {
  const { t } = useTranslation();
  const { redirectUri, connection, lastAttempt } = status;
  const query = new URLSearchParams(window.location.search);
  const outcome = query.get('accountview');
  // The attempt's stored reason outlives a reload; the callback's address names it too (docs/errors.md#accountview-connect-reasons).
  const reason = lastAttempt?.reason ?? accountViewConnectReasons.find((known) => known === query.get('reason'));
  const live = connection !== null && connection.status !== 'disconnected';
  if (live && connection.status === 'active') draft.clear(); // connected: nothing to keep for a retry

  return (
    <Stack className="callerid-accountview" gap="sm">
      {outcome === 'connected' ? <p role="status">{t('callerid.accountview.connected')}</p> : null}
      {outcome === 'failed' || lastAttempt?.outcome === 'failed' ? (
        <Alert>
          {t('callerid.accountview.failed')} {reason === undefined ? '' : t(`callerid.accountview.reasons.${reason}`)}
        </Alert>
      ) : null}
      {live ? <AccountViewStatusPanel connection={connection} /> : null}
      {!live || connection.status === 'needs_reconnect' ? (
        <AccountViewForm redirectUri={redirectUri} reconnect={live} lastAttempt={lastAttempt} />
      ) : null}
    </Stack>
  );
}

export function AccountViewConnection() {
  const status = useQuery({ queryKey: accountViewKey, queryFn: getAccountView });
  return <QueryState query={status}>{(data) => <AccountViewPanel status={data} />}</QueryState>;
}
