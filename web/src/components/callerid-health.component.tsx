// Health of caller ID: per source its state ("reconnect") and phone index, and the last call of each phone system.
import { Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { getCallerIdHealth } from '../api/callerid.api.js';
import { formatCount, formatCounts, formatDateTime } from '../format.js';
import { ConnectionDetails, connectionStatusText } from './connection-details.component.js';
import { Link } from './link.component.js';
import { QueryState } from './query-state.component.js';
import { RunFailure } from './run-failure.component.js';

import type { CallerIdHealth as Health } from '../api/callerid.api.js';

type Source = Health['sources'][number];

/** The stored values the index could not read, for the firm to correct at the source (empties on re-index). */
function UnreadableNumbers({ source }: { source: Source }) {
  const { t } = useTranslation();
  const { count, items } = source.index.unreadable;
  if (count === 0) return <p data-testid="callerid-unreadable-none">{t('health.callerid.unreadableNone')}</p>;
  return (
    <div data-testid="callerid-unreadable">
      <p>{t('health.callerid.unreadableHint', { system: source.systemName })}</p>
      {items.length < count ? (
        <p>{t('health.callerid.unreadableMore', formatCounts({ shown: items.length, count }))}</p>
      ) : null}
      <table className="table">
        <thead>
          <tr>
            <th>{t('health.callerid.record')}</th>
            <th>{t('health.callerid.field')}</th>
            <th>{t('health.callerid.value')}</th>
            <th>{t('health.callerid.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.recordKind}:${item.recordId}:${item.field}`}>
              <td>
                {item.deepLink === null ? (
                  item.name
                ) : (
                  <a href={item.deepLink} target="_blank" rel="noreferrer">
                    {item.name}
                  </a>
                )}
              </td>
              <td>{item.field}</td>
              <td>{item.raw}</td>
              <td>{t(`health.callerid.reasons.${item.reason}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SourceCard({ source }: { source: Source }) {
  const { t } = useTranslation();
  const title = t('health.callerid.title', { system: source.systemName });
  // The index run's own failure first: it says why the numbers are stale; else the connection's (e.g. a lost grant).
  const failed = source.index.lastFailure === null ? source : source.index;
  return (
    <section className="panel" aria-label={title}>
      <Title order={2} fz="h4">
        {title}
      </Title>
      <ConnectionDetails
        rows={[
          [
            t('health.callerid.status'),
            source.needsReconnect ? (
              <>
                {connectionStatusText(t, 'needs_reconnect')}{' '}
                <Link to="/settings/caller-id">{t('health.callerid.reconnect')}</Link>
              </>
            ) : source.status === 'active' && source.index.numbers === 0 ? (
              // Connected but nothing to recognise callers by yet: not "Active" to the person who reads it.
              t('health.callerid.noNumbers')
            ) : (
              connectionStatusText(t, source.status)
            ),
          ],
          [t('health.callerid.numbers'), formatCount(source.index.numbers)],
          [t('health.callerid.lastFull'), formatDateTime(source.index.lastFullAt, t('common.never'))],
          [t('health.callerid.lastIncremental'), formatDateTime(source.index.lastIncrementalAt, t('common.never'))],
          [
            t('health.callerid.lastError'),
            failed.lastFailure === null ? (
              t('health.noErrors')
            ) : (
              <RunFailure failure={failed.lastFailure} system={source.systemName} at={failed.lastErrorAt} />
            ),
          ],
          [t('health.callerid.unreadable'), formatCount(source.index.unreadable.count)],
        ]}
      />
      <UnreadableNumbers source={source} />
    </section>
  );
}

function CallerIdHealthCards({ health }: { health: Health }) {
  const { t } = useTranslation();
  const { sources, phoneSystems } = health;
  if (sources.length === 0 && phoneSystems.length === 0) return null;
  return (
    <>
      {sources.map((source) => (
        <SourceCard key={source.connectionId} source={source} />
      ))}
      {phoneSystems.length === 0 ? null : (
        <section className="panel" aria-label={t('health.callerid.phoneSystems')}>
          <Title order={2} fz="h4">
            {t('health.callerid.phoneSystems')}
          </Title>
          <ConnectionDetails
            rows={phoneSystems.map(
              (system) => [system.name, formatDateTime(system.lastEventAt, t('common.never'))] as const,
            )}
          />
        </section>
      )}
    </>
  );
}

export function CallerIdHealth() {
  const health = useQuery({ queryKey: ['callerid-health'], queryFn: getCallerIdHealth, staleTime: 0 });
  return <QueryState query={health}>{(data) => <CallerIdHealthCards health={data} />}</QueryState>;
}
