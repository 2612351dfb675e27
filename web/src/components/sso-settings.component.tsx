// Settings → Single sign-on (portal administrators): provider, client, on/off and whether password login stays open.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getSsoSettings, saveSsoSettings } from '../api/sso.api.js';
import { useLoad } from '../use-load.js';
import { formText, useSubmit } from '../use-submit.js';
import { CopyableAddress } from './copyable-address.component.js';
import { ErrorAlert, Notice } from './feedback.component.js';
import { LoadState } from './load-state.component.js';
import { SelectField } from './select-field.component.js';
import { secretInput, TextField, urlInput } from './text-field.component.js';

import type { SsoProviderKind, SsoSettingsInput, SsoSettingsView } from '../api/sso.api.js';

const providers = ['microsoft', 'google', 'oidc'] as const satisfies readonly SsoProviderKind[];

function toInput(form: FormData, provider: SsoProviderKind): SsoSettingsInput {
  return {
    enabled: form.get('enabled') === 'on',
    provider,
    ...(provider === 'microsoft' ? { tenantId: formText(form, 'tenantId') } : {}),
    ...(provider === 'oidc' ? { issuerUrl: formText(form, 'issuerUrl') } : {}),
    clientId: formText(form, 'clientId'),
    clientSecret: formText(form, 'clientSecret'),
    allowPasswordLogin: form.get('allowPasswordLogin') === 'on',
  };
}

function SsoForm({ settings, onSaved }: { settings: SsoSettingsView; onSaved: (saved: SsoSettingsView) => void }) {
  const { t } = useTranslation();
  const [provider, setProvider] = useState<SsoProviderKind>(settings.provider ?? 'microsoft');
  const { pending, error, onSubmit } = useSubmit((form) => saveSsoSettings(toInput(form, provider)), onSaved);
  const field = (name: string): string | undefined => error?.fieldMessage(name);
  return (
    <form className="form" onSubmit={onSubmit} data-testid="sso-form">
      <ErrorAlert error={error} detailed />
      <p>
        {t('sso.redirectUri')} <CopyableAddress address={settings.redirectUri} testId="sso-redirect-uri" />
      </p>
      <SelectField
        label={t('sso.provider')}
        name="provider"
        value={provider}
        onChange={(event) => {
          setProvider(providers.find((p) => p === event.currentTarget.value) ?? 'oidc');
        }}
        options={providers.map((value) => ({ value, label: t(`sso.providers.${value}`) }))}
      />
      {provider === 'microsoft' ? (
        <TextField
          label={t('sso.tenantId')}
          name="tenantId"
          hint={t('sso.tenantIdHint')}
          defaultValue={settings.tenantId ?? ''}
          autoComplete="off"
          error={field('tenantId')}
        />
      ) : null}
      {provider === 'oidc' ? (
        <TextField
          label={t('sso.issuerUrl')}
          name="issuerUrl"
          {...urlInput}
          defaultValue={settings.issuerUrl ?? ''}
          error={field('issuerUrl')}
        />
      ) : null}
      <TextField
        label={t('sso.clientId')}
        name="clientId"
        defaultValue={settings.clientId ?? ''}
        autoComplete="off"
        required
        error={field('clientId')}
      />
      <TextField
        label={t('sso.clientSecret')}
        name="clientSecret"
        {...secretInput}
        {...(settings.hasClientSecret ? { hint: t('sso.clientSecretKept') } : { required: true })}
        error={field('clientSecret')}
      />
      <label className="checkbox">
        <input type="checkbox" name="enabled" defaultChecked={settings.enabled} /> {t('sso.enabled')}
      </label>
      <label className="checkbox">
        <input type="checkbox" name="allowPasswordLogin" defaultChecked={settings.allowPasswordLogin} />{' '}
        {t('sso.allowPasswordLogin')}
      </label>
      <p className="field-hint">{t('sso.adminsKeepPassword')}</p>
      <div className="actions">
        <button type="submit" className="primary" disabled={pending}>
          {t('sso.save')}
        </button>
      </div>
    </form>
  );
}

export function SsoSettings() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getSsoSettings, []);
  const [saved, setSaved] = useState<SsoSettingsView | null>(null);
  if (state.kind !== 'ready') return <LoadState state={state} onRetry={reload} />;
  const current = saved ?? state.data;
  return (
    <>
      <p className="page-description">{t('sso.description')}</p>
      {saved === null ? null : <Notice>{t(saved.enabled ? 'sso.savedOn' : 'sso.savedOff')}</Notice>}
      <SsoForm key={current.updatedAt ?? 'new'} settings={current} onSaved={setSaved} />
    </>
  );
}
