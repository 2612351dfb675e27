// The signed-in user's menu: who is signed in, their role, their account page, and logging out.
import { Avatar, Button, Menu, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { accountPath } from '../router.js';

import type { User } from '../api.js';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((part) => part !== '')
    .map((part) => part[0] ?? '')
    .filter((letter) => letter === letter.toUpperCase())
    .slice(0, 2)
    .join('');
}

export function UserMenu({ user, onLogout }: { user: User; onLogout: () => void }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          px="xs"
          leftSection={
            <Avatar size={26} color="navy" radius="xl" aria-hidden>
              {initials(user.name)}
            </Avatar>
          }
        >
          {/* On a phone only the initials show; the name stays the button's name. */}
          <Text span fz="sm" maw={180} truncate className="visually-hidden user-menu-name">
            {user.name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('userMenu.signedInAs', { email: user.email })}</Menu.Label>
        <Text px="sm" pb="xs" fz="xs" c="dimmed" className="user-menu-role">
          {t(`userMenu.roles.${user.role}`)}
        </Text>
        <Menu.Item component={Link} to={accountPath}>
          {t('userMenu.account')}
        </Menu.Item>
        <Menu.Item onClick={onLogout}>{t('userMenu.logout')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
