// The form that connects the accountant portal (Yuki): web-service access key (the Platform API follows via Visma Connect).
import { useTranslation } from 'react-i18next';

import { connectPortal } from '../api/connections.api.js';
import { useConnectForm } from '../use-connect-form.js';
import { ConnectFields } from './connect-fields.component.js';
import { ConnectForm } from './connect-form.component.js';

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

type PortalValues = { accessKey: string; baseUrl: string };

export function PortalConnectForm({ onSaved, onCancel }: { onSaved: (c: Connection) => void; onCancel: () => void }) {
  const { t } = useTranslation();

  function check(values: PortalValues): Checked<PortalConnectionInput> {
    const input: PortalConnectionInput = { accessKey: values.accessKey.trim() };
    const baseUrl = values.baseUrl.trim();
    if (baseUrl !== '') input.baseUrl = baseUrl;
    const errors: ClientErrors<PortalConnectionInput> = {};
    if (input.accessKey === '') errors.accessKey = t('portal.form.accessKeyRequired');
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
  }

  const { fieldError, register, ...form } = useConnectForm({
    defaultValues: { accessKey: '', baseUrl: '' },
    check,
    save: connectPortal,
    onSaved,
    reasonFields,
  });

  return (
    <ConnectForm title={t('portal.form.title')} submitLabel={t('portal.form.connect')} state={form} onCancel={onCancel}>
      <ConnectFields
        fields={[
          {
            name: 'accessKey',
            label: t('portal.form.accessKey'),
            description: t('portal.form.accessKeyHint'),
            secret: true,
          },
          { name: 'baseUrl', label: t('portal.form.baseUrl'), description: t('portal.form.baseUrlHint'), url: true },
        ]}
        register={register}
        error={fieldError}
      />
    </ConnectForm>
  );
}
