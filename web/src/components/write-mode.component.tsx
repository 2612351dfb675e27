// Settings → portal: how approved changes reach Yuki (assisted tasks, or the unpublished automatic write).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getWriteMode, saveWriteMode, writeModes } from '../api/yuki-tasks.api.js';
import { useLoad } from '../use-load.js';
import { useSubmit } from '../use-submit.js';
import { ErrorAlert, Notice } from './feedback.component.js';
import { FormActions } from './form-actions.component.js';
import { LoadState } from './load-state.component.js';
import { RadioGroup } from './radio-group.component.js';

import type { WriteMode as Mode } from '../api/yuki-tasks.api.js';

function ModeView({
  current,
  saved,
  isAdmin,
  onEdit,
}: {
  current: Mode;
  saved: boolean;
  isAdmin: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {saved ? <Notice>{t('writeMode.saved')}</Notice> : null}
      <p data-testid="write-mode-setting">
        {t('writeMode.label')} <strong>{t(`writeMode.options.${current}`)}</strong>
      </p>
      <p className="field-hint">{t(`writeMode.descriptions.${current}`)}</p>
      {isAdmin ? (
        <button type="button" onClick={onEdit}>
          {t('common.edit')}
        </button>
      ) : (
        <p className="field-hint">{t('settings.adminOnly')}</p>
      )}
    </>
  );
}

export function WriteMode({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getWriteMode, []);
  const [editing, setEditing] = useState<Mode | null>(null);
  const [saved, setSaved] = useState<Mode | null>(null);
  const submit = useSubmit(
    () => saveWriteMode(editing ?? 'assisted'),
    (mode) => {
      setEditing(null);
      setSaved(mode);
    },
  );
  if (state.kind !== 'ready') {
    return (
      <div className="panel">
        <h3>{t('writeMode.title')}</h3>
        <LoadState state={state} onRetry={reload} />
      </div>
    );
  }
  const current = saved ?? state.data;
  const options = writeModes.map((mode) => ({
    value: mode,
    label: t(`writeMode.options.${mode}`),
    description: t(`writeMode.descriptions.${mode}`),
  }));
  return (
    <div className="panel">
      <h3>{t('writeMode.title')}</h3>
      {editing === null ? (
        <ModeView
          current={current}
          saved={saved !== null}
          isAdmin={isAdmin}
          onEdit={() => {
            setEditing(current);
          }}
        />
      ) : (
        <form className="form" onSubmit={submit.onSubmit}>
          <ErrorAlert error={submit.error} />
          <RadioGroup
            legend={t('writeMode.legend')}
            name="writeMode"
            options={options}
            value={editing}
            onChange={setEditing}
          />
          <FormActions
            submitLabel={t('common.save')}
            pending={submit.pending}
            onCancel={() => {
              setEditing(null);
            }}
          />
        </form>
      )}
    </div>
  );
}
