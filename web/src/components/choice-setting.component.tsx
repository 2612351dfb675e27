// A portal-wide setting with a few named choices (approval policy, write mode): shown, and edited by an administrator.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useLoad } from '../use-load.js';
import { useSubmit } from '../use-submit.js';
import { ErrorAlert, Notice } from './feedback.component.js';
import { FormActions } from './form-actions.component.js';
import { LoadState } from './load-state.component.js';
import { RadioGroup } from './radio-group.component.js';

/** The setting's texts in the current language (the caller owns its translation keys). */
export type ChoiceTexts<V extends string> = {
  readonly title: string;
  readonly current: string;
  readonly legend: string;
  readonly saved: string;
  readonly option: (value: V) => string;
  readonly description: (value: V) => string;
};

export type ChoiceSettingProps<V extends string> = {
  readonly texts: ChoiceTexts<V>;
  readonly name: string;
  readonly testId: string;
  readonly choices: readonly V[];
  readonly load: () => Promise<V>;
  readonly save: (value: V) => Promise<V>;
  readonly isAdmin: boolean;
};

type ViewProps<V extends string> = {
  texts: ChoiceTexts<V>;
  testId: string;
  current: V;
  saved: boolean;
  isAdmin: boolean;
  onEdit: () => void;
};

function ChoiceView<V extends string>({ texts, testId, current, saved, isAdmin, onEdit }: ViewProps<V>) {
  const { t } = useTranslation();
  return (
    <>
      {saved ? <Notice>{texts.saved}</Notice> : null}
      <p data-testid={testId}>
        {texts.current} <strong>{texts.option(current)}</strong>
      </p>
      <p className="field-hint">{texts.description(current)}</p>
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

export function ChoiceSetting<V extends string>(props: ChoiceSettingProps<V>) {
  const { texts, name, choices, load, save, isAdmin } = props;
  const { t } = useTranslation();
  const { state, reload } = useLoad(load, []);
  const [editing, setEditing] = useState<V | null>(null);
  // The value the server confirmed on save: shown at once, without reading it back.
  const [saved, setSaved] = useState<V | null>(null);
  const submit = useSubmit(
    () => save(editing ?? choices[0] ?? ('' as V)),
    (value) => {
      setEditing(null);
      setSaved(value);
    },
  );
  if (state.kind !== 'ready') {
    return (
      <div className="panel">
        <h3>{texts.title}</h3>
        <LoadState state={state} onRetry={reload} />
      </div>
    );
  }
  const current = saved ?? state.data;
  const options = choices.map((value) => ({
    value,
    label: texts.option(value),
    description: texts.description(value),
  }));
  return (
    <div className="panel">
      <h3>{texts.title}</h3>
      {editing === null ? (
        <ChoiceView
          texts={texts}
          testId={props.testId}
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
            legend={texts.legend}
            name={name}
            options={options}
            value={editing}
            onChange={setEditing}
            error={submit.error?.fieldMessage(name)}
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
