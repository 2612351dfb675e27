// Login with email and password, or with single sign-on when it is on; shows why a login failed in the current language.
import { useTranslation } from 'react-i18next';

import { login } from '../api.js';
import { getSsoLoginOption, SSO_START_PATH, ssoErrorFrom } from '../api/sso.api.js';
import { AuthForm, EmailField, PasswordField } from '../components/auth-form.component.js';
import { Page } from '../components/page.component.js';
import { useLoad } from '../use-load.js';
import { formText, useSubmit } from '../use-submit.js';

import type { ApiError, SignedIn } from '../api.js';

/** "Inloggen met Microsoft/Google": a plain link, since the provider's page replaces crmhub's. */
function SsoButton() {
  const { t } = useTranslation();
  const { state } = useLoad(getSsoLoginOption, []);
  if (state.kind !== 'ready' || !state.data.enabled || state.data.provider === null) return null;
  return (
    <p>
      <a className="button primary" href={SSO_START_PATH} data-testid="sso-start">
        {t(`login.sso.${state.data.provider}`)}
      </a>
    </p>
  );
}

/** `notice` explains why the user landed here (e.g. setup was already done, the session ended). */
export function LoginPage({ onDone, notice }: { onDone: (signedIn: SignedIn) => void; notice: ApiError | null }) {
  const { t } = useTranslation();
  const { pending, error, onSubmit } = useSubmit(
    (form) => login({ email: formText(form, 'email'), password: formText(form, 'password') }),
    onDone,
  );
  const ssoError = ssoErrorFrom(location.search);

  return (
    <Page title={t('login.title')}>
      <SsoButton />
      <AuthForm
        onSubmit={onSubmit}
        pending={pending}
        alert={error ?? ssoError ?? notice}
        submitLabel={t('login.submit')}
        submittingLabel={t('login.submitting')}
      >
        <EmailField label={t('login.email')} error={error} />
        <PasswordField label={t('login.password')} autoComplete="current-password" error={error} />
      </AuthForm>
    </Page>
  );
}
