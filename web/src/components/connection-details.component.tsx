// A connection's facts as a description list (label → value), and its status and last error in words.
import { RunFailure } from './run-failure.component.js';

import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { Connection } from '../api/connections.api.js';

/** A connection's status in words; an unknown status keeps its code. */
export function connectionStatusText(t: TFunction, status: string): string {
  if (status === 'active') return t('connection.active');
  if (status === 'needs_reconnect') return t('connection.needsReconnect');
  if (status === 'disconnected') return t('connection.disconnected');
  return status;
}

/** The "last error" details row, or none when the last run went well. */
export function lastErrorRows(
  t: TFunction,
  connection: Pick<Connection, 'lastFailure' | 'lastErrorAt'>,
  system: string,
): (readonly [string, ReactNode])[] {
  return connection.lastFailure === null
    ? []
    : [
        [
          t('connection.lastError'),
          <RunFailure failure={connection.lastFailure} system={system} at={connection.lastErrorAt} />,
        ],
      ];
}

export function ConnectionDetails({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="details">
      {rows.map(([label, value]) => (
        <div key={label} className="details-row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
