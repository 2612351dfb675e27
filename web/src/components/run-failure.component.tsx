// Why a run failed, in the reader's language from its codes, with the other system's own words quoted as theirs.
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../format.js';
import { runFailureText } from '../run-failure-text.js';

import type { RunFailureView } from '../../../src/contract/run-failure.contract.js';

type RunFailureProps = {
  readonly failure: RunFailureView;
  /** The system that failed, by name ("Simplicate", "Yuki"). */
  readonly system: string;
  readonly at?: string | null;
};

/** The failure in words; the system's own words follow as a labelled quote, marked so they are not taken as ours. */
export function RunFailure({ failure, system, at }: RunFailureProps) {
  const { t } = useTranslation();
  return (
    <span className="run-failure">
      {at === undefined || at === null ? null : <time dateTime={at}>{formatDateTime(at)}: </time>}
      {runFailureText(t, failure, system)}
      {failure.systemSaid === undefined ? null : (
        <span className="system-said">
          {' '}
          {t('runFailure.said', { system })} <q data-system-said="">{failure.systemSaid}</q>
        </span>
      )}
    </span>
  );
}
