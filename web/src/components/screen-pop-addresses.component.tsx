// Settings: what to configure in Teams and CTI clients so that they open crmhub's screen-pop page on a call.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { getScreenPopAddresses } from '../api/callerid.api.js';
import { CopyableAddress, LocalAddressWarning } from './copyable-address.component.js';
import { QueryState } from './query-state.component.js';

/** The Teams calling-policy command; the admin adds -Identity for a policy other than the global one. */
function teamsCommand(address: string): string {
  return `Set-CsTeamsCallingPolicy -Identity Global -PopoutForIncomingPstnCalls Enabled -PopoutAppPathForIncomingPstnCalls "${address}"`;
}

export function ScreenPopAddresses() {
  const { t } = useTranslation();
  const addresses = useQuery({ queryKey: ['screen-pop-addresses'], queryFn: getScreenPopAddresses });
  return (
    <QueryState query={addresses}>
      {(data) => (
        <>
          <p>{t('callerid.screenPop.intro')}</p>
          <dl>
            <dt>{t('callerid.screenPop.teams')}</dt>
            <dd>
              <code data-testid="screen-pop-teams">{teamsCommand(data.teams)}</code>
              <LocalAddressWarning addresses={[data.teams]} />
            </dd>
            <dt>{t('callerid.screenPop.template')}</dt>
            <dd>
              <CopyableAddress address={data.template} testId="screen-pop-template" />
              <span className="field-hint">{t('callerid.screenPop.templateHint')}</span>
            </dd>
          </dl>
        </>
      )}
    </QueryState>
  );
}
