// Settings → CRMHub: the CRM connection (or the button to make one), change, sync now, and disconnect.
import { Button, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { disconnectCrm, syncCrmNow } from '../api/connections.api.js';
import { formatDateTime } from '../format.js';
import { useConnectionPanel } from '../use-connection-panel.js';
import { ConnectionDetails, connectionStatusText, lastErrorRows } from './connection-details.component.js';
import { ConnectionPanel } from './connection-panel.component.js';
import { CopyableAddress } from './copyable-address.component.js';
import { CrmConnectForm } from './crm-connect-form.component.js';

import type { Connection, CrmSystem } from '../api/connections.api.js';

type CrmConnectionProps = {
  connection: Connection | null;
  systems: readonly CrmSystem[];
  isAdmin: boolean;
  onChanged: () => void;
};

function CrmDetails({ live, systemName }: { live: Connection; systemName: (id: string) => string }) {
  const { t } = useTranslation();
  return (
    <>
      <ConnectionDetails
        rows={[
          [t('crm.system'), systemName(live.system)],
          [t('crm.baseUrl'), live.baseUrl ?? '—'],
          [t('connection.status'), connectionStatusText(t, live.status)],
          [t('crm.pollInterval'), t('crm.everySeconds', { count: live.pollIntervalSeconds })],
          [t('connection.lastSuccess'), formatDateTime(live.lastSuccessAt, t('common.never'))],
          [t('connection.nextRun'), formatDateTime(live.nextRunAt)],
          ...lastErrorRows(t, live, systemName(live.system)),
        ]}
      />
      {live.webhookUrl === null ? null : (
        <div className="webhook">
          <Title order={4} fz="h5">
            {t('crm.webhook.title')}
          </Title>
          <Text>{t('crm.webhook.instructions')}</Text>
          <Text>
            <CopyableAddress address={live.webhookUrl} testId="webhook-url" />
          </Text>
          <Text c="dimmed" size="sm">
            {live.hasWebhookSecret ? t('crm.webhook.secretSet') : t('crm.webhook.secretMissing')}
          </Text>
        </div>
      )}
    </>
  );
}

export function CrmConnection({ connection, systems, isAdmin, onChanged }: CrmConnectionProps) {
  const { t } = useTranslation();
  const state = useConnectionPanel(onChanged);
  const systemName = (id: string): string => systems.find((system) => system.id === id)?.displayName ?? id;
  // A CRM that pushes its records (an intake source) is neither re-entered nor synced from here: see Intake sources.
  const pushes = systems.find((system) => system.id === connection?.system)?.availability === 'intake';

  if (state.editing) {
    return (
      <CrmConnectForm
        systems={systems}
        existing={connection}
        onCancel={state.cancelEdit}
        onSaved={(saved) => {
          state.saved(t('crm.connected', { system: systemName(saved.system) }));
        }}
      />
    );
  }

  return (
    <ConnectionPanel
      area="crm"
      connection={connection}
      isAdmin={isAdmin}
      state={state}
      actions={
        pushes ? null : (
          <>
            <Button variant="default" onClick={state.edit}>
              {t('crm.change')}
            </Button>
            <Button
              variant="default"
              disabled={state.busy?.pending === true}
              onClick={() => {
                state.run('sync', syncCrmNow, () => t('crm.syncStarted'));
              }}
            >
              {t('crm.syncNow')}
            </Button>
          </>
        )
      }
      onDisconnect={() => {
        state.run('disconnect', disconnectCrm, () => t('crm.disconnected'));
      }}
    >
      {(live) => <CrmDetails live={live} systemName={systemName} />}
    </ConnectionPanel>
  );
}
