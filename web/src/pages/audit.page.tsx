// Audit: every detected, held, decided, applied and failed change and every settings change, filtered, as CSV.
import { Button, Group, NativeSelect, Paper, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { auditExportUrl, emptyAuditFilters } from '../api/audit.api.js';
import { auditActionLabel, auditActions } from '../audit-actions.js';
import { AdministrationFilter } from '../components/administration-filter.component.js';
import { AuditResults } from '../components/audit-results.component.js';
import { Page } from '../components/page.component.js';
import { valueTo } from '../input-events.js';
import { fieldLabel, syncFields } from '../sync-fields.js';

import type { AuditFilters } from '../api/audit.api.js';

const filterKeys = Object.keys(emptyAuditFilters) as (keyof AuditFilters)[];

function filtersOf(search: URLSearchParams): AuditFilters {
  const filters = { ...emptyAuditFilters };
  for (const key of filterKeys) filters[key] = search.get(key) ?? '';
  return filters;
}

/** The filters in the address (set ones only); a new filter starts again at the newest entries. */
function searchOf(filters: AuditFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of filterKeys) if (filters[key] !== '') search.set(key, filters[key]);
  return search;
}

type FilterFormProps = { applied: AuditFilters; onApply: (filters: AuditFilters) => void };

function AuditFilterForm({ applied, onApply }: FilterFormProps) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<AuditFilters>(applied);
  const set = (key: keyof AuditFilters) => (value: string) => {
    setDraft((previous) => ({ ...previous, [key]: value }));
  };
  const all = { value: '', label: t('audit.filters.all') };
  return (
    <Paper
      component="form"
      aria-label={t('audit.filters.label')}
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      <Group align="flex-end" gap="sm" wrap="wrap">
        <AdministrationFilter value={draft.administrationId} onChange={set('administrationId')} />
        <NativeSelect
          label={t('audit.filters.field')}
          value={draft.field}
          onChange={valueTo(set('field'))}
          data={[all, ...syncFields.map((field) => ({ value: field, label: fieldLabel(t, field) }))]}
        />
        <NativeSelect
          label={t('audit.filters.action')}
          value={draft.action}
          onChange={valueTo(set('action'))}
          data={[all, ...auditActions.map((action) => ({ value: action, label: auditActionLabel(t, action) }))]}
        />
        {(['from', 'to'] as const).map((key) => (
          <TextInput
            key={key}
            label={t(`audit.filters.${key}`)}
            type="date"
            value={draft[key]}
            onChange={(event) => {
              set(key)(event.currentTarget.value);
            }}
          />
        ))}
        <Button type="submit">{t('audit.filters.apply')}</Button>
        <Button
          component="a"
          variant="default"
          href={auditExportUrl(applied, i18n.language === 'nl' ? 'nl' : 'en')}
          download
        >
          {t('audit.export')}
        </Button>
      </Group>
    </Paper>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const filters = filtersOf(search);
  const before = search.get('before');
  const filterKey = searchOf(filters).toString();
  return (
    <Page title={t('pages.audit.title')} description={t('pages.audit.description')}>
      {/* A new address (back, forward, a link) shows its own filters in the form, and its results from the newest. */}
      <AuditFilterForm
        key={filterKey}
        applied={filters}
        onApply={(next) => {
          setSearch(searchOf(next));
        }}
      />
      <AuditResults
        key={`results-${filterKey}`}
        filters={filters}
        before={before}
        onPage={(cursor) => {
          const next = searchOf(filters);
          if (cursor !== null) next.set('before', cursor);
          setSearch(next);
        }}
      />
    </Page>
  );
}
