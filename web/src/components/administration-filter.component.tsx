// A filter on one administration: searched by name on the server as the user types, so it works for 20,000 of them.
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getAdministration, getAdministrations } from '../api/administrations.api.js';

type AdministrationFilterProps = { value: string; onChange: (id: string) => void };

const searchSize = 20;

export function AdministrationFilter({ value, onChange }: AdministrationFilterProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({
    queryKey: ['administrations', 'search', debounced],
    queryFn: () => getAdministrations({ q: debounced, size: searchSize }),
    placeholderData: keepPreviousData,
  });
  // The chosen one by name also when it came from the address and is not among the results.
  const chosen = useQuery({
    queryKey: ['administration', value],
    queryFn: () => getAdministration(value),
    enabled: value !== '',
  });
  const options = (found.data?.administrations ?? []).map((row) => ({ value: row.id, label: row.name }));
  const chosenOption = chosen.data === undefined ? [] : [{ value, label: chosen.data.administration.name }];
  const data = [...chosenOption, ...options.filter((option) => option.value !== value)];

  return (
    <Select
      label={t('audit.filters.administration')}
      placeholder={t('audit.filters.all')}
      searchable
      clearable
      data={data}
      value={value === '' ? null : value}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already searched; Mantine's own filter would hide a match on KvK or VAT number.
      filter={({ options: all }) => all}
      nothingFoundMessage={t('audit.filters.nothingFound')}
      onChange={(id) => {
        onChange(id ?? '');
      }}
    />
  );
}
