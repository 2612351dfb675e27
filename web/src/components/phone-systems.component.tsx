// Settings: phone systems (PBX) that report calls; their token and webhook secret are shown once.
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import {
  addPhoneSystem,
  getPhoneSystems,
  removePhoneSystem,
  rotatePhoneSystem,
  setPhoneSystemSenders,
} from '../api/callerid.api.js';
import { formFieldError } from '../form-errors.js';
import { formatDateTime } from '../format.js';
import { LocalAddressWarning } from './copyable-address.component.js';
import { ErrorAlert } from './feedback.component.js';
import { QueryState } from './query-state.component.js';

import type { PhoneSystemCredentials } from '../api/callerid.api.js';

type PhoneSystem = Awaited<ReturnType<typeof getPhoneSystems>>[number];

const phoneSystemsKey = ['phone-systems'] as const;

/** A new or rotated system's token and webhook secret: shown this once only. */
function ShownCredentials({ shown }: { shown: PhoneSystemCredentials }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('callerid.pbx.webhookUrl'), shown.endpoints.events],
    [t('callerid.pbx.webhookSecret'), shown.webhookSecret],
    [t('callerid.pbx.urlTemplate'), shown.endpoints.urlTemplate.replace('<token>', shown.token)],
    [t('callerid.pbx.token'), shown.token],
    [t('callerid.pbx.threeCxLookup'), shown.endpoints.threeCxLookup],
    [t('callerid.pbx.voipgridName'), shown.endpoints.voipgridName.replace('<token>', shown.token)],
    [t('callerid.pbx.voysNotifications'), shown.endpoints.voysNotifications.replace('<token>', shown.token)],
  ];
  return (
    <div className="webhook" role="status">
      <p>{t('callerid.pbx.shownOnce', { name: shown.name })}</p>
      <dl>
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </Fragment>
        ))}
      </dl>
      <LocalAddressWarning addresses={rows.map(([, value]) => value)} />
      <p className="field-hint">
        {t('callerid.pbx.threeCxHint', { server: shown.endpoints.threeCxLookup.split('/api/')[0] ?? '' })}
      </p>
      <p className="field-hint">{t('callerid.pbx.voysHint')}</p>
    </div>
  );
}

type Act = (run: () => Promise<PhoneSystemCredentials | undefined>) => void;

/** The addresses Voys notifications may come from (Voys notifications are not signed). */
function AllowedSenders({ system }: { system: PhoneSystem }) {
  const { t } = useTranslation();
  const [text, setText] = useState(system.allowedSenders.join(', '));
  const save = useMutation({ mutationFn: (senders: string[]) => setPhoneSystemSenders(system.id, senders) });
  const error = save.error === null ? null : toApiError(save.error);
  return (
    <form
      noValidate
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
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
    </form>
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
          <Button
            variant="default"
            size="compact-sm"
            onClick={() => {
              act(() => rotatePhoneSystem(system.id));
            }}
          >
            {t('callerid.pbx.rotate')}
            <span className="visually-hidden"> {system.name}</span>
          </Button>
          <Button
            variant="default"
            size="compact-sm"
            onClick={() => {
              act(async () => {
                await removePhoneSystem(system.id);
                return undefined;
              });
            }}
          >
            {t('callerid.pbx.remove')}
            <span className="visually-hidden"> {system.name}</span>
          </Button>
        </Group>
        <AllowedSenders system={system} />
      </Stack>
    </li>
  );
}

function AddPhoneSystem({ onAdded }: { onAdded: (created: PhoneSystemCredentials) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: addPhoneSystem,
    onSuccess: (created) => {
      setName('');
      onAdded(created);
    },
  });
  const error = add.error === null ? null : toApiError(add.error);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate(name.trim());
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('callerid.pbx.name')}
          required
          value={name}
          error={formFieldError(t, error, 'name')}
          onChange={(event) => {
            setName(event.currentTarget.value);
          }}
        />
        <ErrorAlert error={error} detailed />
        <div>
          <Button type="submit" loading={add.isPending}>
            {t('callerid.pbx.add')}
          </Button>
        </div>
      </Stack>
    </form>
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
  const action = useMutation({
    mutationFn: (run: () => Promise<PhoneSystemCredentials | undefined>) => run(),
    onSuccess: afterChange,
  });
  const act: Act = (run) => {
    action.mutate(run);
  };

  return (
    <Stack className="phone-systems" gap="md">
      {shown === null ? null : <ShownCredentials shown={shown} />}
      <ErrorAlert error={action.error === null ? null : toApiError(action.error)} />
      <QueryState query={systems}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty-state">{t('callerid.pbx.none')}</p>
          ) : (
            <ul>
              {list.map((system) => (
                <PhoneSystemItem key={system.id} system={system} act={act} />
              ))}
            </ul>
          )
        }
      </QueryState>
      <AddPhoneSystem onAdded={afterChange} />
    </Stack>
  );
}
