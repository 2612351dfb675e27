// A linked administration: its CRM organisation, a warning when that record was deleted or merged, mode and unlink.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { changeLinkMode, unlinkAdministration } from '../api/administrations.api.js';
import { errorText } from '../error-text.js';
import { useSubmit } from '../use-submit.js';
import { ConfirmDialog } from './confirm-dialog.component.js';
import { ConnectionDetails } from './connection-details.component.js';
import { LinkState } from './link-state.component.js';
import { ModeChoice } from './mode-choice.component.js';

import type { ApiError } from '../api.js';
import type { Link, LinkMode } from '../api/administrations.api.js';

type LinkedPanelProps = { administrationId: string; link: Link; onChanged: () => void };

export function LinkedPanel({ administrationId, link, onChanged }: LinkedPanelProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<LinkMode>(link.mode);
  const [saved, setSaved] = useState(false);
  const [unlink, setUnlink] = useState<{ pending: boolean; error: ApiError | null } | null>(null);
  const modeSubmit = useSubmit(
    () => changeLinkMode(administrationId, mode),
    () => {
      setSaved(true);
      onChanged();
    },
  );

  function confirmUnlink(): void {
    setUnlink({ pending: true, error: null });
    unlinkAdministration(administrationId).then(
      () => {
        setUnlink(null);
        onChanged();
      },
      (error: unknown) => {
        setUnlink({ pending: false, error: toApiError(error) });
      },
    );
  }

  return (
    <section className="section" aria-labelledby="linked-panel">
      <h2 id="linked-panel">{t('linked.title')}</h2>
      {link.sourceStatus === 'deleted' || link.sourceStatus === 'merged' ? (
        <p className="form-error" role="alert">
          {t(`linked.sourceAlert.${link.sourceStatus}`)}
        </p>
      ) : null}
      <ConnectionDetails
        rows={[
          [t('linked.organisation'), link.crmName ?? '—'],
          [t('linked.externalId'), link.crmExternalId],
          [t('linked.state'), <LinkState key="state" link={link} />],
        ]}
      />
      <form className="form" onSubmit={modeSubmit.onSubmit}>
        {modeSubmit.error === null ? null : (
          <p className="form-error" role="alert">
            {errorText(t, modeSubmit.error)}
          </p>
        )}
        {saved && !modeSubmit.pending ? (
          <p role="status" className="notice">
            {t('linked.modeSaved')}
          </p>
        ) : null}
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
          <button
            type="button"
            className="danger"
            onClick={() => {
              setUnlink({ pending: false, error: null });
            }}
          >
            {t('linked.unlink')}
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={unlink !== null}
        title={t('linked.unlinkConfirm.title')}
        confirmLabel={t('linked.unlink')}
        pending={unlink?.pending === true}
        error={unlink?.error ?? null}
        onCancel={() => {
          setUnlink(null);
        }}
        onConfirm={confirmUnlink}
      >
        <p>{t('linked.unlinkConfirm.body')}</p>
      </ConfirmDialog>
    </section>
  );
}
