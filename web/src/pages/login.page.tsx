// Login with email and password, or with single sign-on when it is on; shows why a login failed in the current language.
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Divider, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { loginBody } from '../../../src/contract/auth.contract.js';
import { login } from '../api.js';
import { getSsoLoginOption, SSO_START_PATH, ssoErrorFrom } from '../api/sso.api.js';
import { AuthFields, AuthForm, useAuthForm } from '../components/auth-form.component.js';
import { Page } from '../components/page.component.js';

import type { LoginInput } from '../../../src/contract/auth.contract.js';
import type { ApiError, SignedIn } from '../api.js';

/** "Inloggen met Microsoft/Google": a plain link, since the provider's page replaces crmhub's. */
function SsoButton() {
  const { t } = useTranslation();
  const option = useQuery({ queryKey: ['sso-login-option'], queryFn: getSsoLoginOption });
  if (option.data === undefined || !option.data.enabled || option.data.provider === null) return null;
  return (
    <>
      <Button component="a" href={SSO_START_PATH} data-testid="sso-start" fullWidth>
        {t(`login.sso.${option.data.provider}`)}
      </Button>
      <Divider />
    </>
  );
}

/** `notice` explains why the user landed here (e.g. setup was already done, the session ended). */
export function LoginPage({ onDone, notice }: { onDone: (signedIn: SignedIn) => void; notice: ApiError | null }) {
  const { t } = useTranslation();
  const form = useForm<LoginInput>({ resolver: zodResolver(loginBody), defaultValues: { email: '', password: '' } });
  const { error, formProps } = useAuthForm(form, { send: login, onSuccess: onDone });
  const ssoError = ssoErrorFrom(location.search);

  return (
    <Page title={t('login.title')}>
      <Stack gap="md">
        <SsoButton />
        <AuthForm {...formProps} alert={error ?? ssoError ?? notice} submitLabel={t('login.submit')}>
          <AuthFields
            form={form}
            error={error}
            fields={[
              { name: 'email', label: t('login.email'), kind: 'text', type: 'email', autoComplete: 'username' },
              {
                name: 'password',
                label: t('login.password'),
                kind: 'text',
                secret: true,
                autoComplete: 'current-password',
              },
            ]}
          />
        </AuthForm>
      </Stack>
    </Page>
  );
}
