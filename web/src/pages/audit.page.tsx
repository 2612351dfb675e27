// Audit: every detected, held, decided, applied and failed change and every settings change, filtered, as CSV.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getAdministrations } from '../api/administrations.api.js';
import { auditExportUrl, emptyAuditFilters } from '../api/audit.api.js';
import { auditActionLabel, auditActions } from '../audit-actions.js';
import { AuditResults } from '../components/audit-results.component.js';
import { Page } from '../components/page.component.js';
import { SelectField } from '../components/select-field.component.js';
import { TextField } from '../components/text-field.component.js';
import { fieldLabel, syncFields } from '../sync-fields.js';
import { useLoad } from '../use-load.js';

import type { ChangeEvent } from 'react';
import type { AuditFilters } from '../api/audit.api.js';

const filterKeys = Object.keys(emptyAuditFilters) as (keyof AuditFilters)[];

function filtersFromAddress(): AuditFilters {
  const search = new URLSearchParams(location.search);
  const filters = { ...emptyAuditFilters };
  for (const key of filterKeys) filters[key] = search.get(key) ?? '';
  return filters;
}

function addressOf(filters: AuditFilters): string {
  const search = new URLSearchParams();
  for (const key of filterKeys) if (filters[key] !== '') search.set(key, filters[key]);
  const text = search.toString();
  return text === '' ? location.pathname : `${location.pathname}?${text}`;
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<AuditFilters>(filtersFromAddress);
  const [applied, setApplied] = useState<AuditFilters>(draft);
  // The administration filter is a convenience: without the list (e.g. no portal yet) the rest still works. It offers
  // the first 500 by name; a firm with more finds an administration's trail from its own page.
  const administrations = useLoad(
    () =>
      getAdministrations({ size: 500 }).then(
        (list) => list.administrations,
        () => [],
      ),
    [],
  );
  const set =
    (key: keyof AuditFilters) =>
    (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>): void => {
      setDraft({ ...draft, [key]: event.currentTarget.value });
    };
  const all = { value: '', label: t('audit.filters.all') };

  return (
    <Page title={t('pages.audit.title')}>
      <p className="page-description">{t('pages.audit.description')}</p>
      <form
        className="filters"
        aria-label={t('audit.filters.label')}
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(draft);
          history.replaceState(null, '', addressOf(draft));
        }}
      >
        <SelectField
          label={t('audit.filters.administration')}
          value={draft.administrationId}
          onChange={set('administrationId')}
          options={[
            all,
            ...(administrations.state.kind === 'ready' ? administrations.state.data : []).map((row) => ({
              value: row.id,
              label: row.name,
            })),
          ]}
        />
        <SelectField
          label={t('audit.filters.field')}
          value={draft.field}
          onChange={set('field')}
          options={[all, ...syncFields.map((field) => ({ value: field, label: fieldLabel(t, field) }))]}
        />
        <SelectField
          label={t('audit.filters.action')}
          value={draft.action}
          onChange={set('action')}
          options={[all, ...auditActions.map((action) => ({ value: action, label: auditActionLabel(t, action) }))]}
        />
        <TextField label={t('audit.filters.from')} name="from" type="date" value={draft.from} onChange={set('from')} />
        <TextField label={t('audit.filters.to')} name="to" type="date" value={draft.to} onChange={set('to')} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('audit.filters.apply')}
          </button>
          <a className="button" href={auditExportUrl(applied, i18n.language === 'nl' ? 'nl' : 'en')} download>
            {t('audit.export')}
          </a>
        </div>
      </form>
      <AuditResults key={JSON.stringify(applied)} filters={applied} />
    </Page>
  );
}
