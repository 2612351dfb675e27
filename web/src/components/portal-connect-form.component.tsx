// The form that connects the accountant portal (Yuki): web-service access key (the Platform API follows via Visma Connect).
import { useTranslation } from 'react-i18next';

import { connectPortal } from '../api/connections.api.js';
import { useConnectForm } from '../use-connect-form.js';
import { formText } from '../use-submit.js';
import { ConnectForm } from './connect-form.component.js';
import { secretInput, TextFields, urlInput } from './text-field.component.js';

import type { Connection, PortalConnectionInput } from '../api/connections.api.js';
import type { Checked, ClientErrors } from '../use-connect-form.js';

const reasonFields = {
  unreachable: ['baseUrl'],
  timeout: ['baseUrl'],
  redirected: ['baseUrl'],
  url_not_allowed: ['baseUrl'],
  auth_invalid: ['accessKey'],
  forbidden: ['accessKey'],
} as const;

export function PortalConnectForm({ onSaved, onCancel }: { onSaved: (c: Connection) => void; onCancel: () => void }) {
  const { t } = useTranslation();

  function read(form: FormData): Checked<PortalConnectionInput> {
    const input: PortalConnectionInput = {
      accessKey: formText(form, 'accessKey').trim(),
    };
    const baseUrl = formText(form, 'baseUrl').trim();
    if (baseUrl !== '') input.baseUrl = baseUrl;
    const errors: ClientErrors<PortalConnectionInput> = {};
    if (input.accessKey === '') errors.accessKey = t('portal.form.accessKeyRequired');
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
  }

  const { fieldError, ...form } = useConnectForm(read, connectPortal, onSaved, reasonFields);

  return (
    <ConnectForm title={t('portal.form.title')} submitLabel={t('portal.form.connect')} state={form} onCancel={onCancel}>
      <TextFields
        fields={[
          {
            name: 'accessKey',
            label: t('portal.form.accessKey'),
            hint: t('portal.form.accessKeyHint'),
            ...secretInput,
          },
          { name: 'baseUrl', label: t('portal.form.baseUrl'), hint: t('portal.form.baseUrlHint'), ...urlInput },
        ]}
        error={fieldError}
      />
    </ConnectForm>
  );
}
