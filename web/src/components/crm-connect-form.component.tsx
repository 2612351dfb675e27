// The form that connects the CRM or changes the connection: system, environment URL, key, secret, webhook, polling.
import { Radio, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { saveCrmConnection } from '../api/connections.api.js';
import { useConnectForm } from '../use-connect-form.js';
import { ConnectFields } from './connect-fields.component.js';
import { ConnectForm } from './connect-form.component.js';

import type { TFunction } from 'i18next';
import type { Connection, CrmConnectionChangeInput, CrmSystem } from '../api/connections.api.js';
import type { Checked, ClientErrors } from '../use-connect-form.js';

type CrmConnectFormProps = {
  systems: readonly CrmSystem[];
  /** The current connection when changing it (its credentials are never shown; left empty, they are kept). */
  existing: Connection | null;
  onSaved: (connection: Connection) => void;
  onCancel: () => void;
};

const reasonFields = {
  unreachable: ['baseUrl'],
  timeout: ['baseUrl'],
  redirected: ['baseUrl'],
  url_not_allowed: ['baseUrl'],
  auth_invalid: ['apiKey', 'apiSecret'],
  forbidden: ['apiKey'],
} as const;

type CrmValues = {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  webhookSecret: string;
  pollIntervalSeconds: string;
};

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The form's input, or what is missing or wrong in the reader's language (before any round trip). */
function check(
  t: TFunction,
  system: string | null,
  values: CrmValues,
  change: boolean,
): Checked<CrmConnectionChangeInput> {
  const errors: ClientErrors<CrmConnectionChangeInput> = {};
  const baseUrl = values.baseUrl.trim();
  const apiKey = values.apiKey.trim();
  const apiSecret = values.apiSecret.trim();
  const webhookSecret = values.webhookSecret.trim();
  const poll = values.pollIntervalSeconds.trim();
  if (system === null) errors.system = t('crm.form.systemRequired');
  if (baseUrl === '') errors.baseUrl = t('crm.form.baseUrlRequired');
  else if (!isHttpUrl(baseUrl)) errors.baseUrl = t('crm.form.baseUrlInvalid');
  // When changing, empty key and secret keep the stored ones (the server fills them in).
  if (apiKey === '' && !change) errors.apiKey = t('crm.form.apiKeyRequired');
  if (apiSecret === '' && !change) errors.apiSecret = t('crm.form.apiSecretRequired');
  if (poll !== '' && !/^\d+$/.test(poll)) errors.pollIntervalSeconds = t('crm.form.pollInvalid');
  if (Object.keys(errors).length > 0 || system === null) return { ok: false, errors };
  const input: CrmConnectionChangeInput = { system, baseUrl };
  if (apiKey !== '') input.apiKey = apiKey;
  if (apiSecret !== '') input.apiSecret = apiSecret;
  if (webhookSecret !== '') input.webhookSecret = webhookSecret;
  if (poll !== '') input.pollIntervalSeconds = Number(poll);
  return { ok: true, input };
}

function SystemChoice({
  systems,
  value,
  onChange,
  error,
}: {
  systems: readonly CrmSystem[];
  value: string | null;
  onChange: (system: string) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group label={t('crm.form.system')} name="system" value={value} onChange={onChange} error={error}>
      <Stack gap="xs" mt="xs">
        {systems.map((candidate) => (
          <Radio
            key={candidate.id}
            value={candidate.id}
            label={candidate.displayName}
            disabled={candidate.availability !== 'available'}
            description={
              candidate.availability === 'available'
                ? undefined
                : t(candidate.availability === 'intake' ? 'crm.form.viaIntake' : 'crm.form.onRequest')
            }
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}

export function CrmConnectForm({ systems, existing, onSaved, onCancel }: CrmConnectFormProps) {
  const { t } = useTranslation();
  const available = systems.filter((system) => system.availability === 'available');
  const onlyChoice = available.length === 1 ? (available[0]?.id ?? null) : null;
  const [system, setSystem] = useState<string | null>(existing?.system ?? onlyChoice);
  const change = existing !== null;

  // Changing a connection shows the stored address and interval; key and secrets stay stored unless typed anew.
  const { fieldError, register, ...form } = useConnectForm({
    defaultValues: {
      baseUrl: existing?.baseUrl ?? '',
      apiKey: '',
      apiSecret: '',
      webhookSecret: '',
      pollIntervalSeconds: existing?.pollIntervalSeconds.toString() ?? '',
    },
    check: (values: CrmValues) => check(t, system, values, change),
    save: (input) => saveCrmConnection(input, change),
    onSaved,
    reasonFields,
  });

  return (
    <ConnectForm
      title={change ? t('crm.form.changeTitle') : t('crm.form.connectTitle')}
      submitLabel={change ? t('common.save') : t('crm.form.connect')}
      state={form}
      onCancel={onCancel}
    >
      <SystemChoice systems={systems} value={system} onChange={setSystem} error={fieldError('system')} />
      <ConnectFields
        fields={[
          { name: 'baseUrl', label: t('crm.form.baseUrl'), description: t('crm.form.baseUrlHint'), url: true },
          {
            name: 'apiKey',
            label: t('crm.form.apiKey'),
            ...(change ? { description: t('crm.form.reenter') } : {}),
          },
          { name: 'apiSecret', label: t('crm.form.apiSecret'), secret: true },
          {
            name: 'webhookSecret',
            label: t('crm.form.webhookSecret'),
            description: change ? t('crm.form.webhookSecretChangeHint') : t('crm.form.webhookSecretHint'),
            secret: true,
          },
          {
            name: 'pollIntervalSeconds',
            label: t('crm.form.pollInterval'),
            description: t('crm.form.pollIntervalHint'),
          },
        ]}
        register={register}
        error={fieldError}
      />
    </ConnectForm>
  );
}
