// After logging in with a temporary password: the user chooses their own before anything else.
import { useTranslation } from 'react-i18next';

import { Page } from '../components/page.component.js';
import { PasswordChangeForm } from '../components/password-change.component.js';

export function ChangePasswordPage({ onDone, onLogout }: { onDone: () => void; onLogout: () => void }) {
  const { t } = useTranslation();
  return (
    <Page title={t('account.chooseTitle')}>
      <p>{t('account.chooseIntro')}</p>
      <PasswordChangeForm currentLabel={t('account.temporaryPassword')} onDone={onDone} />
      <button type="button" onClick={onLogout}>
        {t('userMenu.logout')}
      </button>
    </Page>
  );
}
