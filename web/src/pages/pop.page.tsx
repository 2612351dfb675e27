// The screen-pop page that Teams and CTI clients open (/pop?number=…): the caller's records in the user's sources.
import { useTranslation } from 'react-i18next';

import { getScreenPop } from '../api/callerid.api.js';
import { CallMatches } from '../components/call-matches.component.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { useLoad } from '../use-load.js';

import type { ScreenPop } from '../api/callerid.api.js';

const unmatchedReasons = ['withheld', 'invalid', 'too_short', 'internal'] as const;

function PopResult({ pop }: { pop: ScreenPop }) {
  const { t } = useTranslation();
  if (pop.companies.length > 0) return <CallMatches companies={pop.companies} ambiguous={pop.ambiguous} />;
  // Why nothing shows: a withheld or unreadable number is not the same as a number no source knows.
  const reason = unmatchedReasons.find((r) => r === pop.result) ?? 'no_match';
  return (
    <p className="call-no-match" data-testid="pop-no-match">
      {t(`callerid.pop.${reason}`, { number: pop.number.display })}
    </p>
  );
}

function PopLookup({ number }: { number: string }) {
  const { t } = useTranslation();
  const { state, reload } = useLoad(() => getScreenPop(number), [number]);
  if (state.kind !== 'ready') return <LoadState state={state} onRetry={reload} />;
  return (
    <>
      <p className="call-number">{t('callerid.pop.number', { number: state.data.number.display })}</p>
      <PopResult pop={state.data} />
    </>
  );
}

export function PopPage() {
  const { t } = useTranslation();
  const number = (new URLSearchParams(location.search).get('number') ?? '').trim().slice(0, 100);
  return (
    <Page title={t('callerid.pop.title')}>
      {number === '' ? <p>{t('callerid.pop.noNumber')}</p> : <PopLookup number={number} />}
    </Page>
  );
}
