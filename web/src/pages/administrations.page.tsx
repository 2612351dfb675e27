// Administrations: a server page of the list with link state, searched and filtered on the server (in the address, so
// a reload or a shared link shows the same), and linking in bulk with a dry run, a confirmation and a followed run.
import { Button, Group, NativeSelect, Pagination, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { administrationShows } from '../../../src/contract/administrations.contract.js';
import { useAdministrationList } from '../administrations-queries.js';
import { AdministrationsTable } from '../components/administrations-table.component.js';
import { BulkLinkRunPanel } from '../components/bulk-link-run.component.js';
import { BulkLink } from '../components/bulk-link.component.js';
import { Page } from '../components/page.component.js';
import { QueryState } from '../components/query-state.component.js';
import { formatCounts } from '../format.js';
import { valueTo } from '../input-events.js';

import type { AdministrationShow } from '../../../src/contract/administrations.contract.js';
import type { AdministrationList } from '../api/administrations.api.js';
import type { BulkTarget } from '../components/bulk-link.component.js';

const PAGE_SIZE = 50;
const SEARCH_PAUSE_MS = 300;

/** The list's state in the address: search text, filter, page, and the bulk link run being followed. */
function useListParams() {
  const [params, setParams] = useSearchParams();
  const show: AdministrationShow = administrationShows.find((value) => value === params.get('show')) ?? 'all';
  const pageNumber = Number(params.get('page'));
  const update = (changes: Record<string, string | null>): void => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  };
  return {
    q: params.get('q') ?? '',
    show,
    page: Number.isInteger(pageNumber) && pageNumber > 1 ? pageNumber : 1,
    runId: params.get('run'),
    update,
  };
}

type Filters = ReturnType<typeof useListParams>;

function ListFilters({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const [text, setText] = useState(filters.q);
  const [settled] = useDebouncedValue(text.trim(), SEARCH_PAUSE_MS);
  useEffect(() => {
    if (settled !== filters.q) filters.update({ q: settled, page: null });
    // Only a settled change of the text asks the server; the address changing otherwise must not loop back.
  }, [settled]);
  return (
    <Group role="search" align="flex-end" gap="md" wrap="wrap">
      <TextInput
        label={t('administrations.search')}
        type="search"
        value={text}
        onChange={valueTo(setText)}
        style={{ flex: '1 1 18rem' }}
      />
      <NativeSelect
        label={t('administrations.show')}
        value={filters.show}
        data={administrationShows.map((value) => ({ value, label: t(`administrations.shows.${value}`) }))}
        onChange={(event) => {
          const value = event.currentTarget.value;
          filters.update({ show: value === 'all' ? null : value, page: null });
        }}
      />
    </Group>
  );
}

function ListPager({ list, onPage }: { list: AdministrationList; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(list.page.total / PAGE_SIZE));
  if (pages === 1) return null;
  return (
    <Stack gap="xs" align="flex-start">
      <Text size="sm" c="dimmed">
        {t('administrations.position', formatCounts({ page: list.page.page, pages, total: list.page.total }))}
      </Text>
      <Pagination
        total={pages}
        value={list.page.page}
        onChange={onPage}
        siblings={1}
        boundaries={1}
        getItemProps={(page) => ({ 'aria-label': t('administrations.goToPage', { page }) })}
        getControlProps={(control) => ({ 'aria-label': t(`administrations.pageControls.${control}`) })}
      />
    </Stack>
  );
}

/** A long button label wraps on a phone instead of being cut off. */
const wrappingLabel = { label: { whiteSpace: 'normal' } } as const;

type SelectionBarProps = { selected: ReadonlySet<string>; onBulk: (target: BulkTarget) => void; onClear: () => void };

function SelectionBar({ selected, onBulk, onClear }: SelectionBarProps) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" wrap="wrap">
      <Text size="sm" role="status">
        {t('administrations.selected', { count: selected.size })}
      </Text>
      <Button
        disabled={selected.size === 0}
        onClick={() => {
          onBulk({ kind: 'selection', ids: [...selected] });
        }}
      >
        {t('administrations.linkSelected', { count: selected.size })}
      </Button>
      <Button
        variant="default"
        h="auto"
        mih={36}
        py={6}
        styles={wrappingLabel}
        onClick={() => {
          onBulk({ kind: 'single' });
        }}
      >
        {t('administrations.linkAllSingle')}
      </Button>
      {selected.size === 0 ? null : (
        <Button variant="subtle" onClick={onClear}>
          {t('administrations.clearSelection')}
        </Button>
      )}
    </Group>
  );
}

export function AdministrationsPage() {
  const { t } = useTranslation();
  const filters = useListParams();
  const { q, show, page, runId, update } = filters;
  const query = useAdministrationList({ page, size: PAGE_SIZE, show, ...(q === '' ? {} : { q }) });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [target, setTarget] = useState<BulkTarget | null>(null);
  const select = (ids: readonly string[], on: boolean): void => {
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });
  };

  return (
    <Page title={t('pages.administrations.title')}>
      <Text c="dimmed">{t('pages.administrations.description')}</Text>
      {runId === null ? null : (
        <BulkLinkRunPanel
          runId={runId}
          onClose={() => {
            update({ run: null });
          }}
        />
      )}
      {target === null ? null : (
        <BulkLink
          key={target.kind === 'single' ? 'single' : target.ids.join()}
          target={target}
          onCancel={() => {
            setTarget(null);
          }}
          onStarted={(started) => {
            setTarget(null);
            setSelected(new Set());
            update({ run: started });
          }}
        />
      )}
      <ListFilters filters={filters} />
      <QueryState query={query}>
        {(list) =>
          list.page.total === 0 ? (
            <Text>{q === '' && show === 'all' ? t('administrations.none') : t('administrations.noneFound')}</Text>
          ) : (
            <>
              <Text role="status">{t('administrations.found', { count: list.page.total })}</Text>
              <SelectionBar
                selected={selected}
                onBulk={setTarget}
                onClear={() => {
                  setSelected(new Set());
                }}
              />
              <AdministrationsTable rows={list.administrations} selected={selected} onSelect={select} />
              <ListPager
                list={list}
                onPage={(next) => {
                  update({ page: next === 1 ? null : String(next) });
                }}
              />
            </>
          )
        }
      </QueryState>
    </Page>
  );
}
