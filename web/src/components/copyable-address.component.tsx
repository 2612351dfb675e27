// An address the user copies into another system, with a warning when it only works on this machine.
import { useTranslation } from 'react-i18next';

import { isLocalOnly } from '../local-address.js';

import type { ReactNode } from 'react';

/** One warning for a group of addresses, shown when any of them names this machine. */
export function LocalAddressWarning({ addresses }: { addresses: readonly string[] }): ReactNode {
  const { t } = useTranslation();
  if (!addresses.some(isLocalOnly)) return null;
  return (
    <span className="field-warning" role="note">
      {t('address.localOnly')}
    </span>
  );
}

export function CopyableAddress({ address, testId }: { address: string; testId?: string }): ReactNode {
  return (
    <>
      <code data-testid={testId}>{address}</code>
      <LocalAddressWarning addresses={[address]} />
    </>
  );
}
