// Settings: which users get pop-ups from which source, and each user's extensions and direct numbers.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getSources, getUserPhones, setAssignees, setUserPhones } from '../api/callerid.api.js';
import { listUsers } from '../api/users.api.js';
import { useLoad } from '../use-load.js';
import { formText, useSubmit } from '../use-submit.js';
import { ErrorAlert } from './feedback.component.js';
import { LoadState } from './load-state.component.js';
import { TextField } from './text-field.component.js';

import type { CallerIdSource } from '../api/callerid.api.js';
import type { PortalUser } from '../api/users.api.js';

async function loadAssignments() {
  const [sources, users] = await Promise.all([getSources(), listUsers()]);
  const phones = await Promise.all(users.map((user) => getUserPhones(user.id)));
  return { sources, users: users.map((user, i) => ({ ...user, phones: phones[i] ?? [] })) };
}

/** `version` changes when users were added elsewhere on the page, so they are read again. */
export function CallerIdAssignments({ version }: { version: number }) {
  const { t } = useTranslation();
  const { state, reload } = useLoad(loadAssignments, [version]);
  if (state.kind !== 'ready') return <LoadState state={state} onRetry={reload} />;
  return (
    <>
      <h3>{t('callerid.assign.sources')}</h3>
      {state.data.sources.length === 0 ? (
        <p className="empty-state">{t('callerid.assign.noSources')}</p>
      ) : (
        state.data.sources.map((source) => (
          <SourceAssignees key={source.connectionId} source={source} users={state.data.users} onSaved={reload} />
        ))
      )}
      <h3>{t('callerid.assign.phones')}</h3>
      {state.data.users.map((user) => (
        <UserPhones key={user.id} user={user} phones={user.phones} onSaved={reload} />
      ))}
    </>
  );
}

function SourceAssignees({
  source,
  users,
  onSaved,
}: {
  source: CallerIdSource;
  users: readonly PortalUser[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const save = useSubmit(
    (form) => setAssignees(source.connectionId, form.getAll('userIds').map(String)),
    () => {
      setSaved(true);
      onSaved();
    },
  );
  return (
    <form onSubmit={save.onSubmit}>
      <fieldset
        onChange={() => {
          setSaved(false);
        }}
      >
        <legend>{t('callerid.assign.legend', { system: source.systemName })}</legend>
        {users.map((user) => (
          <label key={user.id} className="checkbox">
            <input type="checkbox" name="userIds" value={user.id} defaultChecked={source.assignees.includes(user.id)} />{' '}
            {user.name} ({user.email})
          </label>
        ))}
      </fieldset>
      <ErrorAlert error={save.error} detailed />
      {saved ? <p role="status">{t('callerid.assign.saved')}</p> : null}
      <button type="submit" disabled={save.pending}>
        {t('callerid.assign.save', { system: source.systemName })}
      </button>
    </form>
  );
}

function UserPhones({ user, phones, onSaved }: { user: PortalUser; phones: readonly string[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const save = useSubmit(
    (form) =>
      setUserPhones(
        user.id,
        formText(form, 'phones')
          .split(/[,;\n]/)
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      ),
    () => {
      setSaved(true);
      onSaved();
    },
  );
  const fieldError = save.error?.fieldErrors.map((e) => e.message).join(' ');
  return (
    <form onSubmit={save.onSubmit} noValidate>
      <TextField
        label={t('callerid.assign.phonesOf', { name: user.name })}
        name="phones"
        hint={t('callerid.assign.phonesHint')}
        defaultValue={phones.join(', ')}
        error={fieldError === '' ? undefined : fieldError}
        onChange={() => {
          setSaved(false);
        }}
      />
      {save.error?.fieldErrors.length === 0 ? <ErrorAlert error={save.error} detailed /> : null}
      {saved ? <p role="status">{t('callerid.assign.saved')}</p> : null}
      <button type="submit" disabled={save.pending}>
        {t('callerid.assign.savePhones')}
        <span className="visually-hidden"> {user.name}</span>
      </button>
    </form>
  );
}
