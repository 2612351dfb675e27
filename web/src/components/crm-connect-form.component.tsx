// The form that connects the CRM or changes the connection: system, environment URL, key, secret, webhook, polling.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { saveCrmConnection } from '../api/connections.api.js';
import { useConnectForm } from '../use-connect-form.js';
import { formText } from '../use-submit.js';
import { ConnectForm } from './connect-form.component.js';
import { RadioGroup } from './radio-group.component.js';
import { TextFields, urlInput } from './text-field.component.js';

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

const newSecretInput = { type: 'password', autoComplete: 'new-password' } as const;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The form's input, or what is missing or wrong in the reader's language (before any round trip). */
function read(t: TFunction, system: string | null, form: FormData, change: boolean): Checked<CrmConnectionChangeInput> {
  const errors: ClientErrors<CrmConnectionChangeInput> = {};
  const baseUrl = formText(form, 'baseUrl').trim();
  const apiKey = formText(form, 'apiKey').trim();
  const apiSecret = formText(form, 'apiSecret').trim();
  const webhookSecret = formText(form, 'webhookSecret').trim();
  const poll = formText(form, 'pollIntervalSeconds').trim();
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

export function CrmConnectForm({ systems, existing, onSaved, onCancel }: CrmConnectFormProps) {
  const { t } = useTranslation();
  const available = systems.filter((system) => system.availability === 'available');
  const onlyChoice = available.length === 1 ? (available[0]?.id ?? null) : null;
  const [system, setSystem] = useState<string | null>(existing?.system ?? onlyChoice);

  const { fieldError, ...form } = useConnectForm(
    (data) => read(t, system, data, existing !== null),
    (input) => saveCrmConnection(input, existing !== null),
    onSaved,
    reasonFields,
  );

  return (
    <ConnectForm
      title={existing === null ? t('crm.form.connectTitle') : t('crm.form.changeTitle')}
      submitLabel={existing === null ? t('crm.form.connect') : t('common.save')}
      state={form}
      onCancel={onCancel}
    >
      <RadioGroup
        legend={t('crm.form.system')}
        name="system"
        value={system}
        onChange={setSystem}
        error={fieldError('system')}
        options={systems.map((candidate) => ({
          value: candidate.id,
          label: candidate.displayName,
          disabled: candidate.availability !== 'available',
          ...(candidate.availability === 'available'
            ? {}
            : { description: t(candidate.availability === 'intake' ? 'crm.form.viaIntake' : 'crm.form.onRequest') }),
        }))}
      />
      <TextFields
        fields={[
          {
            name: 'baseUrl',
            label: t('crm.form.baseUrl'),
            hint: t('crm.form.baseUrlHint'),
            defaultValue: existing?.baseUrl ?? '',
            ...urlInput,
          },
          {
            name: 'apiKey',
            label: t('crm.form.apiKey'),
            autoComplete: 'off',
            spellCheck: false,
            ...(existing === null ? {} : { hint: t('crm.form.reenter') }),
          },
          { name: 'apiSecret', label: t('crm.form.apiSecret'), ...newSecretInput },
          {
            name: 'webhookSecret',
            label: t('crm.form.webhookSecret'),
            hint: existing === null ? t('crm.form.webhookSecretHint') : t('crm.form.webhookSecretChangeHint'),
            ...newSecretInput,
          },
          {
            name: 'pollIntervalSeconds',
            label: t('crm.form.pollInterval'),
            hint: t('crm.form.pollIntervalHint'),
            inputMode: 'numeric',
            defaultValue: existing?.pollIntervalSeconds.toString() ?? '',
          },
        ]}
        error={fieldError}
      />
    </ConnectForm>
  );
}
