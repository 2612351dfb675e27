// Linking an administration: choose a suggested (or searched) CRM organisation and a mode, preview, then confirm.
import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { dryRun, linkAdministration, searchCandidates } from '../api/administrations.api.js';
import { errorText } from '../error-text.js';
import { formFieldError } from '../form-errors.js';
import { valueTo } from '../input-events.js';
import { useApiMutation } from '../use-api-mutation.js';
import { CandidateChoice } from './candidate-choice.component.js';
import { DryRunTable } from './dry-run-table.component.js';
import { ErrorAlert } from './feedback.component.js';
import { Form } from './form.component.js';
import { ModeChoice } from './mode-choice.component.js';
import { MutationButton } from './mutation-button.component.js';
import { Section } from './section.component.js';

import type { TFunction } from 'i18next';
import type { Candidate, DryRunChange, LinkMode } from '../api/administrations.api.js';

type Choice = { crmExternalId: string; mode: LinkMode };
type Preview = Choice & { changes: DryRunChange[] };

type LinkWizardProps = { administrationId: string; suggestions: readonly Candidate[]; onLinked: () => void };

function CandidateSearch({
  administrationId,
  onFound,
}: {
  administrationId: string;
  onFound: (found: Candidate[]) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const search = useMutation({ mutationFn: (q: string) => searchCandidates(administrationId, q), onSuccess: onFound });
  return (
    <Form
      role="search"
      onSubmit={() => {
        search.mutate(text.trim());
      }}
    >
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t('linkWizard.searchLabel')}
          type="search"
          value={text}
          onChange={valueTo(setText)}
          error={search.error === null ? undefined : errorText(t, toApiError(search.error))}
          style={{ flex: '1 1 16rem' }}
        />
        <Button type="submit" variant="default" loading={search.isPending}>
          {t('linkWizard.search')}
        </Button>
      </Group>
    </Form>
  );
}

/** What linking would change, and the button that links. */
function LinkPreview({
  administrationId,
  preview,
  onLinked,
}: {
  administrationId: string;
  preview: Preview;
  onLinked: () => void;
}) {
  const { t } = useTranslation();
  const link = useApiMutation(
    () => linkAdministration(administrationId, { crmExternalId: preview.crmExternalId, mode: preview.mode }),
    { onSuccess: onLinked },
  );
  return (
    <Stack gap="sm" aria-live="polite">
      <Title order={3} fz="h4">
        {t('linkWizard.previewTitle')}
      </Title>
      <DryRunTable changes={preview.changes} />
      <ErrorAlert error={link.apiError} />
      <Group>
        <MutationButton mutation={link} variant="filled">
          {t('linkWizard.confirm')}
        </MutationButton>
      </Group>
    </Stack>
  );
}

function introText(t: TFunction, suggestions: readonly Candidate[]): string {
  if (suggestions.length === 0) return t('linkWizard.noSuggestions');
  if (suggestions.length === 1) return t('linkWizard.oneSuggestion');
  return t('linkWizard.severalSuggestions', { count: suggestions.length });
}

export function LinkWizard({ administrationId, suggestions, onLinked }: LinkWizardProps) {
  const { t } = useTranslation();
  const [found, setFound] = useState<Candidate[] | null>(null);
  const [selected, setSelected] = useState<string | null>(
    suggestions.length === 1 ? (suggestions[0]?.externalId ?? null) : null,
  );
  const [mode, setMode] = useState<LinkMode>('manual');
  const [missingChoice, setMissingChoice] = useState(false);
  const preview = useMutation({
    mutationFn: async (choice: Choice): Promise<Preview> => ({
      ...choice,
      changes: await dryRun(administrationId, choice),
    }),
  });

  const known = new Set(suggestions.map((candidate) => candidate.externalId));
  const candidates = [...suggestions, ...(found ?? []).filter((candidate) => !known.has(candidate.externalId))];
  const shown = preview.data;
  const current = shown !== undefined && shown.crmExternalId === selected && shown.mode === mode ? shown : null;
  const previewError = preview.error === null ? null : toApiError(preview.error);

  return (
    <Section title={t('linkWizard.title')}>
      <Text>{introText(t, suggestions)}</Text>
      <CandidateSearch administrationId={administrationId} onFound={setFound} />
      {found === null ? null : <Text role="status">{t('linkWizard.found', { count: found.length })}</Text>}
      <Form
        onSubmit={() => {
          setMissingChoice(selected === null);
          if (selected !== null) preview.mutate({ crmExternalId: selected, mode });
        }}
      >
        <Stack gap="md">
          <ErrorAlert error={previewError} />
          {candidates.length === 0 ? null : (
            <CandidateChoice
              candidates={candidates}
              value={selected}
              onChange={(id) => {
                setSelected(id);
                setMissingChoice(false);
              }}
              error={missingChoice ? t('linkWizard.chooseFirst') : formFieldError(t, previewError, 'crmExternalId')}
            />
          )}
          <ModeChoice value={mode} onChange={setMode} />
          <Group>
            <Button type="submit" variant="default" loading={preview.isPending} disabled={candidates.length === 0}>
              {t('linkWizard.preview')}
            </Button>
          </Group>
        </Stack>
      </Form>
      {current === null ? null : (
        <LinkPreview
          key={`${current.crmExternalId}:${current.mode}`}
          administrationId={administrationId}
          preview={current}
          onLinked={onLinked}
        />
      )}
    </Section>
  );
}
