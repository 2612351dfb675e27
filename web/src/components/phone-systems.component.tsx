// Settings: phone systems (PBX) that report calls; their token and webhook secret are shown once.
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  addPhoneSystem,
  getPhoneSystems,
  removePhoneSystem,
  rotatePhoneSystem,
  setPhoneSystemSenders,
} from '../api/callerid.api.js';
import { formFieldError } from '../form-errors.js';
import { formatDateTime } from '../format.js';
import { valueTo } from '../input-events.js';
import { useApiMutation } from '../use-api-mutation.js';
import { ErrorAlert } from './feedback.component.js';
import { Form, SendForm } from './form.component.js';
import { ItemButton, QueryList } from './item-list.component.js';
import { ShownOnce } from './shown-once.component.js';

import type { PhoneSystemCredentials } from '../api/callerid.api.js';

type PhoneSystem = Awaited<ReturnType<typeof getPhoneSystems>>[number];

const phoneSystemsKey = ['phone-systems'] as const;

/** A new or rotated system's token and webhook secret: shown this once only. */
function ShownCredentials({ shown }: { shown: PhoneSystemCredentials }) {
  const { t } = useTranslation();
  const values = [
    { term: t('callerid.pbx.webhookUrl'), value: shown.endpoints.events },
    { term: t('callerid.pbx.webhookSecret'), value: shown.webhookSecret },
    { term: t('callerid.pbx.urlTemplate'), value: shown.endpoints.urlTemplate.replace('<token>', shown.token) },
    { term: t('callerid.pbx.token'), value: shown.token },
    { term: t('callerid.pbx.threeCxLookup'), value: shown.endpoints.threeCxLookup },
    { term: t('callerid.pbx.voipgridName'), value: shown.endpoints.voipgridName.replace('<token>', shown.token) },
    {
      term: t('callerid.pbx.voysNotifications'),
      value: shown.endpoints.voysNotifications.replace('<token>', shown.token),
    },
  ];
  return (
    <ShownOnce
      intro={t('callerid.pbx.shownOnce', { name: shown.name })}
      values={values}
      addresses={values.map(({ value }) => value)}
      hints={
        <>
          <p className="field-hint">
            {t('callerid.pbx.threeCxHint', { server: shown.endpoints.threeCxLookup.split('/api/')[0] ?? '' })}
          </p>
          <p className="field-hint">{t('callerid.pbx.voysHint')}</p>
        </>
      }
    />
  );
}

type Act = (run: () => Promise<PhoneSystemCredentials | undefined>) => void;

/** The addresses Voys notifications may come from (Voys notifications are not signed). */
function AllowedSenders({ system }: { system: PhoneSystem }) {
  const { t } = useTranslation();
  const [text, setText] = useState(system.allowedSenders.join(', '));
  const save = useApiMutation((senders: string[]) => setPhoneSystemSenders(system.id, senders));
  const error = save.apiError;
  return (
    <Form
      noValidate
      className="inline-form"
      onSubmit={() => {
        save.mutate(text.split(/[\s,;]+/).filter(Boolean));
      }}
    >
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t('callerid.pbx.allowedSenders', { name: system.name })}
          description={t('callerid.pbx.allowedSendersHint')}
          value={text}
          error={formFieldError(t, error, 'allowedSenders')}
          onChange={(event) => {
            setText(event.currentTarget.value);
            save.reset();
          }}
        />
        <Button type="submit" variant="default" loading={save.isPending}>
          {t('callerid.pbx.saveSenders')}
        </Button>
        {save.isSuccess ? <span role="status">{t('callerid.pbx.sendersSaved')}</span> : null}
      </Group>
    </Form>
  );
}

function PhoneSystemItem({ system, act }: { system: PhoneSystem; act: Act }) {
  const { t } = useTranslation();
  return (
    <li>
      <Stack gap="xs">
        <div>
          <strong>{system.name}</strong>{' '}
          {t('callerid.pbx.lastEvent', { at: formatDateTime(system.lastEventAt, t('callerid.pbx.never')) })}
        </div>
        <Group gap="xs">
          <ItemButton
            itemName={system.name}
            onClick={() => {
              act(() => rotatePhoneSystem(system.id));
            }}
          >
            {t('callerid.pbx.rotate')}
          </ItemButton>
          <ItemButton
            itemName={system.name}
            onClick={() => {
              act(async () => {
                await removePhoneSystem(system.id);
                return undefined;
              });
            }}
          >
            {t('callerid.pbx.remove')}
          </ItemButton>
        </Group>
        <AllowedSenders system={system} />
      </Stack>
    </li>
  );
}

function AddPhoneSystem({ onAdded }: { onAdded: (created: PhoneSystemCredentials) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const add = useApiMutation(addPhoneSystem, {
    onSuccess: (created) => {
      setName('');
      onAdded(created);
    },
  });
  const error = add.apiError;
  return (
    <SendForm
      onSubmit={() => {
        add.mutate(name.trim());
      }}
      error={error}
      pending={add.isPending}
      submitLabel={t('callerid.pbx.add')}
    >
      <TextInput
        label={t('callerid.pbx.name')}
        required
        value={name}
        error={formFieldError(t, error, 'name')}
        onChange={valueTo(setName)}
      />
    </SendForm>
  );
}

export function PhoneSystems() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const systems = useQuery({ queryKey: phoneSystemsKey, queryFn: getPhoneSystems, staleTime: 0 });
  const [shown, setShown] = useState<PhoneSystemCredentials | null>(null);
  const afterChange = (credentials: PhoneSystemCredentials | undefined): void => {
    setShown(credentials ?? null);
    void queryClient.invalidateQueries({ queryKey: phoneSystemsKey });
  };
  const action = useApiMutation((run: () => Promise<PhoneSystemCredentials | undefined>) => run(), {
    onSuccess: afterChange,
  });
  const act: Act = (run) => {
    action.mutate(run);
  };

  return (
    <Stack className="phone-systems" gap="md">
      {shown === null ? null : <ShownCredentials shown={shown} />}
      <ErrorAlert error={action.apiError} />
      <QueryList query={systems} empty={t('callerid.pbx.none')}>
        {(system) => <PhoneSystemItem key={system.id} system={system} act={act} />}
      </QueryList>
      <AddPhoneSystem onAdded={afterChange} />
    </Stack>
  );
}
