// An address the user copies into another system, with a warning when it only works on this machine.
import { useTranslation } from 'react-i18next';

import { isLocalOnly } from '../local-address.js';

import type { ReactNode } from 'react';

export function CopyableAddress({ address, testId }: { address: string; testId?: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <code data-testid={testId}>{address}</code>
      {isLocalOnly(address) ? (
        <span className="field-warning" role="note">
          {t('address.localOnly')}
        </span>
      ) : null}
    </>
  );
}
