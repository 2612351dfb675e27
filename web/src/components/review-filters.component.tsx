// The review queue's filters (administration, field, state, legal/VAT, clear), each a Mantine select kept in the address.
import { Button, Group, Select, SimpleGrid } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { reviewCategories, reviewKinds, reviewStates } from '../../../src/contract/review.contract.js';
import { useAdministrationOptions } from '../review-queries.js';
import { fieldLabel, syncFields } from '../sync-fields.js';

import type { ReviewFilter } from '../../../src/contract/review.contract.js';
import type { ReviewFilterKey } from '../review-queries.js';

type ReviewFiltersProps = {
  filter: ReviewFilter;
  /** The name of the administration filtered by, when the page knows it (the search may not list it). */
  administrationName: string | null;
  onFilter: (key: ReviewFilterKey, value: string | null) => void;
  onClear: () => void;
};

function AdministrationFilter({ filter, administrationName, onFilter }: Omit<ReviewFiltersProps, 'onClear'>) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const options = useAdministrationOptions(debounced);
  const data = (options.data ?? []).map((administration) => ({ value: administration.id, label: administration.name }));
  const chosen = filter.administrationId;
  if (chosen !== undefined && !data.some((option) => option.value === chosen))
    data.unshift({ value: chosen, label: administrationName ?? t('review.filters.chosenAdministration') });
  return (
    <Select
      label={t('review.filters.administration')}
      placeholder={t('review.filters.all')}
      data={data}
      value={chosen ?? null}
      searchable
      clearable
      onSearchChange={setSearch}
      nothingFoundMessage={t('review.filters.noAdministration')}
      onChange={(value) => {
        onFilter('administrationId', value);
      }}
    />
  );
}

export function ReviewFilters({ filter, administrationName, onFilter, onClear }: ReviewFiltersProps) {
  const { t } = useTranslation();
  const choice = (key: ReviewFilterKey, label: string, data: { value: string; label: string }[]) => (
    <Select
      label={label}
      placeholder={t('review.filters.all')}
      data={data}
      value={filter[key] ?? null}
      clearable
      allowDeselect
      onChange={(value) => {
        onFilter(key, value);
      }}
    />
  );
  const filtered = Object.values(filter).some((value) => value !== undefined);
  return (
    <Group component="section" aria-label={t('review.filters.label')} align="flex-end" gap="sm">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm" style={{ flex: 1, minWidth: 0 }}>
        <AdministrationFilter filter={filter} administrationName={administrationName} onFilter={onFilter} />
        {choice(
          'field',
          t('review.filters.field'),
          syncFields.map((field) => ({ value: field, label: fieldLabel(t, field) })),
        )}
        {choice(
          'state',
          t('review.filters.state'),
          reviewStates.map((state) => ({ value: state, label: t(`review.states.${state}`) })),
        )}
        {choice(
          'category',
          t('review.filters.category'),
          reviewCategories.map((category) => ({ value: category, label: t(`review.categories.${category}`) })),
        )}
        {choice(
          'kind',
          t('review.filters.kind'),
          reviewKinds.map((kind) => ({ value: kind, label: t(`review.kinds.${kind}`) })),
        )}
      </SimpleGrid>
      {filtered ? (
        <Button variant="subtle" onClick={onClear}>
          {t('review.filters.clear')}
        </Button>
      ) : null}
    </Group>
  );
}
