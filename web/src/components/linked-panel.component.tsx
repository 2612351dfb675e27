// A linked administration: its CRM organisation, a warning when that record was deleted or merged, mode and unlink.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { changeLinkMode, unlinkAdministration } from '../api/administrations.api.js';
import { useAction } from '../use-action.js';
import { useSubmit } from '../use-submit.js';
import { ConfirmDialog } from './confirm-dialog.component.js';
import { ConnectionDetails } from './connection-details.component.js';
import { Alert, ErrorAlert, Notice } from './feedback.component.js';
import { LinkState } from './link-state.component.js';
import { ModeChoice } from './mode-choice.component.js';

import type { Link, LinkMode } from '../api/administrations.api.js';

type LinkedPanelProps = { administrationId: string; link: Link; onChanged: () => void };

type LinkModeFormProps = LinkedPanelProps & { onUnlink: () => void };

/** The link's approval mode, and the button that asks to unlink. */
function LinkModeForm({ administrationId, link, onChanged, onUnlink }: LinkModeFormProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<LinkMode>(link.mode);
  const [saved, setSaved] = useState(false);
  const modeSubmit = useSubmit(
    () => changeLinkMode(administrationId, mode),
    () => {
      setSaved(true);
      onChanged();
    },
  );
  return (
    <form className="form" onSubmit={modeSubmit.onSubmit}>
      <ErrorAlert error={modeSubmit.error} />
      {saved && !modeSubmit.pending ? <Notice>{t('linked.modeSaved')}</Notice> : null}
      <ModeChoice
        value={mode}
        onChange={(value) => {
          setSaved(false);
          setMode(value);
        }}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={modeSubmit.pending || mode === link.mode}>
          {t('linked.saveMode')}
        </button>
        <button type="button" className="danger" onClick={onUnlink}>
          {t('linked.unlink')}
        </button>
      </div>
    </form>
  );
}

export function LinkedPanel({ administrationId, link, onChanged }: LinkedPanelProps) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const unlink = useAction();

  return (
    <section className="section" aria-labelledby="linked-panel">
      <h2 id="linked-panel">{t('linked.title')}</h2>
      {link.sourceStatus === 'deleted' || link.sourceStatus === 'merged' ? (
        <Alert>{t(`linked.sourceAlert.${link.sourceStatus}`)}</Alert>
      ) : null}
      <ConnectionDetails
        rows={[
          [t('linked.organisation'), link.crmName ?? '—'],
          [t('linked.externalId'), link.crmExternalId],
          [t('linked.state'), <LinkState key="state" link={link} />],
        ]}
      />
      <LinkModeForm
        administrationId={administrationId}
        link={link}
        onChanged={onChanged}
        onUnlink={() => {
          unlink.reset();
          setConfirming(true);
        }}
      />
      <ConfirmDialog
        open={confirming}
        title={t('linked.unlinkConfirm.title')}
        confirmLabel={t('linked.unlink')}
        pending={unlink.pending}
        error={unlink.error}
        onCancel={() => {
          setConfirming(false);
        }}
        onConfirm={() => {
          unlink.run(
            () => unlinkAdministration(administrationId),
            () => {
              setConfirming(false);
              onChanged();
            },
          );
        }}
      >
        <p>{t('linked.unlinkConfirm.body')}</p>
      </ConfirmDialog>
    </section>
  );
}
