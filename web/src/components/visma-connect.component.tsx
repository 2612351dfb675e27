// Settings → portal: the Yuki Platform API grant through Visma Connect (redirect URI to register, connect, status, end).
import { zodResolver } from '@hookform/resolvers/zod';
import { Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { vismaConnectConnectBody, vismaConnectFailures } from '../../../src/contract/visma-connect.contract.js';
import { toApiError } from '../api.js';
import { connectVismaConnect, disconnectVismaConnect, getVismaConnect } from '../api/visma-connect.api.js';
import { connectDraft } from '../connect-draft.js';
import { formFieldError } from '../form-errors.js';
import { formatDateTime } from '../format.js';
import { ActionButton } from './action-button.component.js';
import { ConnectFields, ConsentForm } from './connect-fields.component.js';
import { CopyableAddress } from './copyable-address.component.js';
import { Alert } from './feedback.component.js';
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
  const connect = useMutation({
    mutationFn: (input: VismaConnectConnectInput) => {
      draft.save(input);
      return connectVismaConnect(input);
    },
    onSuccess: (started) => {
      // The consent happens at Visma Connect, which sends the browser back to the settings.
      window.location.assign(started.authorizationUrl);
    },
  });
  return { form, connect, error: connect.error === null ? null : toApiError(connect.error) };
}

function VismaConnectForm({ status }: { status: VismaConnectStatus }) {
  const { t } = useTranslation();
  const { form, connect, error } = useVismaForm();
  const { defaults } = status;
  const { errors } = form.formState;
  return (
    <ConsentForm
      onSubmit={() => {
        void form.handleSubmit((input) => {
          connect.mutate(input);
        })();
      }}
      intro={
        <>
          <Text>{t('portal.vismaConnect.intro')}</Text>
          <Text>{t('portal.vismaConnect.registerRedirect')}</Text>
          <Text>
            <CopyableAddress address={status.redirectUri} testId="visma-connect-redirect-uri" />
          </Text>
        </>
      }
      error={error}
      pending={connect.isPending}
      submitLabel={status.grant === null ? t('portal.vismaConnect.connect') : t('portal.vismaConnect.reconnect')}
    >
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
    </ConsentForm>
  );
}

function VismaConnectGrant({ status }: { status: VismaConnectStatus }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const end = useMutation({
    mutationFn: disconnectVismaConnect,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: vismaKey }),
  });
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
      <ActionButton action={end} label={t('portal.vismaConnect.disconnect')} />
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
