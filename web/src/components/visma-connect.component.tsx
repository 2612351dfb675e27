// Settings → portal: the Yuki Platform API grant through Visma Connect (redirect URI to register, connect, status, end).
import { zodResolver } from '@hookform/resolvers/zod';
import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { vismaConnectConnectBody, vismaConnectFailures } from '../../../src/contract/visma-connect.contract.js';
import { connectVismaConnect, disconnectVismaConnect, getVismaConnect } from '../api/visma-connect.api.js';
import { connectDraft } from '../connect-draft.js';
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

import type { VismaConnectConnectInput, VismaConnectFailure } from '../../../src/contract/visma-connect.contract.js';
import type { VismaConnectStatus } from '../api/visma-connect.api.js';

const isFailure = (reason: string | null): reason is VismaConnectFailure =>
  (vismaConnectFailures as readonly (string | null)[]).includes(reason);

const vismaKey = ['visma-connect'] as const;
/** Kept across the trip to Visma Connect and back, so a failed consent does not make the user type it all again. */
const draft = connectDraft(
  'visma-connect',
  ['clientId', 'yukiPortalId', 'scope', 'authorizeUrl', 'tokenUrl'],
  ['clientSecret'],
);

function useVismaForm() {
  const form = useForm<VismaConnectConnectInput>({
    resolver: zodResolver(vismaConnectConnectBody),
    defaultValues: draft.values(),
  });
  return { form, ...useConsentConnect(form, draft, connectVismaConnect) };
}

function VismaConnectForm({ status }: { status: VismaConnectStatus }) {
  const { t } = useTranslation();
  const { form, connect, error, onSubmit } = useVismaForm();
  const { defaults } = status;
  const { errors } = form.formState;
  return (
    <SendForm
      onSubmit={onSubmit}
      error={error}
      pending={connect.isPending}
      submitLabel={status.grant === null ? t('portal.vismaConnect.connect') : t('portal.vismaConnect.reconnect')}
    >
      <Text>{t('portal.vismaConnect.intro')}</Text>
      <Text>{t('portal.vismaConnect.registerRedirect')}</Text>
      <Text>
        <CopyableAddress address={status.redirectUri} testId="visma-connect-redirect-uri" />
      </Text>
      <ConnectFields
        fields={[
          { name: 'clientId', label: t('portal.vismaConnect.clientId'), required: true },
          { name: 'clientSecret', label: t('portal.vismaConnect.clientSecret'), required: true, secret: true },
          {
            name: 'yukiPortalId',
            label: t('portal.vismaConnect.yukiPortalId'),
            description: t('portal.vismaConnect.yukiPortalIdHint'),
            required: true,
          },
          {
            name: 'scope',
            label: t('portal.vismaConnect.scope'),
            description: t('portal.vismaConnect.scopeHint', defaults),
          },
          {
            name: 'authorizeUrl',
            label: t('portal.vismaConnect.authorizeUrl'),
            description: t('portal.vismaConnect.urlHint', { url: defaults.authorizeUrl }),
            url: true,
          },
          {
            name: 'tokenUrl',
            label: t('portal.vismaConnect.tokenUrl'),
            description: t('portal.vismaConnect.urlHint', { url: defaults.tokenUrl }),
            url: true,
          },
        ]}
        register={(name) => form.register(name)}
        error={(name) => formFieldError(t, error, name, errors[name])}
      />
    </SendForm>
  );
}

function VismaConnectGrant({ status }: { status: VismaConnectStatus }) {
  const { t } = useTranslation();
  const end = useApiMutation(disconnectVismaConnect, { invalidates: vismaKey });
  if (status.grant === null) return null;
  return (
    <>
      <Text>
        {t('portal.vismaConnect.active', {
          clientId: status.grant.clientId,
          portalId: status.grant.portalId,
          at: formatDateTime(status.grant.tokenExpiresAt),
        })}
      </Text>
      <ErrorAlert error={end.apiError} />
      <div>
        <MutationButton mutation={end}>{t('portal.vismaConnect.disconnect')}</MutationButton>
      </div>
    </>
  );
}

function VismaConnectPanel({ status }: { status: VismaConnectStatus }) {
  const { t } = useTranslation();
  const titleId = useId();
  const query = new URLSearchParams(window.location.search);
  const reason = query.get('reason');
  const failure = isFailure(reason) ? reason : 'token_endpoint_unavailable';
  const granted = status.grant !== null && status.problem === null;
  if (granted) draft.clear(); // connected: nothing to keep for a retry
  return (
    <Stack component="section" className="visma-connect" aria-labelledby={titleId} gap="sm">
      <Title order={3} id={titleId} fz="h4">
        {t('portal.vismaConnect.title')}
      </Title>
      {query.get('vismaconnect') === 'connected' ? <p role="status">{t('portal.vismaConnect.connected')}</p> : null}
      {query.get('vismaconnect') === 'failed' ? <Alert>{t(`portal.vismaConnect.failure.${failure}`)}</Alert> : null}
      {status.problem === null ? null : <Alert>{t(`portal.vismaConnect.problem.${status.problem}`)}</Alert>}
      {granted ? <VismaConnectGrant status={status} /> : <VismaConnectForm status={status} />}
    </Stack>
  );
}

export function VismaConnect() {
  const status = useQuery({ queryKey: vismaKey, queryFn: getVismaConnect });
  return (
    <QueryState query={status}>
      {(data) => (data.portalConnected ? <VismaConnectPanel status={data} /> : null)}
    </QueryState>
  );
}
