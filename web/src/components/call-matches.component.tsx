// The records a caller's number matched, grouped by company, with "open in …" links and firm context.
import { useTranslation } from 'react-i18next';

import { Link } from './link.component.js';

import type { PopupCompany, PopupRecord } from '../api/callerid.api.js';

export function CallMatches({ companies, ambiguous }: { companies: readonly PopupCompany[]; ambiguous: boolean }) {
  const { t } = useTranslation();
  if (companies.length === 0) return <p className="call-no-match">{t('callerid.popup.noMatch')}</p>;
  return (
    <>
      {ambiguous ? <p className="call-ambiguous">{t('callerid.popup.ambiguous')}</p> : null}
      <ul className="call-companies">
        {companies.map((company, index) => (
          <li key={`${company.name ?? ''}-${String(index)}`} className="call-company">
            <h3>{company.name ?? t('callerid.popup.noCompany')}</h3>
            <p className="call-ids">
              {[
                company.kvk === null ? null : t('callerid.popup.kvk', { kvk: company.kvk }),
                company.relationNumber === null
                  ? null
                  : t('callerid.popup.relationNumber', { number: company.relationNumber }),
              ]
                .filter((part) => part !== null)
                .join(' · ')}
            </p>
            <ul className="call-records">
              {company.records.map((record) => (
                <CallRecord key={`${record.system}-${record.recordKind}-${record.recordId}`} record={record} />
              ))}
            </ul>
            {company.administrations.map((administration) => (
              <p key={administration.administrationId} className="call-firm-context">
                {administration.pendingApprovals === 0
                  ? t('callerid.popup.nothingPending', { name: administration.name })
                  : t('callerid.popup.pending', { count: administration.pendingApprovals, name: administration.name })}
                {administration.pendingApprovals === 0 ? null : (
                  <>
                    {' '}
                    <Link to="/review">{t('callerid.popup.reviewLink')}</Link>
                  </>
                )}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </>
  );
}

function CallRecord({ record }: { record: PopupRecord }) {
  const { t } = useTranslation();
  const field = t(`callerid.fields.${record.matchedField}`, { defaultValue: record.matchedField });
  return (
    <li className="call-record">
      <strong>{record.name}</strong>
      {record.company !== null && record.company !== record.name ? <> – {record.company}</> : null}
      <span className="call-record-detail">
        {' '}
        {t('callerid.popup.matchedField', { field, number: record.matchedNumber })}
        {record.kvk === null ? null : ` · ${t('callerid.popup.kvk', { kvk: record.kvk })}`}
        {record.relationNumber === null
          ? null
          : ` · ${t('callerid.popup.relationNumber', { number: record.relationNumber })}`}
      </span>
      {record.link == null ? null : (
        <>
          {' '}
          <a href={record.link.url} target="_blank" rel="noopener noreferrer">
            {t('callerid.popup.open', { system: record.link.system })}
          </a>
        </>
      )}
    </li>
  );
}
