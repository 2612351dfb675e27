// Linking an administration: choose a suggested (or searched) CRM organisation and a mode, preview, then confirm.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { dryRun, linkAdministration, searchCandidates } from '../api/administrations.api.js';
import { errorText } from '../error-text.js';
import { useAction } from '../use-action.js';
import { formText, useSubmit } from '../use-submit.js';
import { ActionButton } from './action-button.component.js';
import { CandidateChoice } from './candidate-choice.component.js';
import { DryRunTable } from './dry-run-table.component.js';
import { ErrorAlert } from './feedback.component.js';
import { ModeChoice } from './mode-choice.component.js';
import { TextField } from './text-field.component.js';

import type { TFunction } from 'i18next';
import type { Candidate, DryRunChange, LinkMode } from '../api/administrations.api.js';

type Preview = { crmExternalId: string; mode: LinkMode; changes: DryRunChange[] };

type LinkWizardProps = { administrationId: string; suggestions: readonly Candidate[]; onLinked: () => void };

function CandidateSearch({
  administrationId,
  onFound,
}: {
  administrationId: string;
  onFound: (found: Candidate[]) => void;
}) {
  const { t } = useTranslation();
  const search = useSubmit((form) => searchCandidates(administrationId, formText(form, 'q').trim()), onFound);
  return (
    <form className="form form-inline" role="search" onSubmit={search.onSubmit}>
      <TextField
        label={t('linkWizard.searchLabel')}
        name="q"
        type="search"
        error={search.error === null ? undefined : errorText(t, search.error)}
      />
      <button type="submit" disabled={search.pending}>
        {t('linkWizard.search')}
      </button>
    </form>
  );
}

/** What linking would change, and the button that links. */
type LinkPreviewProps = {
  administrationId: string;
  preview: Preview;
  linking: ReturnType<typeof useAction>;
  onLinked: () => void;
};

function LinkPreview({ administrationId, preview, linking, onLinked }: LinkPreviewProps) {
  const { t } = useTranslation();
  return (
    <div className="preview" aria-live="polite">
      <h3>{t('linkWizard.previewTitle')}</h3>
      <DryRunTable changes={preview.changes} />
      <ErrorAlert error={linking.error} />
      <ActionButton
        action={linking}
        className="primary"
        work={() => linkAdministration(administrationId, { crmExternalId: preview.crmExternalId, mode: preview.mode })}
        onDone={onLinked}
      >
        {t('linkWizard.confirm')}
      </ActionButton>
    </div>
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
  const [preview, setPreview] = useState<Preview | null>(null);
  const [missingChoice, setMissingChoice] = useState(false);
  const linking = useAction();

  const known = new Set(suggestions.map((candidate) => candidate.externalId));
  const candidates = [...suggestions, ...(found ?? []).filter((candidate) => !known.has(candidate.externalId))];
  const current = preview !== null && preview.crmExternalId === selected && preview.mode === mode ? preview : null;

  const previewSubmit = useSubmit(async () => {
    setMissingChoice(selected === null);
    if (selected === null) return null;
    return {
      crmExternalId: selected,
      mode,
      changes: await dryRun(administrationId, { crmExternalId: selected, mode }),
    };
  }, setPreview);

  return (
    <section className="section" aria-labelledby="link-wizard">
      <h2 id="link-wizard">{t('linkWizard.title')}</h2>
      <p>{introText(t, suggestions)}</p>
      <CandidateSearch administrationId={administrationId} onFound={setFound} />
      {found === null ? null : <p role="status">{t('linkWizard.found', { count: found.length })}</p>}
      <form className="form" onSubmit={previewSubmit.onSubmit}>
        <ErrorAlert error={previewSubmit.error} />
        {candidates.length === 0 ? null : (
          <CandidateChoice
            candidates={candidates}
            value={selected}
            onChange={(id) => {
              setSelected(id);
              setMissingChoice(false);
            }}
            error={missingChoice ? t('linkWizard.chooseFirst') : previewSubmit.error?.fieldMessage('crmExternalId')}
          />
        )}
        <ModeChoice value={mode} onChange={setMode} />
        <div className="actions">
          <button type="submit" disabled={previewSubmit.pending || candidates.length === 0}>
            {t('linkWizard.preview')}
          </button>
        </div>
      </form>
      {current === null ? null : (
        <LinkPreview administrationId={administrationId} preview={current} linking={linking} onLinked={onLinked} />
      )}
    </section>
  );
}
