// A bulk link run as it goes: progress while the background job links, then the result per administration.
import { Anchor, Button, Group, Progress, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { administrationsChanged, useBulkLinkRun } from '../administrations-queries.js';
import { skipReasonText } from '../bulk-link-reasons.js';
import { formatCounts } from '../format.js';
import { administrationPath } from '../router.js';
import { ColumnHeads } from './column-heads.component.js';
import { Link } from './link.component.js';
import { QueryState } from './query-state.component.js';
import { Section } from './section.component.js';

import type { BulkLinkRun } from '../api/administrations.api.js';

function RunProgress({ run }: { run: BulkLinkRun }) {
  const { t } = useTranslation();
  const done = run.linked + run.skipped;
  const percent = run.total === 0 ? 100 : Math.round((done / run.total) * 100);
  const counts = formatCounts({ done, total: run.total, linked: run.linked, skipped: run.skipped });
  return (
    <>
      <Text role="status" data-testid="bulk-run-status">
        {run.finished ? t('bulkLink.finished', counts) : t('bulkLink.progress', counts)}
      </Text>
      <Progress value={percent} aria-label={t('bulkLink.progressLabel')} size="lg" />
    </>
  );
}

function RunResults({ run }: { run: BulkLinkRun }) {
  const { t } = useTranslation();
  // Left out first: those are what a person still has to look at.
  const items = [...run.items].sort((a, b) => Number(b.state === 'skipped') - Number(a.state === 'skipped'));
  return (
    <Table.ScrollContainer minWidth={480} type="native">
      <Table data-testid="bulk-run-results" captionSide="top">
        <Table.Caption>{t('bulkLink.resultsCaption')}</Table.Caption>
        <ColumnHeads columns={[t('bulkLink.administration'), t('bulkLink.outcome'), t('bulkLink.reason')]} />
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.administrationId}>
              <Table.Th scope="row">
                <Anchor component={Link} to={administrationPath(item.administrationId)}>
                  {item.administrationName}
                </Anchor>
              </Table.Th>
              <Table.Td>{t(`bulkLink.states.${item.state}`)}</Table.Td>
              <Table.Td>{skipReasonText(t, item.reason)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function BulkLinkRunPanel({ runId, onClose }: { runId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useBulkLinkRun(runId);
  const finished = query.data?.finished === true;
  useEffect(() => {
    if (finished) administrationsChanged();
  }, [finished]);
  return (
    <Section title={t('bulkLink.runTitle')}>
      <QueryState query={query}>
        {(run) => (
          <>
            <RunProgress run={run} />
            {run.finished ? <RunResults run={run} /> : null}
          </>
        )}
      </QueryState>
      <Group>
        <Button variant="default" onClick={onClose}>
          {t('bulkLink.close')}
        </Button>
      </Group>
    </Section>
  );
}
