// Managing one user: role, domain access, deactivate or reactivate, a temporary password, and deletion.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { deleteUser, resetUserPassword, setUserActive, setUserRole, userRoles } from '../api/users.api.js';
import { formatDateTime } from '../format.js';
import { useAction } from '../use-action.js';
import { ActionButton } from './action-button.component.js';
import { ConfirmDialog } from './confirm-dialog.component.js';
import { ErrorAlert, Notice } from './feedback.component.js';
import { SelectField } from './select-field.component.js';
import { UserAccess } from './user-access.component.js';

import type { PortalDomain, PortalUser, TemporaryPasswordView, UserRole } from '../api/users.api.js';

type ManageProps = { user: PortalUser; domains: readonly PortalDomain[]; onChanged: () => void };

function RoleChoice({ user, onChanged }: Omit<ManageProps, 'domains'>) {
  const { t } = useTranslation();
  const action = useAction();
  return (
    <>
      <SelectField
        label={t('users.manage.role', { name: user.name })}
        name={`role-${user.id}`}
        value={user.role}
        disabled={action.pending}
        options={userRoles.map((role) => ({ value: role, label: t(`userMenu.roles.${role}`) }))}
        onChange={(event) => {
          const role = userRoles.find((candidate) => candidate === event.target.value) satisfies UserRole | undefined;
          if (role !== undefined) action.run(() => setUserRole(user.id, role), onChanged);
        }}
      />
      <ErrorAlert error={action.error} />
    </>
  );
}

function TemporaryPassword({ user }: { user: PortalUser }) {
  const { t } = useTranslation();
  const action = useAction();
  const [issued, setIssued] = useState<TemporaryPasswordView | null>(null);
  return (
    <div>
      <ActionButton action={action} work={() => resetUserPassword(user.id)} onDone={setIssued}>
        {t('users.manage.resetPassword')}
      </ActionButton>
      <ErrorAlert error={action.error} />
      {issued === null ? null : (
        <Notice>
          {t('users.manage.temporaryPassword', { name: user.name, until: formatDateTime(issued.expiresAt) })}{' '}
          <code data-testid="temporary-password">{issued.temporaryPassword}</code>
        </Notice>
      )}
    </div>
  );
}

function Lifecycle({ user, onChanged }: Omit<ManageProps, 'domains'>) {
  const { t } = useTranslation();
  const activation = useAction();
  const removal = useAction();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="actions">
      <ActionButton action={activation} work={() => setUserActive(user.id, !user.active)} onDone={onChanged}>
        {user.active ? t('users.manage.deactivate') : t('users.manage.reactivate')}
      </ActionButton>
      <button
        type="button"
        className="danger"
        onClick={() => {
          setConfirming(true);
        }}
      >
        {t('users.manage.delete')}
      </button>
      <ErrorAlert error={activation.error} />
      <ConfirmDialog
        open={confirming}
        title={t('users.manage.deleteTitle', { name: user.name })}
        confirmLabel={t('users.manage.delete')}
        pending={removal.pending}
        error={removal.error}
        onConfirm={() => {
          removal.run(() => deleteUser(user.id), onChanged);
        }}
        onCancel={() => {
          setConfirming(false);
          removal.reset();
        }}
      >
        <p>{t('users.manage.deleteExplained')}</p>
      </ConfirmDialog>
    </div>
  );
}

export function UserManage({ user, domains, onChanged }: ManageProps) {
  const { t } = useTranslation();
  return (
    <details className="user-manage">
      <summary>{t('users.manage.open', { name: user.name })}</summary>
      <RoleChoice user={user} onChanged={onChanged} />
      <UserAccess key={`${user.role}-${String(user.allDomains)}`} user={user} domains={domains} onSaved={onChanged} />
      <TemporaryPassword user={user} />
      <Lifecycle user={user} onChanged={onChanged} />
    </details>
  );
}
