// Settings: phone systems (PBX) that report calls; their token and webhook secret are shown once.
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  addPhoneSystem,
  getPhoneSystems,
  removePhoneSystem,
  rotatePhoneSystem,
  setPhoneSystemSenders,
} from '../api/callerid.api.js';
import { formatDateTime } from '../format.js';
import { useAction } from '../use-action.js';
import { useLoad } from '../use-load.js';
import { formText, useSubmit } from '../use-submit.js';
import { LocalAddressWarning } from './copyable-address.component.js';
import { ErrorAlert } from './feedback.component.js';
import { LoadState } from './load-state.component.js';
import { TextField } from './text-field.component.js';

import type { PhoneSystemCredentials } from '../api/callerid.api.js';

type PhoneSystem = Awaited<ReturnType<typeof getPhoneSystems>>[number];

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
  const [saved, setSaved] = useState(false);
  const save = useSubmit(
    (form) =>
      setPhoneSystemSenders(
        system.id,
        formText(form, 'allowedSenders')
          .split(/[\s,;]+/)
          .filter(Boolean),
      ),
    () => {
      setSaved(true);
    },
  );
  return (
    <form onSubmit={save.onSubmit} noValidate className="inline-form">
      <TextField
        label={t('callerid.pbx.allowedSenders', { name: system.name })}
        name="allowedSenders"
        defaultValue={system.allowedSenders.join(', ')}
        hint={t('callerid.pbx.allowedSendersHint')}
        error={save.error?.fieldMessage('allowedSenders')}
        onChange={() => {
          setSaved(false);
        }}
      />
      <button type="submit" disabled={save.pending}>
        {t('callerid.pbx.saveSenders')}
      </button>
      {saved ? <span role="status">{t('callerid.pbx.sendersSaved')}</span> : null}
    </form>
  );
}

function PhoneSystemItem({ system, act }: { system: PhoneSystem; act: Act }) {
  const { t } = useTranslation();
  return (
    <li>
      <strong>{system.name}</strong>{' '}
      {t('callerid.pbx.lastEvent', { at: formatDateTime(system.lastEventAt, t('callerid.pbx.never')) })}{' '}
      <button
        type="button"
        onClick={() => {
          act(() => rotatePhoneSystem(system.id));
        }}
      >
        {t('callerid.pbx.rotate')}
        <span className="visually-hidden"> {system.name}</span>
      </button>{' '}
      <button
        type="button"
        onClick={() => {
          act(async () => {
            await removePhoneSystem(system.id);
            return undefined;
          });
        }}
      >
        {t('callerid.pbx.remove')}
        <span className="visually-hidden"> {system.name}</span>
      </button>
      <AllowedSenders system={system} />
    </li>
  );
}

function AddPhoneSystem({ onAdded }: { onAdded: (created: PhoneSystemCredentials) => void }) {
  const { t } = useTranslation();
  const add = useSubmit((form) => addPhoneSystem(formText(form, 'name').trim()), onAdded);
  return (
    <form onSubmit={add.onSubmit} noValidate>
      <TextField label={t('callerid.pbx.name')} name="name" required error={add.error?.fieldMessage('name')} />
      <ErrorAlert error={add.error} detailed />
      <button type="submit" disabled={add.pending}>
        {t('callerid.pbx.add')}
      </button>
    </form>
  );
}

export function PhoneSystems() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getPhoneSystems, []);
  const [shown, setShown] = useState<PhoneSystemCredentials | null>(null);
  const action = useAction();
  const act: Act = (run) => {
    action.run(run, (credentials) => {
      setShown(credentials ?? null);
      reload();
    });
  };

  return (
    <div className="phone-systems">
      {shown === null ? null : <ShownCredentials shown={shown} />}
      <ErrorAlert error={action.error} />
      {state.kind !== 'ready' ? (
        <LoadState state={state} onRetry={reload} />
      ) : state.data.length === 0 ? (
        <p className="empty-state">{t('callerid.pbx.none')}</p>
      ) : (
        <ul>
          {state.data.map((system) => (
            <PhoneSystemItem key={system.id} system={system} act={act} />
          ))}
        </ul>
      )}
      <AddPhoneSystem
        onAdded={(created) => {
          setShown(created);
          reload();
        }}
      />
    </div>
  );
}
