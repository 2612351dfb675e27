// A connection's panel in Settings: title, notice, connect button or details, admin actions, and disconnect confirm.
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { ConfirmDialog } from './confirm-dialog.component.js';
import { ErrorAlert, Notice } from './feedback.component.js';
import { AdminOnlyNote, Panel } from './panel.component.js';

import type { ReactNode } from 'react';
import type { Connection } from '../api/connections.api.js';
import type { ConnectionPanelState } from '../use-connection-panel.js';

type ConnectionPanelProps = {
  /** Whose texts the panel shows (`<area>.title`, `<area>.connect`, …). */
  area: 'crm' | 'portal';
  connection: Connection | null;
  isAdmin: boolean;
  state: ConnectionPanelState;
  /** The admin's buttons before Disconnect. */
  actions: ReactNode;
  onDisconnect: () => void;
  /** What is shown of a connection (details and the like). */
  children: (connection: Connection) => ReactNode;
};

export function ConnectionPanel(props: ConnectionPanelProps) {
  const { area, connection, isAdmin, state, actions, onDisconnect, children } = props;
  const { t } = useTranslation();
  const texts = {
    title: t(`${area}.title`),
    notConnected: t(`${area}.notConnected`),
    connect: t(`${area}.connect`),
    disconnect: t(`${area}.disconnect`),
    confirmTitle: t(`${area}.disconnectConfirm.title`),
    confirmBody: t(`${area}.disconnectConfirm.body`),
  };
  const { notice, busy } = state;

  return (
    <Panel title={texts.title}>
      {notice === null ? null : <Notice>{notice}</Notice>}
      {connection === null ? (
        <>
          <Text>{texts.notConnected}</Text>
          {isAdmin ? (
            <div>
              <Button onClick={state.edit}>{texts.connect}</Button>
            </div>
          ) : (
            <AdminOnlyNote />
          )}
        </>
      ) : (
        <>
          {children(connection)}
          {busy !== null && busy.action !== 'disconnect' ? <ErrorAlert error={busy.error} /> : null}
          {isAdmin ? (
            <Group gap="xs">
              {actions}
              <Button color="red.9" variant="outline" onClick={state.askDisconnect}>
                {texts.disconnect}
              </Button>
            </Group>
          ) : (
            <AdminOnlyNote />
          )}
          <ConfirmDialog
            open={busy?.action === 'disconnect'}
            title={texts.confirmTitle}
            confirmLabel={texts.disconnect}
            pending={busy?.pending === true}
            error={busy?.action === 'disconnect' ? busy.error : null}
            onCancel={state.cancelDisconnect}
            onConfirm={onDisconnect}
          >
            <Text>{texts.confirmBody}</Text>
          </ConfirmDialog>
        </>
      )}
    </Panel>
  );
}
