// Settings → CRMHub: intake sources (Radar, Visma Advisor, ClientOnline, other) with their push credentials, shown once.
import { Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { addIntakeSource, getIntakeSources, removeIntakeSource, rotateIntakeSource } from '../api/intake.api.js';
import { formFieldError } from '../form-errors.js';
import { formatDateTime } from '../format.js';
import { valueTo } from '../input-events.js';
import { useApiMutation } from '../use-api-mutation.js';
import { ErrorAlert } from './feedback.component.js';
import { SendForm } from './form.component.js';
import { IntakeFileImport } from './intake-file-import.component.js';
import { ItemButton, QueryList } from './item-list.component.js';
import { ShownOnce } from './shown-once.component.js';

import type { CrmSystemView } from '../../../src/contract/connections.contract.js';
import type { IntakeCredentials, IntakeSource } from '../api/intake.api.js';

const intakeSourcesKey = ['intake-sources'] as const;

/** The environment URL, key and secret of a new or rotated source: the secret cannot be shown again. */
function IssuedCredentials({ issued }: { issued: IntakeCredentials }) {
  const { t } = useTranslation();
  const keys = ['environmentUrl', 'apiKey', 'apiSecret'] as const;
  return (
    <ShownOnce
      intro={t('intake.shownOnce', { name: issued.name })}
      values={keys.map((key) => ({ term: t(`intake.${key}`), value: issued[key], testId: `intake-${key}` }))}
      addresses={[issued.environmentUrl]}
      hints={<p className="field-hint">{t('intake.pushHint')}</p>}
    />
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
  const submit = useApiMutation(() => addIntakeSource({ name: name.trim(), system }), {
    onSuccess: (created) => {
      setName('');
      onAdded(created);
    },
  });
  const error = submit.apiError;
  return (
    <SendForm
      onSubmit={() => {
        submit.mutate(undefined);
      }}
      error={error}
      pending={submit.isPending}
      submitLabel={t('intake.add')}
    >
      <TextInput
        label={t('intake.name')}
        required
        value={name}
        error={formFieldError(t, error, 'name')}
        onChange={valueTo(setName)}
      />
      <NativeSelect
        label={t('intake.system')}
        value={system}
        onChange={valueTo(setSystem)}
        data={systems.map((candidate) => ({ value: candidate.id, label: candidate.displayName }))}
      />
      {system === '' ? null : <SetupSteps system={system} />}
    </SendForm>
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
  const [importing, importer] = useDisclosure(false);
  return (
    <li>
      <strong>{source.name}</strong> ({source.systemName}, <code>{source.apiKeyPrefix}…</code>){' '}
      {live
        ? t('intake.lastBatch', { at: formatDateTime(source.lastBatchAt, t('intake.never')) })
        : t('intake.removed')}
      {live ? (
        <>
          <Group gap="xs" mt="xs">
            <ItemButton itemName={source.name} onClick={onRotate}>
              {t('intake.rotate')}
            </ItemButton>
            <ItemButton itemName={source.name} onClick={onRemove}>
              {t('intake.remove')}
            </ItemButton>
            <ItemButton itemName={source.name} aria-expanded={importing} onClick={importer.toggle}>
              {t(importing ? 'intakeFile.close' : 'intakeFile.open')}
            </ItemButton>
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
  const action = useApiMutation((run: () => Promise<IntakeCredentials | null>) => run(), { onSuccess: done });
  return (
    <Stack className="intake-sources" gap="sm">
      <Title order={3} fz="h4">
        {t('intake.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('intake.description')}
      </Text>
      {issued === null ? null : <IssuedCredentials issued={issued} />}
      <ErrorAlert error={action.apiError} />
      <QueryList query={sources} empty={t('intake.none')}>
        {(source) => (
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
        )}
      </QueryList>
      {intakeSystems.length === 0 ? null : <AddIntakeSource systems={intakeSystems} onAdded={done} />}
    </Stack>
  );
}
