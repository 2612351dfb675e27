// Settings: which users get pop-ups from which source, and each user's extensions and direct numbers.
import { Button, Checkbox, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getSources, getUserPhones, setAssignees, setUserPhones } from '../api/callerid.api.js';
import { listUsers, usersKey } from '../api/users.api.js';
import { fieldProblemText } from '../error-text.js';
import { useApiMutation } from '../use-api-mutation.js';
import { ErrorAlert } from './feedback.component.js';
import { Form } from './form.component.js';
import { QueryState } from './query-state.component.js';

import type { CallerIdSource } from '../api/callerid.api.js';
import type { PortalUser } from '../api/users.api.js';

/** Under the users' key: a user added or changed elsewhere is read again here too. */
const assignmentsKey = [...usersKey, 'callerid-assignments'] as const;

async function loadAssignments() {
  const [sources, users] = await Promise.all([getSources(), listUsers()]);
  const phones = await Promise.all(users.map((user) => getUserPhones(user.id)));
  return { sources, users: users.map((user, i) => ({ ...user, phones: phones[i] ?? [] })) };
}

/** A save that reads the assignments again afterwards; `saved` holds until the user changes something. */
function useAssignmentSave<A>(save: (argument: A) => Promise<unknown>) {
  return useApiMutation(save, { invalidates: assignmentsKey });
}

export function CallerIdAssignments() {
  const { t } = useTranslation();
  const assignments = useQuery({ queryKey: assignmentsKey, queryFn: loadAssignments, staleTime: 0 });
  return (
    <QueryState query={assignments}>
      {(data) => (
        <Stack gap="md">
          <Title order={3} fz="h4">
            {t('callerid.assign.sources')}
          </Title>
          {data.sources.length === 0 ? (
            <Text className="empty-state">{t('callerid.assign.noSources')}</Text>
          ) : (
            data.sources.map((source) => (
              <SourceAssignees key={source.connectionId} source={source} users={data.users} />
            ))
          )}
          <Title order={3} fz="h4">
            {t('callerid.assign.phones')}
          </Title>
          {data.users.map((user) => (
            <UserPhones key={user.id} user={user} phones={user.phones} />
          ))}
        </Stack>
      )}
    </QueryState>
  );
}

function SourceAssignees({ source, users }: { source: CallerIdSource; users: readonly PortalUser[] }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string[]>(source.assignees);
  const save = useAssignmentSave((userIds: string[]) => setAssignees(source.connectionId, userIds));
  return (
    <Form
      onSubmit={() => {
        save.mutate(chosen);
      }}
    >
      <Stack gap="xs">
        <Checkbox.Group
          label={t('callerid.assign.legend', { system: source.systemName })}
          value={chosen}
          onChange={(next) => {
            setChosen(next);
            save.reset();
          }}
        >
          <Stack gap="xs" mt="xs">
            {users.map((user) => (
              <Checkbox key={user.id} value={user.id} label={`${user.name} (${user.email})`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <ErrorAlert error={save.apiError} detailed />
        {save.isSuccess ? <p role="status">{t('callerid.assign.saved')}</p> : null}
        <div>
          <Button type="submit" variant="default" loading={save.isPending}>
            {t('callerid.assign.save', { system: source.systemName })}
          </Button>
        </div>
      </Stack>
    </Form>
  );
}

function UserPhones({ user, phones }: { user: PortalUser; phones: readonly string[] }) {
  const { t } = useTranslation();
  const [text, setText] = useState(phones.join(', '));
  const save = useAssignmentSave((numbers: string[]) => setUserPhones(user.id, numbers));
  const fieldError = save.apiError?.fieldErrors.map((problem) => fieldProblemText(t, problem)).join(' ');
  return (
    <Form
      noValidate
      onSubmit={() => {
        save.mutate(
          text
            .split(/[,;\n]/)
            .map((part) => part.trim())
            .filter((part) => part !== ''),
        );
      }}
    >
      <Stack gap="xs">
        <TextInput
          label={t('callerid.assign.phonesOf', { name: user.name })}
          description={t('callerid.assign.phonesHint')}
          value={text}
          error={fieldError === '' ? undefined : fieldError}
          onChange={(event) => {
            setText(event.currentTarget.value);
            save.reset();
          }}
        />
        {save.apiError?.fieldErrors.length === 0 ? <ErrorAlert error={save.apiError} detailed /> : null}
        {save.isSuccess ? <p role="status">{t('callerid.assign.saved')}</p> : null}
        <div>
          <Button type="submit" variant="default" loading={save.isPending}>
            {t('callerid.assign.savePhones')}
            <span className="visually-hidden"> {user.name}</span>
          </Button>
        </div>
      </Stack>
    </Form>
  );
}
