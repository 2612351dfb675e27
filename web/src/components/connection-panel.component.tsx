// A connection's panel in Settings: title, notice, connect button or details, admin actions, and disconnect confirm.
import { useTranslation } from 'react-i18next';

import { ConfirmDialog } from './confirm-dialog.component.js';
import { ErrorAlert, Notice } from './feedback.component.js';

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
  const adminOnly = <p className="field-hint">{t('settings.adminOnly')}</p>;

  return (
    <div className="panel">
      <h3>{texts.title}</h3>
      {notice === null ? null : <Notice>{notice}</Notice>}
      {connection === null ? (
        <>
          <p>{texts.notConnected}</p>
          {isAdmin ? (
            <button type="button" className="primary" onClick={state.edit}>
              {texts.connect}
            </button>
          ) : (
            adminOnly
          )}
        </>
      ) : (
        <>
          {children(connection)}
          {busy !== null && busy.action !== 'disconnect' ? <ErrorAlert error={busy.error} /> : null}
          {isAdmin ? (
            <div className="actions">
              {actions}
              <button type="button" className="danger" onClick={state.askDisconnect}>
                {texts.disconnect}
              </button>
            </div>
          ) : (
            adminOnly
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
            <p>{texts.confirmBody}</p>
          </ConfirmDialog>
        </>
      )}
    </div>
  );
}
