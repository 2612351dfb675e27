// Settings → Single sign-on (portal administrators): provider, client, on/off and whether password login stays open.
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Checkbox, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { ssoSettingsBody } from '../../../src/contract/sso.contract.js';
import { toApiError } from '../api.js';
import { getSsoSettings, saveSsoSettings } from '../api/sso.api.js';
import { formFieldError } from '../form-errors.js';
import { SecretInput } from './auth-form.component.js';
import { CopyableAddress } from './copyable-address.component.js';
import { ErrorAlert, Notice } from './feedback.component.js';
import { QueryState } from './query-state.component.js';

import type { SsoProviderKind, SsoSettingsInput, SsoSettingsView } from '../api/sso.api.js';

const providers = ['microsoft', 'google', 'oidc'] as const satisfies readonly SsoProviderKind[];

/** Only the chosen provider's own field goes along (a tenant for Microsoft, an issuer for any other OIDC provider). */
function forProvider(input: SsoSettingsInput): SsoSettingsInput {
  const { tenantId, issuerUrl, ...common } = input;
  return {
    ...common,
    ...(input.provider === 'microsoft' && tenantId !== undefined ? { tenantId } : {}),
    ...(input.provider === 'oidc' && issuerUrl !== undefined ? { issuerUrl } : {}),
  };
}

function useSsoForm(settings: SsoSettingsView, onSaved: (saved: SsoSettingsView) => void) {
  const form = useForm({
    resolver: zodResolver(ssoSettingsBody),
    defaultValues: {
      enabled: settings.enabled,
      provider: settings.provider ?? 'microsoft',
      tenantId: settings.tenantId ?? '',
      issuerUrl: settings.issuerUrl ?? '',
      clientId: settings.clientId ?? '',
      clientSecret: '',
      allowPasswordLogin: settings.allowPasswordLogin,
    },
  });
  const save = useMutation({
    mutationFn: (input: SsoSettingsInput) => saveSsoSettings(forProvider(input)),
    onSuccess: onSaved,
  });
  return { form, save, error: save.error === null ? null : toApiError(save.error) };
}

function SsoForm({ settings, onSaved }: { settings: SsoSettingsView; onSaved: (saved: SsoSettingsView) => void }) {
  const { t } = useTranslation();
  const { form, save, error } = useSsoForm(settings, onSaved);
  const { errors } = form.formState;
  const field = (name: 'tenantId' | 'issuerUrl' | 'clientId' | 'clientSecret'): string | undefined =>
    formFieldError(t, error, name, errors[name]);
  const provider = form.watch('provider');
  return (
    <form
      className="form"
      data-testid="sso-form"
      noValidate
      onSubmit={(event) => {
        void form.handleSubmit(
          (input) => {
            save.mutate(input);
          },
          () => {
            save.reset(); // the server's last answer was about other values
          },
        )(event);
      }}
    >
      <Stack gap="sm">
        <ErrorAlert error={error} detailed />
        <Text>
          {t('sso.redirectUri')} <CopyableAddress address={settings.redirectUri} testId="sso-redirect-uri" />
        </Text>
        <NativeSelect
          label={t('sso.provider')}
          data={providers.map((value) => ({ value, label: t(`sso.providers.${value}`) }))}
          {...form.register('provider')}
        />
        {provider === 'microsoft' ? (
          <TextInput
            label={t('sso.tenantId')}
            description={t('sso.tenantIdHint')}
            autoComplete="off"
            error={field('tenantId')}
            {...form.register('tenantId')}
          />
        ) : null}
        {provider === 'oidc' ? (
          <TextInput
            label={t('sso.issuerUrl')}
            type="url"
            autoComplete="off"
            error={field('issuerUrl')}
            {...form.register('issuerUrl')}
          />
        ) : null}
        <TextInput
          label={t('sso.clientId')}
          autoComplete="off"
          required
          error={field('clientId')}
          {...form.register('clientId')}
        />
        <SecretInput
          label={t('sso.clientSecret')}
          autoComplete="off"
          {...(settings.hasClientSecret ? { description: t('sso.clientSecretKept') } : { required: true })}
          error={field('clientSecret')}
          {...form.register('clientSecret')}
        />
        <Checkbox label={t('sso.enabled')} {...form.register('enabled')} />
        <Checkbox label={t('sso.allowPasswordLogin')} {...form.register('allowPasswordLogin')} />
        <Text c="dimmed" size="sm">
          {t('sso.adminsKeepPassword')}
        </Text>
        <div>
          <Button type="submit" loading={save.isPending}>
            {t('sso.save')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

export function SsoSettings() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: ['sso-settings'], queryFn: getSsoSettings });
  const [saved, setSaved] = useState<SsoSettingsView | null>(null);
  return (
    <QueryState query={settings}>
      {(loaded) => {
        const current = saved ?? loaded;
        return (
          <>
            <Text c="dimmed" className="page-description">
              {t('sso.description')}
            </Text>
            {saved === null ? null : <Notice>{t(saved.enabled ? 'sso.savedOn' : 'sso.savedOff')}</Notice>}
            <SsoForm key={current.updatedAt ?? 'new'} settings={current} onSaved={setSaved} />
          </>
        );
      }}
    </QueryState>
  );
}
