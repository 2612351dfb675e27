// After logging in with a temporary password: the user chooses their own before anything else.
import { Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { Page } from '../components/page.component.js';
import { PasswordChangeForm } from '../components/password-change.component.js';

export function ChangePasswordPage({ onDone, onLogout }: { onDone: () => void; onLogout: () => void }) {
  const { t } = useTranslation();
  return (
    <Page title={t('account.chooseTitle')}>
      <Text>{t('account.chooseIntro')}</Text>
      <PasswordChangeForm currentLabel={t('account.temporaryPassword')} onDone={onDone} />
      <Button variant="subtle" onClick={onLogout}>
        {t('userMenu.logout')}
      </Button>
    </Page>
  );
}
