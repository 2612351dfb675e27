// Settings → CRMHub: intake sources (Radar, Visma Advisor, ClientOnline, other) with their push credentials, shown once.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { addIntakeSource, getIntakeSources, removeIntakeSource, rotateIntakeSource } from '../api/intake.api.js';
import { formatDateTime } from '../format.js';
import { useAction } from '../use-action.js';
import { useLoad } from '../use-load.js';
import { formText, useSubmit } from '../use-submit.js';
import { LocalAddressWarning } from './copyable-address.component.js';
import { ErrorAlert } from './feedback.component.js';
import { IntakeFileImport } from './intake-file-import.component.js';
import { LoadState } from './load-state.component.js';
import { SelectField } from './select-field.component.js';
import { TextField } from './text-field.component.js';

import type { CrmSystemView } from '../../../src/contract/connections.contract.js';
import type { IntakeCredentials, IntakeSource } from '../api/intake.api.js';

/** The environment URL, key and secret of a new or rotated source: the secret cannot be shown again. */
function IssuedCredentials({ issued }: { issued: IntakeCredentials }) {
  const { t } = useTranslation();
  const values = [
    { key: 'environmentUrl', value: issued.environmentUrl },
    { key: 'apiKey', value: issued.apiKey },
    { key: 'apiSecret', value: issued.apiSecret },
  ] as const;
  return (
    <div className="webhook" role="status">
      <p>{t('intake.shownOnce', { name: issued.name })}</p>
      <dl>
        {values.flatMap(({ key, value }) => [
          <dt key={`${key}-term`}>{t(`intake.${key}`)}</dt>,
          <dd key={`${key}-value`}>
            <code data-testid={`intake-${key}`}>{value}</code>
          </dd>,
        ])}
      </dl>
      <LocalAddressWarning addresses={[issued.environmentUrl]} />
      <p className="field-hint">{t('intake.pushHint')}</p>
    </div>
  );
}

/** The CRMs whose set-up steps the locales word; another intake system shows none. */
const stepsOf = ['radar', 'visma_advisor', 'clientonline', 'other_crm'] as const;

/** What to ask the vendor and which export to make, for one CRM. */
function SetupSteps({ system }: { system: string }) {
  const { t } = useTranslation();
  const known = stepsOf.find((candidate) => candidate === system);
  if (known === undefined) return null;
  return (
    <ol className="field-hint" aria-label={t('intake.setupTitle')}>
      <li>{t(`intake.setup.${known}.ask`)}</li>
      <li>{t(`intake.setup.${known}.export`)}</li>
    </ol>
  );
}

function AddIntakeSource({
  systems,
  onAdded,
}: {
  systems: readonly CrmSystemView[];
  onAdded: (c: IntakeCredentials) => void;
}) {
  const { t } = useTranslation();
  const [system, setSystem] = useState(systems[0]?.id ?? '');
  const submit = useSubmit(
    (form) => addIntakeSource({ name: formText(form, 'name').trim(), system: formText(form, 'system') }),
    onAdded,
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <TextField label={t('intake.name')} name="name" required error={submit.error?.fieldMessage('name')} />
      <SelectField
        label={t('intake.system')}
        name="system"
        value={system}
        onChange={(event) => {
          setSystem(event.target.value);
        }}
        options={systems.map((candidate) => ({ value: candidate.id, label: candidate.displayName }))}
      />
      {system === '' ? null : <SetupSteps system={system} />}
      <ErrorAlert error={submit.error} detailed />
      <button type="submit" disabled={submit.pending}>
        {t('intake.add')}
      </button>
    </form>
  );
}

function SourceRow({
  source,
  onRotate,
  onRemove,
  onImported,
}: {
  source: IntakeSource;
  onRotate: () => void;
  onRemove: () => void;
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const live = source.status !== 'disconnected';
  const [importing, setImporting] = useState(false);
  return (
    <li>
      <strong>{source.name}</strong> ({source.systemName}, <code>{source.apiKeyPrefix}…</code>){' '}
      {live
        ? t('intake.lastBatch', { at: formatDateTime(source.lastBatchAt, t('intake.never')) })
        : t('intake.removed')}
      {live ? (
        <>
          {' '}
          <button type="button" onClick={onRotate}>
            {t('intake.rotate')}
            <span className="visually-hidden"> {source.name}</span>
          </button>{' '}
          <button type="button" onClick={onRemove}>
            {t('intake.remove')}
            <span className="visually-hidden"> {source.name}</span>
          </button>{' '}
          <button
            type="button"
            aria-expanded={importing}
            onClick={() => {
              setImporting(!importing);
            }}
          >
            {t(importing ? 'intakeFile.close' : 'intakeFile.open')}
            <span className="visually-hidden"> {source.name}</span>
          </button>
          {importing ? <IntakeFileImport sourceId={source.id} onCommitted={onImported} /> : null}
        </>
      ) : null}
    </li>
  );
}

/** For portal administrators: intake sources are the CRM connection of a CRM that sends its records to crmhub. */
export function IntakeSources({ systems, onChanged }: { systems: readonly CrmSystemView[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const intakeSystems = systems.filter((system) => system.availability === 'intake');
  const { state, reload } = useLoad(getIntakeSources, []);
  const [issued, setIssued] = useState<IntakeCredentials | null>(null);
  const action = useAction();
  const done = (credentials: IntakeCredentials | null): void => {
    setIssued(credentials);
    reload();
    onChanged();
  };
  return (
    <div className="intake-sources">
      <h3>{t('intake.title')}</h3>
      <p className="field-hint">{t('intake.description')}</p>
      {issued === null ? null : <IssuedCredentials issued={issued} />}
      <ErrorAlert error={action.error} />
      {state.kind !== 'ready' ? (
        <LoadState state={state} onRetry={reload} />
      ) : state.data.length === 0 ? (
        <p className="empty-state">{t('intake.none')}</p>
      ) : (
        <ul>
          {state.data.map((source) => (
            <SourceRow
              key={source.id}
              source={source}
              onRotate={() => {
                action.run(() => rotateIntakeSource(source.id), done);
              }}
              onRemove={() => {
                action.run(() => removeIntakeSource(source.id).then(() => null), done);
              }}
              onImported={reload}
            />
          ))}
        </ul>
      )}
      {intakeSystems.length === 0 ? null : <AddIntakeSource systems={intakeSystems} onAdded={done} />}
    </div>
  );
}
