// Settings: phone systems (PBX) that report calls; their token and webhook secret are shown once.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { addPhoneSystem, getPhoneSystems, removePhoneSystem, rotatePhoneSystem } from '../api/callerid.api.js';
import { errorText, formErrorText } from '../error-text.js';
import { formatDateTime } from '../format.js';
import { useLoad } from '../use-load.js';
import { formText, useSubmit } from '../use-submit.js';
import { LoadState } from './load-state.component.js';
import { TextField } from './text-field.component.js';

import type { ApiError } from '../api.js';
import type { PhoneSystemCredentials } from '../api/callerid.api.js';

export function PhoneSystems() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getPhoneSystems, []);
  const [shown, setShown] = useState<PhoneSystemCredentials | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const add = useSubmit(
    (form) => addPhoneSystem(formText(form, 'name').trim()),
    (created) => {
      setShown(created);
      reload();
    },
  );
  const act = (run: () => Promise<PhoneSystemCredentials | undefined>) => {
    setActionError(null);
    run().then(
      (credentials) => {
        setShown(credentials ?? null);
        reload();
      },
      (error: unknown) => {
        setActionError(toApiError(error));
      },
    );
  };

  return (
    <div className="phone-systems">
      {shown === null ? null : (
        <div className="webhook" role="status">
          <p>{t('callerid.pbx.shownOnce', { name: shown.name })}</p>
          <dl>
            <dt>{t('callerid.pbx.webhookUrl')}</dt>
            <dd>
              <code>{shown.endpoints.events}</code>
            </dd>
            <dt>{t('callerid.pbx.webhookSecret')}</dt>
            <dd>
              <code>{shown.webhookSecret}</code>
            </dd>
            <dt>{t('callerid.pbx.urlTemplate')}</dt>
            <dd>
              <code>{shown.endpoints.urlTemplate.replace('<token>', shown.token)}</code>
            </dd>
            <dt>{t('callerid.pbx.token')}</dt>
            <dd>
              <code>{shown.token}</code>
            </dd>
            <dt>{t('callerid.pbx.threeCxLookup')}</dt>
            <dd>
              <code>{shown.endpoints.threeCxLookup}</code>
            </dd>
          </dl>
          <p className="field-hint">
            {t('callerid.pbx.threeCxHint', { server: shown.endpoints.threeCxLookup.split('/api/')[0] ?? '' })}
          </p>
        </div>
      )}
      {actionError === null ? null : (
        <p className="form-error" role="alert">
          {errorText(t, actionError)}
        </p>
      )}
      {state.kind !== 'ready' ? (
        <LoadState state={state} onRetry={reload} />
      ) : state.data.length === 0 ? (
        <p className="empty-state">{t('callerid.pbx.none')}</p>
      ) : (
        <ul>
          {state.data.map((system) => (
            <li key={system.id}>
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
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add.onSubmit} noValidate>
        <TextField label={t('callerid.pbx.name')} name="name" required error={add.error?.fieldMessage('name')} />
        {add.error === null ? null : (
          <p className="form-error" role="alert">
            {formErrorText(t, add.error)}
          </p>
        )}
        <button type="submit" disabled={add.pending}>
          {t('callerid.pbx.add')}
        </button>
      </form>
    </div>
  );
}
