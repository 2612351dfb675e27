// First-run setup: creates the first portal administrator, who is then signed in.
import { useTranslation } from 'react-i18next';

import { completeSetup } from '../api.js';
import { AuthForm, EmailField, PasswordField } from '../components/auth-form.component.js';
import { Page } from '../components/page.component.js';
import { TextField } from '../components/text-field.component.js';
import { formText, useSubmit } from '../use-submit.js';

import type { ApiError, SignedIn } from '../api.js';

interface SetupPageProps {
  onDone: (signedIn: SignedIn) => void;
  onAlreadyDone: (error: ApiError) => void;
}

export function SetupPage({ onDone, onAlreadyDone }: SetupPageProps) {
  const { t } = useTranslation();
  const { pending, error, onSubmit } = useSubmit(
    (form) =>
      completeSetup({
        name: formText(form, 'name'),
        email: formText(form, 'email'),
        password: formText(form, 'password'),
      }),
    onDone,
    (failure) => {
      if (failure.code === 'setup_already_done') onAlreadyDone(failure);
    },
  );

  return (
    <Page title={t('setup.title')}>
      <p>{t('setup.intro')}</p>
      <AuthForm
        onSubmit={onSubmit}
        pending={pending}
        alert={error}
        alertId="setup-error"
        submitLabel={t('setup.submit')}
        submittingLabel={t('setup.submitting')}
      >
        <TextField
          label={t('setup.name')}
          name="name"
          autoComplete="name"
          required
          error={error?.fieldMessage('name')}
        />
        <EmailField label={t('setup.email')} error={error} />
        <PasswordField
          label={t('setup.password')}
          autoComplete="new-password"
          hint={t('setup.passwordHint')}
          error={error}
        />
      </AuthForm>
    </Page>
  );
}
