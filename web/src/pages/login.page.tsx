// Login with email and password, or with single sign-on when it is on; shows why a login failed in the current language.
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Divider, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { loginBody } from '../../../src/contract/auth.contract.js';
import { login, toApiError } from '../api.js';
import { getSsoLoginOption, SSO_START_PATH, ssoErrorFrom } from '../api/sso.api.js';
import { AuthForm, SecretInput } from '../components/auth-form.component.js';
import { Page } from '../components/page.component.js';
import { fieldText } from '../form-errors.js';

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
  const submit = useMutation({
    mutationFn: login,
    onSuccess: (signedIn) => {
      onDone(signedIn);
    },
  });
  const error = submit.error === null ? null : toApiError(submit.error);
  const { errors } = form.formState;
  const ssoError = ssoErrorFrom(location.search);

  return (
    <Page title={t('login.title')}>
      <Stack gap="md">
        <SsoButton />
        <AuthForm
          onSubmit={form.handleSubmit((input) => {
            submit.mutate(input);
          })}
          pending={submit.isPending}
          alert={error ?? ssoError ?? notice}
          invalid={Object.keys(errors).length > 0}
          submitLabel={t('login.submit')}
        >
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            required
            error={fieldText(t, 'email', 'text', errors.email, error)}
            {...form.register('email')}
          />
          <SecretInput
            label={t('login.password')}
            autoComplete="current-password"
            required
            error={fieldText(t, 'password', 'text', errors.password, error)}
            {...form.register('password')}
          />
        </AuthForm>
      </Stack>
    </Page>
  );
}
