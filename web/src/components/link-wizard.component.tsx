// Linking an administration: choose a suggested (or searched) CRM organisation and a mode, preview, then confirm.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { dryRun, linkAdministration, searchCandidates } from '../api/administrations.api.js';
import { errorText } from '../error-text.js';
import { formText, useSubmit } from '../use-submit.js';
import { CandidateChoice } from './candidate-choice.component.js';
import { DryRunTable } from './dry-run-table.component.js';
import { ModeChoice } from './mode-choice.component.js';
import { TextField } from './text-field.component.js';

import type { ApiError } from '../api.js';
import type { Candidate, DryRunChange, LinkMode } from '../api/administrations.api.js';

type Preview = { crmExternalId: string; mode: LinkMode; changes: DryRunChange[] };

type LinkWizardProps = { administrationId: string; suggestions: readonly Candidate[]; onLinked: () => void };

export function LinkWizard({ administrationId, suggestions, onLinked }: LinkWizardProps) {
  const { t } = useTranslation();
  const [found, setFound] = useState<Candidate[] | null>(null);
  const [selected, setSelected] = useState<string | null>(
    suggestions.length === 1 ? (suggestions[0]?.externalId ?? null) : null,
  );
  const [mode, setMode] = useState<LinkMode>('manual');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [missingChoice, setMissingChoice] = useState(false);
  const [linking, setLinking] = useState<{ pending: boolean; error: ApiError | null }>({ pending: false, error: null });

  const known = new Set(suggestions.map((candidate) => candidate.externalId));
  const candidates = [...suggestions, ...(found ?? []).filter((candidate) => !known.has(candidate.externalId))];
  const current = preview !== null && preview.crmExternalId === selected && preview.mode === mode ? preview : null;

  const search = useSubmit(
    (form) => searchCandidates(administrationId, formText(form, 'q').trim()),
    (results) => {
      setFound(results);
    },
  );
  const previewSubmit = useSubmit(async () => {
    setMissingChoice(selected === null);
    if (selected === null) return null;
    return {
      crmExternalId: selected,
      mode,
      changes: await dryRun(administrationId, { crmExternalId: selected, mode }),
    };
  }, setPreview);

  function link(): void {
    if (current === null) return;
    setLinking({ pending: true, error: null });
    linkAdministration(administrationId, { crmExternalId: current.crmExternalId, mode: current.mode }).then(
      () => {
        setLinking({ pending: false, error: null });
        onLinked();
      },
      (error: unknown) => {
        setLinking({ pending: false, error: toApiError(error) });
      },
    );
  }

  const intro =
    suggestions.length === 0
      ? t('linkWizard.noSuggestions')
      : suggestions.length === 1
        ? t('linkWizard.oneSuggestion')
        : t('linkWizard.severalSuggestions', { count: suggestions.length });

  return (
    <section className="section" aria-labelledby="link-wizard">
      <h2 id="link-wizard">{t('linkWizard.title')}</h2>
      <p>{intro}</p>
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
      {found === null ? null : <p role="status">{t('linkWizard.found', { count: found.length })}</p>}
      <form className="form" onSubmit={previewSubmit.onSubmit}>
        {previewSubmit.error === null ? null : (
          <p className="form-error" role="alert">
            {errorText(t, previewSubmit.error)}
          </p>
        )}
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
        <div className="preview" aria-live="polite">
          <h3>{t('linkWizard.previewTitle')}</h3>
          <DryRunTable changes={current.changes} />
          {linking.error === null ? null : (
            <p className="form-error" role="alert">
              {errorText(t, linking.error)}
            </p>
          )}
          <button type="button" className="primary" disabled={linking.pending} onClick={link}>
            {t('linkWizard.confirm')}
          </button>
        </div>
      )}
    </section>
  );
}
