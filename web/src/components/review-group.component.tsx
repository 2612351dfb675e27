// The held changes of one administration, with "approve all" for that administration.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { administrationPath } from '../router.js';
import { ChangeCard } from './change-card.component.js';
import { Link } from './link.component.js';

import type { ReviewGroup as Group } from '../api/review.api.js';

type ReviewGroupProps = {
  group: Group;
  selected: ReadonlySet<string>;
  onSelect: (id: string, selected: boolean) => void;
  onApproveAll: () => void;
  pending: boolean;
  onDecided: (message: string) => void;
};

export function ReviewGroup({ group, selected, onSelect, onApproveAll, pending, onDecided }: ReviewGroupProps) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="section review-group" aria-labelledby={headingId}>
      <div className="group-head">
        <h2 id={headingId}>{group.administrationName}</h2>
        <p className="field-hint">
          {t('review.groupInfo', { domain: group.domainName, count: group.changes.length })}{' '}
          <Link to={administrationPath(group.administrationId)}>{t('review.openAdministration')}</Link>
        </p>
        <button type="button" disabled={pending} onClick={onApproveAll}>
          {t('review.approveAll', { count: group.changes.length })}
        </button>
      </div>
      {group.changes.map((change) => (
        <ChangeCard
          key={change.id}
          change={change}
          selected={selected.has(change.id)}
          onSelect={(value) => {
            onSelect(change.id, value);
          }}
          onDecided={onDecided}
        />
      ))}
    </section>
  );
}
