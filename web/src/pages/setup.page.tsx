// First-run setup: creates the first portal administrator, who is then signed in.
import { zodResolver } from '@hookform/resolvers/zod';
import { Text } from '@mantine/core';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { setupBody } from '../../../src/contract/auth.contract.js';
import { completeSetup } from '../api.js';
import { AuthFields, AuthForm, useAuthForm } from '../components/auth-form.component.js';
import { Page } from '../components/page.component.js';

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
  const { error, formProps } = useAuthForm(form, {
    send: completeSetup,
    onSuccess: onDone,
    onError: (failure) => {
      if (failure.code === 'setup_already_done') onAlreadyDone(failure);
    },
  });

  return (
    <Page title={t('setup.title')}>
      <Text>{t('setup.intro')}</Text>
      <AuthForm {...formProps} submitLabel={t('setup.submit')}>
        <AuthFields
          form={form}
          error={error}
          fields={[
            { name: 'name', label: t('setup.name'), kind: 'text', autoComplete: 'name' },
            { name: 'email', label: t('setup.email'), kind: 'email', type: 'email', autoComplete: 'username' },
            {
              name: 'password',
              label: t('setup.password'),
              kind: 'newPassword',
              secret: true,
              autoComplete: 'new-password',
              description: t('setup.passwordHint'),
            },
          ]}
        />
      </AuthForm>
    </Page>
  );
}
