// An administration's link state in words: not linked, or linked with its approval mode and the CRM record's state.
import { useTranslation } from 'react-i18next';

import type { Link } from '../api/administrations.api.js';

export function LinkState({ link }: { link: Link | null }) {
  const { t } = useTranslation();
  if (link === null) return <span className="state state-muted">{t('link.unlinked')}</span>;
  return (
    <>
      <span className="state state-ok">{t(`link.linkedModes.${link.mode}`)}</span>
      {link.sourceStatus === 'deleted' || link.sourceStatus === 'merged' ? (
        <>
          {' '}
          <span className="state state-danger">{t(`link.source.${link.sourceStatus}`)}</span>
        </>
      ) : null}
    </>
  );
}
