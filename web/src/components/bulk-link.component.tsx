// Linking many administrations at once: the approval mode, one combined dry run, and a confirmation stating the counts.
import { Button, Group, List, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { bulkLinkDryRun, startBulkLink } from '../api/administrations.api.js';
import { countByReason, skipReasonText } from '../bulk-link-reasons.js';
import { fieldLabel } from '../sync-fields.js';
import { apiErrorOf, useApiMutation } from '../use-api-mutation.js';
import { ColumnHeads } from './column-heads.component.js';
import { ConfirmDialog } from './confirm-dialog.component.js';
import { ErrorAlert } from './feedback.component.js';
import { ModeChoice } from './mode-choice.component.js';
import { Section } from './section.component.js';

import type { BulkLinkDryRun, BulkLinkRequest, LinkMode } from '../api/administrations.api.js';

/** Which administrations: the ones selected in the list, or every one with exactly one KvK/VAT suggestion. */
export type BulkTarget = { kind: 'selection'; ids: readonly string[] } | { kind: 'single' };

function request(target: BulkTarget, mode: LinkMode): BulkLinkRequest {
  return target.kind === 'single'
    ? { allWithSingleSuggestion: true, mode }
    : { administrationIds: [...target.ids], mode };
}

/** The combined dry run: how many are linked, which fields change how often (and how many wait), who is left out. */
function BulkDryRunSummary({ dryRun }: { dryRun: BulkLinkDryRun }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="bulk-dry-run">
      <Text fw={600}>{t('bulkLink.dryRunCount', { count: dryRun.administrations })}</Text>
      <Text>{t('bulkLink.withHeld', { count: dryRun.withHeld })}</Text>
      {dryRun.fields.length === 0 ? (
        <Text>{t('bulkLink.noChanges')}</Text>
      ) : (
        <Table captionSide="top" data-testid="bulk-dry-run-fields">
          <Table.Caption>{t('bulkLink.fieldsCaption')}</Table.Caption>
          <ColumnHeads columns={[t('bulkLink.field'), t('bulkLink.changes'), t('bulkLink.held')]} />
          <Table.Tbody>
            {dryRun.fields.map((row) => (
              <Table.Tr key={row.field}>
                <Table.Th scope="row">{fieldLabel(t, row.field)}</Table.Th>
                <Table.Td>{row.changes}</Table.Td>
                <Table.Td>{row.held}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {dryRun.skipped.length === 0 ? null : (
        <List data-testid="bulk-dry-run-skipped">
          {countByReason(dryRun.skipped).map(([reason, count]) => (
            <List.Item key={reason}>
              {t('bulkLink.skippedBecause', { count, reason: skipReasonText(t, reason) })}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

type ConfirmProps = {
  dryRun: BulkLinkDryRun;
  mode: LinkMode;
  open: boolean;
  onClose: () => void;
  onStarted: (runId: string) => void;
  body: BulkLinkRequest;
};

function BulkLinkConfirm({ dryRun, mode, open, onClose, onStarted, body }: ConfirmProps) {
  const { t } = useTranslation();
  const start = useApiMutation(() => startBulkLink(body), { onSuccess: onStarted });
  return (
    <ConfirmDialog
      open={open}
      title={t('bulkLink.confirmTitle', { count: dryRun.administrations })}
      confirmLabel={t('bulkLink.confirm', { count: dryRun.administrations })}
      destructive={false}
      pending={start.isPending}
      error={start.apiError}
      onConfirm={() => {
        start.mutate();
      }}
      onCancel={onClose}
    >
      <Text>{t('bulkLink.confirmBody', { count: dryRun.administrations, mode: t(`link.modes.${mode}`) })}</Text>
      <Text>{t('bulkLink.withHeld', { count: dryRun.withHeld })}</Text>
      {dryRun.skipped.length === 0 ? null : (
        <Text>{t('bulkLink.confirmSkipped', { count: dryRun.skipped.length })}</Text>
      )}
    </ConfirmDialog>
  );
}

type BulkLinkProps = { target: BulkTarget; onStarted: (runId: string) => void; onCancel: () => void };

export function BulkLink({ target, onStarted, onCancel }: BulkLinkProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<LinkMode>('manual');
  const [confirming, confirm] = useDisclosure(false);
  const dryRun = useMutation({ mutationFn: (body: BulkLinkRequest) => bulkLinkDryRun(body) });
  const body = request(target, mode);
  const current = dryRun.data !== undefined && dryRun.variables.mode === mode ? dryRun.data : null;

  return (
    <Section
      title={
        target.kind === 'single'
          ? t('bulkLink.titleSingle')
          : t('bulkLink.titleSelection', { count: target.ids.length })
      }
    >
      <ModeChoice value={mode} onChange={setMode} legend={t('bulkLink.modeLegend')} />
      <ErrorAlert error={apiErrorOf(dryRun)} />
      <Group gap="sm">
        <Button
          variant="default"
          loading={dryRun.isPending}
          onClick={() => {
            dryRun.mutate(body);
          }}
        >
          {t('bulkLink.dryRun')}
        </Button>
        <Button variant="subtle" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </Group>
      {current === null ? null : (
        <>
          <BulkDryRunSummary dryRun={current} />
          <Group>
            <Button disabled={current.administrations === 0} onClick={confirm.open}>
              {t('bulkLink.link', { count: current.administrations })}
            </Button>
          </Group>
          <BulkLinkConfirm
            dryRun={current}
            mode={mode}
            body={body}
            open={confirming}
            onClose={confirm.close}
            onStarted={onStarted}
          />
        </>
      )}
    </Section>
  );
}
