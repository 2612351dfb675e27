// What linking would change, per field: the portal's value, the CRM's value, remarks, and held or applied.
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { displayValue } from '../format.js';
import { fieldLabel, invalidReasonText } from '../sync-fields.js';
import { ColumnHeads } from './column-heads.component.js';

import type { DryRunChange } from '../api/administrations.api.js';

const columns = ['field', 'portalValue', 'crmValue', 'remarks', 'outcome'] as const;

/** Long values (addresses, e-mail) break anywhere, so the table fits a phone instead of widening the page. */
export const wrappingTable = { overflowWrap: 'anywhere' } as const;

export function DryRunTable({ changes }: { changes: readonly DryRunChange[] }) {
  const { t } = useTranslation();
  if (changes.length === 0) return <Text data-testid="dry-run-empty">{t('dryRun.nothing')}</Text>;
  const held = changes.filter((change) => change.disposition === 'hold').length;
  return (
    <>
      <Text>{t('dryRun.summary', { count: changes.length, held, applied: changes.length - held })}</Text>
      <Table data-testid="dry-run" captionSide="top" style={wrappingTable}>
        <Table.Caption>{t('dryRun.caption')}</Table.Caption>
        <ColumnHeads columns={columns.map((column) => t(`dryRun.${column}`))} />
        <Table.Tbody>
          {changes.map((change) => (
            <Table.Tr key={change.field}>
              <Table.Th scope="row">{fieldLabel(t, change.field)}</Table.Th>
              <Table.Td>{displayValue(change.portalValue)}</Table.Td>
              <Table.Td>{displayValue(change.crmValue)}</Table.Td>
              <Table.Td>
                {change.invalidReason === null ? '' : invalidReasonText(t, change.field, change.invalidReason)}
              </Table.Td>
              <Table.Td>{change.disposition === 'hold' ? t('dryRun.held') : t('dryRun.applied')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
