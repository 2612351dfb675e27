// Settings → Users (portal administrators): the portal's users and a form that adds one.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { MIN_PASSWORD_LENGTH } from '../../../src/contract/auth.contract.js';
import { addUser, listDomains, listUsers, userRoles } from '../api/users.api.js';
import { formErrorText, passwordWeaknessText } from '../error-text.js';
import { useLoad } from '../use-load.js';
import { formText, useSubmit } from '../use-submit.js';
import { Alert, Notice } from './feedback.component.js';
import { FormActions } from './form-actions.component.js';
import { LoadState } from './load-state.component.js';
import { NewPasswordField } from './new-password-field.component.js';
import { SelectField } from './select-field.component.js';
import { TableHead } from './table-head.component.js';
import { TextField } from './text-field.component.js';
import { UserManage } from './user-manage.component.js';

import type { TFunction } from 'i18next';
import type { ApiError } from '../api.js';
import type { NewUserInput, PortalDomain, PortalUser } from '../api/users.api.js';

/** The fields that show an error; the role is a fixed choice the server cannot refuse. */
const fields = ['name', 'email', 'password'] as const;
type Field = (typeof fields)[number];

function read(form: FormData): NewUserInput {
  const role = formText(form, 'role');
  return {
    name: formText(form, 'name'),
    email: formText(form, 'email').trim(),
    role: userRoles.find((known) => known === role) ?? 'employee',
    password: formText(form, 'password'),
  };
}

/**
 * The message for one field: a used email on the email field, and for a field the server refused our own words
 * when we know which rule it broke (the server's words otherwise).
 */
function fieldErrorText(
  t: TFunction,
  error: ApiError | null,
  field: Field,
  submitted: NewUserInput | null,
): string | undefined {
  if (error === null) return undefined;
  if (error.code === 'email_taken') return field === 'email' ? t('errors.email_taken') : undefined;
  if (error.code === 'password_too_weak') return field === 'password' ? passwordWeaknessText(t, error) : undefined;
  const message = error.fieldMessage(field);
  if (message === undefined) return undefined;
  if (field === 'name' && submitted?.name.trim() === '') return t('users.nameRequired');
  if (field === 'email') return t('users.emailInvalid');
  if (field === 'password' && submitted !== null && submitted.password.length < MIN_PASSWORD_LENGTH)
    return t('users.passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  return message;
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

function UserTable({
  users,
  domains,
  onChanged,
}: {
  users: PortalUser[];
  domains: PortalDomain[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  return (
    <table className="table" data-testid="users">
      <TableHead
        columns={[
          t('users.name'),
          t('users.email'),
          t('users.role'),
          t('users.statusTitle'),
          t('users.accessTitle'),
          '',
        ]}
      />
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <th scope="row">{user.name}</th>
            <td>{user.email}</td>
            <td>{t(`userMenu.roles.${user.role}`)}</td>
            <td>{statusText(t, user)}</td>
            <td>{accessText(t, user)}</td>
            <td>
              <UserManage user={user} domains={domains} onChanged={onChanged} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `onAdded` tells the page, so lists of users elsewhere (who gets pop-ups) show the new colleague. */
export function Users({ onAdded }: { onAdded?: () => void }) {
  const { t } = useTranslation();
  const { state, reload } = useLoad(() => Promise.all([listUsers(), listDomains()]), []);
  const formRef = useRef<HTMLFormElement>(null);
  const [submitted, setSubmitted] = useState<NewUserInput | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const { pending, error, onSubmit } = useSubmit(
    (form) => {
      const input = read(form);
      setSubmitted(input);
      setAdded(null);
      return addUser(input);
    },
    (user) => {
      formRef.current?.reset();
      setSubmitted(null);
      setAdded(user.name);
      reload();
      onAdded?.();
    },
  );

  const fieldError = (field: Field): string | undefined => fieldErrorText(t, error, field, submitted);
  const onField = fields.some((field) => fieldError(field) !== undefined);

  return (
    <>
      {added === null ? null : <Notice>{t('users.added', { name: added })}</Notice>}
      {state.kind !== 'ready' ? (
        <LoadState state={state} onRetry={reload} />
      ) : (
        <UserTable users={state.data[0]} domains={state.data[1]} onChanged={reload} />
      )}
      <form ref={formRef} className="form panel" onSubmit={onSubmit} noValidate>
        <h3>{t('users.addTitle')}</h3>
        {error === null ? null : <Alert>{onField ? t('errors.validation_failed') : formErrorText(t, error)}</Alert>}
        <TextField label={t('users.name')} name="name" autoComplete="off" required error={fieldError('name')} />
        <TextField
          label={t('users.email')}
          name="email"
          type="email"
          autoComplete="off"
          spellCheck={false}
          required
          error={fieldError('email')}
        />
        <SelectField
          label={t('users.role')}
          name="role"
          defaultValue="employee"
          options={userRoles.map((role) => ({ value: role, label: t(`userMenu.roles.${role}`) }))}
        />
        <NewPasswordField label={t('users.password')} name="password" error={fieldError('password')} />
        <FormActions submitLabel={pending ? t('users.adding') : t('users.add')} pending={pending} />
      </form>
    </>
  );
}
