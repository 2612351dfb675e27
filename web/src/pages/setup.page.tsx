// First-run setup: creates the first portal administrator, who is then signed in.
import { zodResolver } from '@hookform/resolvers/zod';
import { Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { setupBody } from '../../../src/contract/auth.contract.js';
import { completeSetup, toApiError } from '../api.js';
import { AuthForm, SecretInput } from '../components/auth-form.component.js';
import { Page } from '../components/page.component.js';
import { fieldText } from '../form-errors.js';

import type { SetupInput } from '../../../src/contract/auth.contract.js';
import type { ApiError, SignedIn } from '../api.js';

interface SetupPageProps {
  onDone: (signedIn: SignedIn) => void;
  onAlreadyDone: (error: ApiError) => void;
}

export function SetupPage({ onDone, onAlreadyDone }: SetupPageProps) {
  const { t } = useTranslation();
  const form = useForm<SetupInput>({
    resolver: zodResolver(setupBody),
    defaultValues: { name: '', email: '', password: '' },
  });
  const submit = useMutation({
    mutationFn: completeSetup,
    onSuccess: (signedIn) => {
      onDone(signedIn);
    },
    onError: (failure) => {
      const error = toApiError(failure);
      if (error.code === 'setup_already_done') onAlreadyDone(error);
    },
  });
  const error = submit.error === null ? null : toApiError(submit.error);
  const { errors } = form.formState;

  return (
    <Page title={t('setup.title')}>
      <Text>{t('setup.intro')}</Text>
      <AuthForm
        onSubmit={form.handleSubmit((input) => {
          submit.mutate(input);
        })}
        pending={submit.isPending}
        alert={error}
        invalid={Object.keys(errors).length > 0}
        submitLabel={t('setup.submit')}
      >
        <TextInput
          label={t('setup.name')}
          autoComplete="name"
          required
          error={fieldText(t, 'name', 'text', errors.name, error)}
          {...form.register('name')}
        />
        <TextInput
          label={t('setup.email')}
          type="email"
          autoComplete="username"
          required
          error={fieldText(t, 'email', 'email', errors.email, error)}
          {...form.register('email')}
        />
        <SecretInput
          label={t('setup.password')}
          autoComplete="new-password"
          description={t('setup.passwordHint')}
          required
          error={fieldText(t, 'password', 'newPassword', errors.password, error)}
          {...form.register('password')}
        />
      </AuthForm>
    </Page>
  );
}
