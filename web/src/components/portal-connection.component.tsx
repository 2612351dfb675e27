// Settings → accountant portal: the Yuki connection (or the form to make one), re-import, and disconnect.
import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { disconnectPortal, importPortal } from '../api/connections.api.js';
import { formatCounts, formatDateTime } from '../format.js';
import { useConnectionPanel } from '../use-connection-panel.js';
import { ConnectionDetails, connectionStatusText, lastErrorRows } from './connection-details.component.js';
import { ConnectionPanel } from './connection-panel.component.js';
import { PortalConnectForm } from './portal-connect-form.component.js';
import { VismaConnect } from './visma-connect.component.js';

import type { Connection } from '../api/connections.api.js';

type PortalConnectionProps = { connection: Connection | null; isAdmin: boolean; onChanged: () => void };

export function PortalConnection({ connection, isAdmin, onChanged }: PortalConnectionProps) {
  const { t } = useTranslation();
  const state = useConnectionPanel(onChanged);
  const { busy } = state;

  if (state.editing) {
    return (
      <PortalConnectForm
        onCancel={state.cancelEdit}
        onSaved={() => {
          state.saved(t('portal.connected'));
        }}
      />
    );
  }

  return (
    <>
      <ConnectionPanel
        area="portal"
        connection={connection}
        isAdmin={isAdmin}
        state={state}
        actions={
          <Button
            variant="default"
            disabled={busy?.pending === true}
            onClick={() => {
              state.setNotice(null);
              state.run('import', importPortal, (counts) =>
                t(
                  'portal.imported',
                  formatCounts({ domains: counts.domains, administrations: counts.administrations }),
                ),
              );
            }}
          >
            {busy?.action === 'import' && busy.pending ? t('portal.importing') : t('portal.reimport')}
          </Button>
        }
        onDisconnect={() => {
          state.run('disconnect', disconnectPortal, () => t('portal.disconnected'));
        }}
      >
        {(live) => (
          <ConnectionDetails
            rows={[
              [t('crm.system'), 'Yuki'],
              [t('portal.baseUrl'), live.baseUrl ?? '—'],
              [t('connection.status'), connectionStatusText(t, live.status)],
              [t('portal.lastImport'), formatDateTime(live.lastSuccessAt, t('common.never'))],
              [t('connection.nextRun'), formatDateTime(live.nextRunAt)],
              ...lastErrorRows(t, live, 'Yuki'),
            ]}
          />
        )}
      </ConnectionPanel>
      {connection !== null && isAdmin ? <VismaConnect /> : null}
    </>
  );
}
