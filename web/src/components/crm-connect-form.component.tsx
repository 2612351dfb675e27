// The form that connects the CRM or changes the connection: system, environment URL, key, secret, webhook, polling.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { saveCrmConnection } from '../api/connections.api.js';
import { connectionFieldError, formErrorText } from '../error-text.js';
import { formText, useSubmit } from '../use-submit.js';
import { RadioGroup } from './radio-group.component.js';
import { TextField } from './text-field.component.js';

import type { Connection, CrmConnectionInput, CrmSystem } from '../api/connections.api.js';

type CrmConnectFormProps = {
  systems: readonly CrmSystem[];
  /** The current connection when changing it (its credentials are never shown and must be entered again). */
  existing: Connection | null;
  onSaved: (connection: Connection) => void;
  onCancel: () => void;
};

type ClientErrors = Partial<Record<keyof CrmConnectionInput, string>>;

const reasonFields = {
  unreachable: ['baseUrl'],
  timeout: ['baseUrl'],
  auth_invalid: ['apiKey', 'apiSecret'],
  forbidden: ['apiKey'],
} as const;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function CrmConnectForm({ systems, existing, onSaved, onCancel }: CrmConnectFormProps) {
  const { t } = useTranslation();
  const available = systems.filter((system) => system.availability === 'available');
  const onlyChoice = available.length === 1 ? (available[0]?.id ?? null) : null;
  const [system, setSystem] = useState<string | null>(existing?.system ?? onlyChoice);
  const [clientErrors, setClientErrors] = useState<ClientErrors>({});

  function read(form: FormData): { ok: true; input: CrmConnectionInput } | { ok: false; errors: ClientErrors } {
    const errors: ClientErrors = {};
    const baseUrl = formText(form, 'baseUrl').trim();
    const apiKey = formText(form, 'apiKey').trim();
    const apiSecret = formText(form, 'apiSecret').trim();
    const webhookSecret = formText(form, 'webhookSecret').trim();
    const poll = formText(form, 'pollIntervalSeconds').trim();
    if (system === null) errors.system = t('crm.form.systemRequired');
    if (baseUrl === '') errors.baseUrl = t('crm.form.baseUrlRequired');
    else if (!isHttpUrl(baseUrl)) errors.baseUrl = t('crm.form.baseUrlInvalid');
    if (apiKey === '') errors.apiKey = t('crm.form.apiKeyRequired');
    if (apiSecret === '') errors.apiSecret = t('crm.form.apiSecretRequired');
    if (poll !== '' && !/^\d+$/.test(poll)) errors.pollIntervalSeconds = t('crm.form.pollInvalid');
    if (Object.keys(errors).length > 0 || system === null) return { ok: false, errors };
    const input: CrmConnectionInput = { system, baseUrl, apiKey, apiSecret };
    if (webhookSecret !== '') input.webhookSecret = webhookSecret;
    if (poll !== '') input.pollIntervalSeconds = Number(poll);
    return { ok: true, input };
  }

  // Checked here first so an empty field gets a message in the reader's language without a round trip.
  const { pending, error, onSubmit } = useSubmit(
    async (form) => {
      const checked = read(form);
      setClientErrors(checked.ok ? {} : checked.errors);
      return checked.ok ? saveCrmConnection(checked.input, existing !== null) : null;
    },
    (saved) => {
      if (saved !== null) onSaved(saved);
    },
  );

  const fieldError = (field: keyof CrmConnectionInput): string | undefined =>
    clientErrors[field] ?? connectionFieldError(t, error, field, reasonFields);
  const hasClientErrors = Object.keys(clientErrors).length > 0;

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <h3>{existing === null ? t('crm.form.connectTitle') : t('crm.form.changeTitle')}</h3>
      {error !== null ? (
        <p className="form-error" role="alert">
          {formErrorText(t, error)}
        </p>
      ) : hasClientErrors ? (
        <p className="form-error" role="alert">
          {t('errors.validation_failed')}
        </p>
      ) : null}
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
          ...(candidate.availability === 'available' ? {} : { description: t('crm.form.onRequest') }),
        }))}
      />
      <TextField
        label={t('crm.form.baseUrl')}
        name="baseUrl"
        type="url"
        autoComplete="off"
        defaultValue={existing?.baseUrl ?? ''}
        hint={t('crm.form.baseUrlHint')}
        error={fieldError('baseUrl')}
      />
      <TextField
        label={t('crm.form.apiKey')}
        name="apiKey"
        autoComplete="off"
        spellCheck={false}
        error={fieldError('apiKey')}
        {...(existing === null ? {} : { hint: t('crm.form.reenter') })}
      />
      <TextField
        label={t('crm.form.apiSecret')}
        name="apiSecret"
        type="password"
        autoComplete="new-password"
        error={fieldError('apiSecret')}
      />
      <TextField
        label={t('crm.form.webhookSecret')}
        name="webhookSecret"
        type="password"
        autoComplete="new-password"
        hint={existing === null ? t('crm.form.webhookSecretHint') : t('crm.form.webhookSecretChangeHint')}
        error={fieldError('webhookSecret')}
      />
      <TextField
        label={t('crm.form.pollInterval')}
        name="pollIntervalSeconds"
        inputMode="numeric"
        defaultValue={existing?.pollIntervalSeconds?.toString() ?? ''}
        hint={t('crm.form.pollIntervalHint')}
        error={fieldError('pollIntervalSeconds')}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t('crm.form.checking') : existing === null ? t('crm.form.connect') : t('common.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
