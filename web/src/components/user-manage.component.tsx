// Managing one user: role, domain access, deactivate or reactivate, a temporary password, and deletion.
import { Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

import { deleteUser, resetUserPassword, setUserActive, setUserRole, userRoles, usersKey } from '../api/users.api.js';
import { formatDateTime } from '../format.js';
import { useApiMutation } from '../use-api-mutation.js';
import { ConfirmDialog } from './confirm-dialog.component.js';
import { ErrorAlert, Notice } from './feedback.component.js';
import { MutationButton } from './mutation-button.component.js';
import { UserAccess } from './user-access.component.js';

import type { PortalDomain, PortalUser } from '../api/users.api.js';

type ManageProps = { user: PortalUser; domains: readonly PortalDomain[] };

/** A change to a user, after which the users list is read again. */
function useUserChange<A, R>(change: (argument: A) => Promise<R>) {
  return useApiMutation(change, { invalidates: usersKey });
}

function RoleChoice({ user }: { user: PortalUser }) {
  const { t } = useTranslation();
  const change = useUserChange((role: PortalUser['role']) => setUserRole(user.id, role));
  return (
    <>
      <NativeSelect
        label={t('users.manage.role', { name: user.name })}
        value={user.role}
        disabled={change.isPending}
        data={userRoles.map((role) => ({ value: role, label: t(`userMenu.roles.${role}`) }))}
        onChange={(event) => {
          const role = userRoles.find((candidate) => candidate === event.currentTarget.value);
          if (role !== undefined) change.mutate(role);
        }}
      />
      <ErrorAlert error={change.apiError} />
    </>
  );
}

function TemporaryPassword({ user }: { user: PortalUser }) {
  const { t } = useTranslation();
  const reset = useApiMutation(() => resetUserPassword(user.id));
  return (
    <div>
      <MutationButton mutation={reset}>{t('users.manage.resetPassword')}</MutationButton>
      <ErrorAlert error={reset.apiError} />
      {reset.data === undefined ? null : (
        <Notice>
          {t('users.manage.temporaryPassword', { name: user.name, until: formatDateTime(reset.data.expiresAt) })}{' '}
          <code data-testid="temporary-password">{reset.data.temporaryPassword}</code>
        </Notice>
      )}
    </div>
  );
}

function Lifecycle({ user }: { user: PortalUser }) {
  const { t } = useTranslation();
  const activation = useUserChange(() => setUserActive(user.id, !user.active));
  const removal = useUserChange(() => deleteUser(user.id));
  const [confirming, confirm] = useDisclosure(false);
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <MutationButton mutation={activation}>
          {user.active ? t('users.manage.deactivate') : t('users.manage.reactivate')}
        </MutationButton>
        <Button color="red.9" variant="outline" onClick={confirm.open}>
          {t('users.manage.delete')}
        </Button>
      </Group>
      <ErrorAlert error={activation.apiError} />
      <ConfirmDialog
        open={confirming}
        title={t('users.manage.deleteTitle', { name: user.name })}
        confirmLabel={t('users.manage.delete')}
        pending={removal.isPending}
        error={removal.apiError}
        onConfirm={() => {
          removal.mutate(undefined);
        }}
        onCancel={() => {
          confirm.close();
          removal.reset();
        }}
      >
        <Text>{t('users.manage.deleteExplained')}</Text>
      </ConfirmDialog>
    </Stack>
  );
}

export function UserManage({ user, domains }: ManageProps) {
  const { t } = useTranslation();
  return (
    <details className="user-manage">
      <summary>{t('users.manage.open', { name: user.name })}</summary>
      <Stack gap="sm" mt="xs">
        <RoleChoice user={user} />
        <UserAccess key={`${user.role}-${String(user.allDomains)}`} user={user} domains={domains} />
        <TemporaryPassword user={user} />
        <Lifecycle user={user} />
      </Stack>
    </details>
  );
}
