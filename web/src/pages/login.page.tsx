// Login with email and password; shows why a login failed (wrong credentials, lockout) in the current language.
import { useTranslation } from 'react-i18next';

import { login } from '../api.js';
import { AuthForm, EmailField, PasswordField } from '../components/auth-form.component.js';
import { Page } from '../components/page.component.js';
import { formText, useSubmit } from '../use-submit.js';

import type { ApiError, SignedIn } from '../api.js';

/** `notice` explains why the user landed here (e.g. setup was already done, the session ended). */
export function LoginPage({ onDone, notice }: { onDone: (signedIn: SignedIn) => void; notice: ApiError | null }) {
  const { t } = useTranslation();
  const { pending, error, onSubmit } = useSubmit(
    (form) => login({ email: formText(form, 'email'), password: formText(form, 'password') }),
    onDone,
  );

  return (
    <Page title={t('login.title')}>
      <AuthForm
        onSubmit={onSubmit}
        pending={pending}
        alert={error ?? notice}
        submitLabel={t('login.submit')}
        submittingLabel={t('login.submitting')}
      >
        <EmailField label={t('login.email')} error={error} />
        <PasswordField label={t('login.password')} autoComplete="current-password" error={error} />
      </AuthForm>
    </Page>
  );
}
