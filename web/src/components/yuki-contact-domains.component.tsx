// Settings → caller ID from Yuki: choose the domains whose contacts are the firm's relations (none by default).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getYukiContactDomains, setYukiContactDomains } from '../api/callerid-yuki.api.js';
import { useLoad } from '../use-load.js';
import { useSubmit } from '../use-submit.js';
import { ErrorAlert } from './feedback.component.js';
import { LoadState } from './load-state.component.js';
import { TableHead } from './table-head.component.js';

export function YukiContactDomains() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getYukiContactDomains, []);
  const [saved, setSaved] = useState(false);
  const save = useSubmit(
    (form) => setYukiContactDomains(form.getAll('domainIds').map(String)),
    () => {
      setSaved(true);
      reload();
    },
  );
  if (state.kind !== 'ready') return <LoadState state={state} onRetry={reload} />;
  const { domains, portalConnected, backgroundShare } = state.data;
  if (!portalConnected) return <p className="empty-state">{t('callerid.yuki.notConnected')}</p>;
  return (
    <form onSubmit={save.onSubmit}>
      <p>{t('callerid.yuki.intro')}</p>
      <table className="table">
        <caption>{t('callerid.yuki.domainsCaption')}</caption>
        <TableHead columns={[t('callerid.yuki.domain'), t('callerid.yuki.indexContacts'), t('callerid.yuki.share')]} />
        <tbody>
          {domains.map((domain) => (
            <tr key={domain.id}>
              <th scope="row">{domain.name}</th>
              <td>
                <input
                  type="checkbox"
                  name="domainIds"
                  value={domain.id}
                  defaultChecked={domain.selected}
                  aria-label={`${t('callerid.yuki.indexContacts')}: ${domain.name}`}
                />
              </td>
              <td>{t('callerid.yuki.shareValue', { used: domain.backgroundUsed, limit: domain.backgroundLimit })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field-hint">{t('callerid.yuki.shareHint', { percent: Math.round(backgroundShare * 100) })}</p>
      <ErrorAlert error={save.error} detailed />
      {saved ? <p role="status">{t('callerid.yuki.saved')}</p> : null}
      <button type="submit" disabled={save.pending}>
        {t('callerid.yuki.save')}
      </button>
    </form>
  );
}
