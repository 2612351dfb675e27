// Settings → CRMHub: intake sources (Radar, Visma Advisor, ClientOnline, other) with their push credentials, shown once.
import { Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { addIntakeSource, getIntakeSources, removeIntakeSource, rotateIntakeSource } from '../api/intake.api.js';
import { formFieldError } from '../form-errors.js';
import { formatDateTime } from '../format.js';
import { LocalAddressWarning } from './copyable-address.component.js';
import { ErrorAlert } from './feedback.component.js';
import { IntakeFileImport } from './intake-file-import.component.js';
import { QueryState } from './query-state.component.js';

import type { CrmSystemView } from '../../../src/contract/connections.contract.js';
import type { IntakeCredentials, IntakeSource } from '../api/intake.api.js';

const intakeSourcesKey = ['intake-sources'] as const;

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
  const [name, setName] = useState('');
  const [system, setSystem] = useState(systems[0]?.id ?? '');
  const submit = useMutation({
    mutationFn: () => addIntakeSource({ name: name.trim(), system }),
    onSuccess: (created) => {
      setName('');
      onAdded(created);
    },
  });
  const error = submit.error === null ? null : toApiError(submit.error);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit.mutate();
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('intake.name')}
          required
          value={name}
          error={formFieldError(t, error, 'name')}
          onChange={(event) => {
            setName(event.currentTarget.value);
          }}
        />
        <NativeSelect
          label={t('intake.system')}
          value={system}
          onChange={(event) => {
            setSystem(event.currentTarget.value);
          }}
          data={systems.map((candidate) => ({ value: candidate.id, label: candidate.displayName }))}
        />
        {system === '' ? null : <SetupSteps system={system} />}
        <ErrorAlert error={error} detailed />
        <div>
          <Button type="submit" loading={submit.isPending}>
            {t('intake.add')}
          </Button>
        </div>
      </Stack>
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
          <Group gap="xs" mt="xs">
            <Button variant="default" size="compact-sm" onClick={onRotate}>
              {t('intake.rotate')}
              <span className="visually-hidden"> {source.name}</span>
            </Button>
            <Button variant="default" size="compact-sm" onClick={onRemove}>
              {t('intake.remove')}
              <span className="visually-hidden"> {source.name}</span>
            </Button>
            <Button
              variant="default"
              size="compact-sm"
              aria-expanded={importing}
              onClick={() => {
                setImporting(!importing);
              }}
            >
              {t(importing ? 'intakeFile.close' : 'intakeFile.open')}
              <span className="visually-hidden"> {source.name}</span>
            </Button>
          </Group>
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
  const queryClient = useQueryClient();
  const sources = useQuery({ queryKey: intakeSourcesKey, queryFn: getIntakeSources });
  const [issued, setIssued] = useState<IntakeCredentials | null>(null);
  const reload = (): void => {
    void queryClient.invalidateQueries({ queryKey: intakeSourcesKey });
  };
  const done = (credentials: IntakeCredentials | null): void => {
    setIssued(credentials);
    reload();
    onChanged();
  };
  const action = useMutation({ mutationFn: (run: () => Promise<IntakeCredentials | null>) => run(), onSuccess: done });
  return (
    <Stack className="intake-sources" gap="sm">
      <Title order={3} fz="h4">
        {t('intake.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('intake.description')}
      </Text>
      {issued === null ? null : <IssuedCredentials issued={issued} />}
      <ErrorAlert error={action.error === null ? null : toApiError(action.error)} />
      <QueryState query={sources}>
        {(list) =>
          list.length === 0 ? (
            <Text className="empty-state">{t('intake.none')}</Text>
          ) : (
            <ul>
              {list.map((source) => (
                <SourceRow
                  key={source.id}
                  source={source}
                  onRotate={() => {
                    action.mutate(() => rotateIntakeSource(source.id));
                  }}
                  onRemove={() => {
                    action.mutate(() => removeIntakeSource(source.id).then(() => null));
                  }}
                  onImported={reload}
                />
              ))}
            </ul>
          )
        }
      </QueryState>
      {intakeSystems.length === 0 ? null : <AddIntakeSource systems={intakeSystems} onAdded={done} />}
    </Stack>
  );
}
