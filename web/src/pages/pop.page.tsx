// The screen-pop page that Teams and CTI clients open (/pop?number=…): the caller's records in the user's sources.
import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { getScreenPop } from '../api/callerid.api.js';
import { CallMatches } from '../components/call-matches.component.js';
import { Page } from '../components/page.component.js';
import { QueryState } from '../components/query-state.component.js';

import type { ScreenPop } from '../api/callerid.api.js';

const unmatchedReasons = ['withheld', 'invalid', 'too_short', 'internal'] as const;

function PopResult({ pop }: { pop: ScreenPop }) {
  const { t } = useTranslation();
  if (pop.companies.length > 0) return <CallMatches companies={pop.companies} ambiguous={pop.ambiguous} />;
  // Why nothing shows: a withheld or unreadable number is not the same as a number no source knows.
  const reason = unmatchedReasons.find((r) => r === pop.result) ?? 'no_match';
  return (
    <Text className="call-no-match" data-testid="pop-no-match">
      {t(`callerid.pop.${reason}`, { number: pop.number.display })}
    </Text>
  );
}

function PopLookup({ number }: { number: string }) {
  const { t } = useTranslation();
  const pop = useQuery({ queryKey: ['screen-pop', number], queryFn: () => getScreenPop(number) });
  return (
    <QueryState query={pop}>
      {(data) => (
        <>
          <Text className="call-number">{t('callerid.pop.number', { number: data.number.display })}</Text>
          <PopResult pop={data} />
        </>
      )}
    </QueryState>
  );
}

export function PopPage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const number = (search.get('number') ?? '').trim().slice(0, 100);
  return (
    <Page title={t('callerid.pop.title')}>
      {number === '' ? <Text>{t('callerid.pop.noNumber')}</Text> : <PopLookup number={number} />}
    </Page>
  );
}
