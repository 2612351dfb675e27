// What linking would change, per field: the portal's value, the CRM's value, remarks, and held or applied.
import { useTranslation } from 'react-i18next';

import { displayValue } from '../format.js';
import { fieldLabel, invalidReasonText } from '../sync-fields.js';
import { TableHead } from './table-head.component.js';

import type { DryRunChange } from '../api/administrations.api.js';

const columns = ['field', 'portalValue', 'crmValue', 'remarks', 'outcome'] as const;

export function DryRunTable({ changes }: { changes: readonly DryRunChange[] }) {
  const { t } = useTranslation();
  if (changes.length === 0) return <p data-testid="dry-run-empty">{t('dryRun.nothing')}</p>;
  const held = changes.filter((change) => change.disposition === 'hold').length;
  return (
    <>
      <p>{t('dryRun.summary', { count: changes.length, held, applied: changes.length - held })}</p>
      <table className="table" data-testid="dry-run">
        <caption>{t('dryRun.caption')}</caption>
        <TableHead columns={columns.map((column) => t(`dryRun.${column}`))} />
        <tbody>
          {changes.map((change) => (
            <tr key={change.field}>
              <th scope="row">{fieldLabel(t, change.field)}</th>
              <td>{displayValue(change.portalValue)}</td>
              <td>{displayValue(change.crmValue)}</td>
              <td className={change.invalidReason === null ? undefined : 'remark'}>
                {change.invalidReason === null ? '' : invalidReasonText(t, change.field, change.invalidReason)}
              </td>
              <td>{change.disposition === 'hold' ? t('dryRun.held') : t('dryRun.applied')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
