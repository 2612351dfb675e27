// Review queue: filters in the address, a server page of held changes by administration, selection and bulk decisions.
import { Button, Group, Pagination, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { Page } from '../components/page.component.js';
import { QueryState } from '../components/query-state.component.js';
import { ReviewBulk } from '../components/review-bulk.component.js';
import { ReviewFilters } from '../components/review-filters.component.js';
import { ReviewGroup } from '../components/review-group.component.js';
import { SourceAlerts } from '../components/source-alerts.component.js';
import { formatCount } from '../format.js';
import { useReviewAddress, useReviewPage } from '../review-queries.js';

import type { ReviewFilter } from '../../../src/contract/review.contract.js';
import type { Review } from '../api/review.api.js';

/** The selected changes of one filter and page: a new filter or page starts with nothing selected. */
function useSelection(scope: string) {
  const [selection, setSelection] = useState<{ scope: string; ids: ReadonlySet<string> }>({ scope, ids: new Set() });
  const ids = selection.scope === scope ? selection.ids : new Set<string>();
  return {
    ids,
    set: (next: ReadonlySet<string>) => {
      setSelection({ scope, ids: next });
    },
  };
}

function EmptyQueue({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="lg" data-testid="review-empty">
      <Stack gap="sm" align="flex-start">
        <Text>{filtered ? t('review.emptyFiltered') : t('review.empty')}</Text>
        {filtered ? (
          <Button variant="default" onClick={onClear}>
            {t('review.filters.clear')}
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}

type QueueProps = { review: Review; address: ReturnType<typeof useReviewAddress> };

function ReviewQueue({ review, address }: QueueProps) {
  const { t } = useTranslation();
  const { filter, page } = address;
  const selection = useSelection(JSON.stringify([filter, page]));
  const pageChanges = review.groups.flatMap((group) => group.changes);
  const selected = pageChanges.filter((change) => selection.ids.has(change.id));
  const { total, size } = review.page;
  const pages = Math.max(1, Math.ceil(total / size));
  const filtered = Object.values(filter).some((value) => value !== undefined);
  return (
    <>
      <ReviewBulk
        review={review}
        filter={filter}
        pageChanges={pageChanges}
        selected={selected}
        onSelectPage={(all) => {
          selection.set(new Set(all ? pageChanges.map((change) => change.id) : []));
        }}
        onDecided={() => {
          selection.set(new Set());
        }}
      />
      {total === 0 ? <EmptyQueue filtered={filtered} onClear={address.clearFilter} /> : null}
      {review.groups.map((group) => (
        <ReviewGroup
          key={group.administrationId}
          group={group}
          selected={selection.ids}
          onSelect={(id, value) => {
            const next = new Set(selection.ids);
            if (value) next.add(id);
            else next.delete(id);
            selection.set(next);
          }}
          onOnlyThis={
            filter.administrationId === undefined
              ? () => {
                  address.setFilter('administrationId', group.administrationId);
                }
              : null
          }
        />
      ))}
      {total === 0 ? null : (
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Text size="sm" c="dimmed">
            {t('review.position', { page, pages, count: total, total: formatCount(total) })}
          </Text>
          {pages > 1 ? (
            <Pagination
              total={pages}
              value={Math.min(page, pages)}
              siblings={1}
              boundaries={1}
              aria-label={t('review.pager.label')}
              getControlProps={(control) =>
                control === 'previous' || control === 'next' ? { 'aria-label': t(`review.pager.${control}`) } : {}
              }
              getItemProps={(item) => ({ 'aria-label': t('review.pager.page', { page: item }) })}
              onChange={(next) => {
                address.setPage(next);
                window.scrollTo({ top: 0 });
              }}
            />
          ) : null}
        </Group>
      )}
    </>
  );
}

/** The administration's name when the page shows its changes (the filter's search may not list it). */
function chosenName(filter: ReviewFilter, review: Review | undefined): string | null {
  if (filter.administrationId === undefined) return null;
  return review?.groups.find((group) => group.administrationId === filter.administrationId)?.administrationName ?? null;
}

export function ReviewPage() {
  const { t } = useTranslation();
  const address = useReviewAddress();
  const query = useReviewPage(address.filter, address.page);
  const review = query.data;

  return (
    <Page title={t('pages.review.title')}>
      <Text c="dimmed">{t('pages.review.description')}</Text>
      {review?.writeMode === undefined ? null : (
        <Text size="sm" data-testid="review-write-mode">
          {t(`writeMode.review.${review.writeMode}`)}
        </Text>
      )}
      {review === undefined ? null : <SourceAlerts alerts={review.alerts} />}
      <ReviewFilters
        filter={address.filter}
        administrationName={chosenName(address.filter, review)}
        onFilter={address.setFilter}
        onClear={address.clearFilter}
      />
      <Stack gap="md" aria-busy={query.isPlaceholderData} style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
        <QueryState query={query}>{(data) => <ReviewQueue review={data} address={address} />}</QueryState>
      </Stack>
    </Page>
  );
}
