// The header's notification button: a bell showing how many CRM changes wait for review; opens the review queue.
import { ActionIcon, Indicator } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function NotificationButton({ count }: { count: number | null }) {
  const { t } = useTranslation();
  const label = count === null || count === 0 ? t('nav.notificationsNone') : t('nav.notifications', { count });
  return (
    <Indicator disabled={count === null || count === 0} label={count ?? 0} size={16} offset={4} color="red">
      <ActionIcon
        component={Link}
        to="/review"
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={label}
        title={label}
      >
        <BellIcon />
      </ActionIcon>
    </Indicator>
  );
}
