// The form that connects the accountant portal (Yuki): web-service access key, Platform API token, portal id.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { connectPortal } from '../api/connections.api.js';
import { connectionFieldError, formErrorText } from '../error-text.js';
import { formText, useSubmit } from '../use-submit.js';
import { TextField } from './text-field.component.js';

import type { Connection, PortalConnectionInput } from '../api/connections.api.js';

type ClientErrors = Partial<Record<keyof PortalConnectionInput, string>>;

const reasonFields = {
  unreachable: ['baseUrl'],
  timeout: ['baseUrl'],
  auth_invalid: ['accessKey'],
  forbidden: ['accessKey'],
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function PortalConnectForm({ onSaved, onCancel }: { onSaved: (c: Connection) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [clientErrors, setClientErrors] = useState<ClientErrors>({});

  function read(form: FormData): { ok: true; input: PortalConnectionInput } | { ok: false; errors: ClientErrors } {
    const input: PortalConnectionInput = {
      accessKey: formText(form, 'accessKey').trim(),
      platformToken: formText(form, 'platformToken').trim(),
      portalId: formText(form, 'portalId').trim(),
    };
    const baseUrl = formText(form, 'baseUrl').trim();
    if (baseUrl !== '') input.baseUrl = baseUrl;
    const errors: ClientErrors = {};
    if (input.accessKey === '') errors.accessKey = t('portal.form.accessKeyRequired');
    if (input.platformToken === '') errors.platformToken = t('portal.form.platformTokenRequired');
    if (input.portalId === '') errors.portalId = t('portal.form.portalIdRequired');
    else if (!GUID.test(input.portalId)) errors.portalId = t('portal.form.portalIdInvalid');
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
  }

  const { pending, error, onSubmit } = useSubmit(
    async (form) => {
      const checked = read(form);
      setClientErrors(checked.ok ? {} : checked.errors);
      return checked.ok ? connectPortal(checked.input) : null;
    },
    (saved) => {
      if (saved !== null) onSaved(saved);
    },
  );
  const fieldError = (field: keyof PortalConnectionInput): string | undefined =>
    clientErrors[field] ?? connectionFieldError(t, error, field, reasonFields);

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <h3>{t('portal.form.title')}</h3>
      {error !== null ? (
        <p className="form-error" role="alert">
          {formErrorText(t, error)}
        </p>
      ) : Object.keys(clientErrors).length > 0 ? (
        <p className="form-error" role="alert">
          {t('errors.validation_failed')}
        </p>
      ) : null}
      <TextField
        label={t('portal.form.accessKey')}
        name="accessKey"
        type="password"
        autoComplete="off"
        hint={t('portal.form.accessKeyHint')}
        error={fieldError('accessKey')}
      />
      <TextField
        label={t('portal.form.platformToken')}
        name="platformToken"
        type="password"
        autoComplete="off"
        error={fieldError('platformToken')}
      />
      <TextField
        label={t('portal.form.portalId')}
        name="portalId"
        autoComplete="off"
        spellCheck={false}
        hint={t('portal.form.portalIdHint')}
        error={fieldError('portalId')}
      />
      <TextField
        label={t('portal.form.baseUrl')}
        name="baseUrl"
        type="url"
        autoComplete="off"
        hint={t('portal.form.baseUrlHint')}
        error={fieldError('baseUrl')}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t('crm.form.checking') : t('portal.form.connect')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
