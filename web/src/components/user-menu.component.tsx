// The signed-in user's menu (disclosure button): who is signed in, their role, and logging out.
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { accountPath } from '../router.js';
import { Link } from './link.component.js';

import type { FocusEvent, KeyboardEvent } from 'react';
import type { User } from '../api.js';

export function UserMenu({ user, onLogout }: { user: User; onLogout: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    button.current?.focus();
  }

  function onBlur(event: FocusEvent<HTMLDivElement>): void {
    if (!(event.relatedTarget instanceof Node) || !event.currentTarget.contains(event.relatedTarget)) setOpen(false);
  }

  return (
    <div className="user-menu" onKeyDown={onKeyDown} onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen(!open);
        }}
      >
        {user.name}
      </button>
      <div id={panelId} className="user-menu-panel" hidden={!open}>
        <p>{t('userMenu.signedInAs', { email: user.email })}</p>
        <p className="user-menu-role">{t(`userMenu.roles.${user.role}`)}</p>
        <Link to={accountPath}>{t('userMenu.account')}</Link>
        <button type="button" onClick={onLogout}>
          {t('userMenu.logout')}
        </button>
      </div>
    </div>
  );
}
