// A portal-wide setting with a few named choices (approval policy, write mode): shown, and edited by an administrator.
import { Button, Radio, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { formFieldError } from '../form-errors.js';
import { ErrorAlert, Notice } from './feedback.component.js';
import { FormActions } from './form-actions.component.js';
import { Form } from './form.component.js';
import { AdminOnlyNote, Panel } from './panel.component.js';
import { QueryState } from './query-state.component.js';

/** The setting's texts in the current language: its translation section, read whole (`returnObjects`). */
export type ChoiceTexts<V extends string> = {
  readonly title: string;
  readonly current: string;
  readonly legend: string;
  readonly saved: string;
  readonly options: Readonly<Record<V, string>>;
  readonly descriptions: Readonly<Record<V, string>>;
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
      <Text data-testid={testId}>
        {texts.current} <strong>{texts.options[current]}</strong>
      </Text>
      <Text c="dimmed" size="sm">
        {texts.descriptions[current]}
      </Text>
      {isAdmin ? (
        <div>
          <Button variant="default" onClick={onEdit}>
            {t('common.edit')}
          </Button>
        </div>
      ) : (
        <AdminOnlyNote />
      )}
    </>
  );
}

type ChoiceFormProps<V extends string> = {
  props: ChoiceSettingProps<V>;
  initial: V;
  onSaved: (value: V) => void;
  onCancel: () => void;
};

function ChoiceForm<V extends string>({ props, initial, onSaved, onCancel }: ChoiceFormProps<V>) {
  const { texts, name, choices, save } = props;
  const { t } = useTranslation();
  const [choice, setChoice] = useState<V>(initial);
  const submit = useMutation({ mutationFn: save, onSuccess: onSaved });
  const error = submit.error === null ? null : toApiError(submit.error);
  return (
    <Form
      onSubmit={() => {
        submit.mutate(choice);
      }}
    >
      <Stack gap="sm">
        <ErrorAlert error={error} />
        <Radio.Group
          label={texts.legend}
          name={name}
          value={choice}
          error={formFieldError(t, error, name)}
          onChange={(value) => {
            setChoice(choices.find((known) => known === value) ?? initial);
          }}
        >
          <Stack gap="xs" mt="xs">
            {choices.map((value) => (
              <Radio key={value} value={value} label={texts.options[value]} description={texts.descriptions[value]} />
            ))}
          </Stack>
        </Radio.Group>
        <FormActions submitLabel={t('common.save')} pending={submit.isPending} onCancel={onCancel} />
      </Stack>
    </Form>
  );
}

export function ChoiceSetting<V extends string>(props: ChoiceSettingProps<V>) {
  const { texts, name, load, isAdmin } = props;
  const setting = useQuery({ queryKey: ['setting', name], queryFn: load });
  const [editing, edit] = useDisclosure(false);
  // The value the server confirmed on save: shown at once, without reading it back.
  const [saved, setSaved] = useState<V | null>(null);
  return (
    <Panel title={texts.title}>
      <QueryState query={setting}>
        {(loaded) => {
          const current = saved ?? loaded;
          return editing ? (
            <ChoiceForm
              props={props}
              initial={current}
              onSaved={(value) => {
                edit.close();
                setSaved(value);
              }}
              onCancel={edit.close}
            />
          ) : (
            <ChoiceView
              texts={texts}
              testId={props.testId}
              current={current}
              saved={saved !== null}
              isAdmin={isAdmin}
              onEdit={edit.open}
            />
          );
        }}
      </QueryState>
    </Panel>
  );
}
