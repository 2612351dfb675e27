// Settings → Users (portal administrators): the portal's users and a form that adds one.
import { zodResolver } from '@hookform/resolvers/zod';
import { NativeSelect, Paper, Stack, Table, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { newUserBody } from '../../../src/contract/auth.contract.js';
import { toApiError } from '../api.js';
import { addUser, listDomains, listUsers, userRoles, usersKey } from '../api/users.api.js';
import { formErrorText } from '../error-text.js';
import { fieldText } from '../form-errors.js';
import { ColumnHeads, labelled } from './column-heads.component.js';
import { Alert, Notice } from './feedback.component.js';
import { FormActions } from './form-actions.component.js';
import { NewPasswordField } from './new-password-field.component.js';
import { QueryState } from './query-state.component.js';
import { UserManage } from './user-manage.component.js';

import type { TFunction } from 'i18next';
import type { ApiError } from '../api.js';
import type { NewUserInput, PortalDomain, PortalUser } from '../api/users.api.js';

/** A used address is said on the email field; other refusals as the field's own check would word them. */
function emailError(t: TFunction, error: ApiError | null): string | undefined {
  return error?.code === 'email_taken' ? t('errors.email_taken') : undefined;
}

/** A user's state and domain access in words. */
function statusText(t: TFunction, user: PortalUser): string {
  if (!user.active) return t('users.status.deactivated');
  return user.mustChangePassword ? t('users.status.temporaryPassword') : t('users.status.active');
}

function accessText(t: TFunction, user: PortalUser): string {
  if (user.role === 'portal_admin' || user.allDomains) return t('users.access.all');
  return t('users.access.count', { count: user.domainIds.length });
}

function UserTable({ users, domains }: { users: PortalUser[]; domains: PortalDomain[] }) {
  const { t } = useTranslation();
  const columns = [
    ...labelled(['name', 'email', 'role', 'statusTitle', 'accessTitle'] as const, (column) => t(`users.${column}`)),
    { key: 'manage', label: <span className="visually-hidden">{t('users.manageColumn')}</span> },
  ];
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table data-testid="users" striped>
        <ColumnHeads columns={columns} />
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Th scope="row">{user.name}</Table.Th>
              <Table.Td>{user.email}</Table.Td>
              <Table.Td>{t(`userMenu.roles.${user.role}`)}</Table.Td>
              <Table.Td>{statusText(t, user)}</Table.Td>
              <Table.Td>{accessText(t, user)}</Table.Td>
              <Table.Td>
                <UserManage user={user} domains={domains} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type AddUserFormProps = { onStart: () => void; onAdded: (user: { name: string }) => void };

function AddUserForm({ onStart, onAdded }: AddUserFormProps) {
  const { t } = useTranslation();
  const form = useForm<NewUserInput>({
    resolver: zodResolver(newUserBody),
    defaultValues: { name: '', email: '', role: 'employee', password: '' },
  });
  const submit = useMutation({
    mutationFn: addUser,
    onMutate: onStart,
    onSuccess: (user) => {
      form.reset();
      onAdded(user);
    },
  });
  const error = submit.error === null ? null : toApiError(submit.error);
  const { errors } = form.formState;
  const fieldErrors = {
    name: fieldText(t, 'name', 'text', errors.name, error),
    email: emailError(t, error) ?? fieldText(t, 'email', 'email', errors.email, error),
    password: fieldText(t, 'password', 'newPassword', errors.password, error),
  };
  const onField = Object.values(fieldErrors).some((text) => text !== undefined);
  return (
    <Paper
      component="form"
      className="form panel"
      noValidate
      onSubmit={(event) => {
        // A refusal found here replaces the server's last answer (which was about other values).
        void form.handleSubmit(
          (input) => {
            submit.mutate(input);
          },
          () => {
            submit.reset();
          },
        )(event);
      }}
    >
      <Stack gap="sm">
        <Title order={3} fz="h4">
          {t('users.addTitle')}
        </Title>
        {onField ? (
          <Alert>{t('errors.validation_failed')}</Alert>
        ) : error === null ? null : (
          <Alert>{formErrorText(t, error)}</Alert>
        )}
        <TextInput
          label={t('users.name')}
          autoComplete="off"
          required
          error={fieldErrors.name}
          {...form.register('name')}
        />
        <TextInput
          label={t('users.email')}
          type="email"
          autoComplete="off"
          spellCheck={false}
          required
          error={fieldErrors.email}
          {...form.register('email')}
        />
        <NativeSelect
          label={t('users.role')}
          data={userRoles.map((role) => ({ value: role, label: t(`userMenu.roles.${role}`) }))}
          {...form.register('role')}
        />
        <NewPasswordField label={t('users.password')} error={fieldErrors.password} {...form.register('password')} />
        <FormActions submitLabel={submit.isPending ? t('users.adding') : t('users.add')} pending={submit.isPending} />
      </Stack>
    </Paper>
  );
}

/** `onAdded` tells the page, so lists of users elsewhere (who gets pop-ups) show the new colleague. */
export function Users({ onAdded }: { onAdded?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const users = useQuery({
    queryKey: usersKey,
    queryFn: () => Promise.all([listUsers(), listDomains()]),
  });
  const [added, setAdded] = useState<string | null>(null);
  return (
    <>
      {added === null ? null : <Notice>{t('users.added', { name: added })}</Notice>}
      <QueryState query={users}>{([list, domains]) => <UserTable users={list} domains={domains} />}</QueryState>
      <AddUserForm
        onStart={() => {
          setAdded(null);
        }}
        onAdded={(user) => {
          setAdded(user.name);
          void queryClient.invalidateQueries({ queryKey: usersKey });
          onAdded?.();
        }}
      />
    </>
  );
}
