// A labelled input with an optional hint and error, wired up with aria-describedby and aria-invalid.
import { useId } from 'react';

import type { ComponentProps } from 'react';

type TextFieldProps = Omit<ComponentProps<'input'>, 'id'> & {
  label: string;
  name: string;
  hint?: string;
  error?: string | undefined;
  /** For a controlled field: called with the new text on every change. */
  onValue?: (value: string) => void;
};

/** A field's own error, which the field names in aria-describedby. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error === undefined ? null : (
    <p id={id} className="field-error">
      {error}
    </p>
  );
}

export function TextField({ label, hint, error, onValue, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint === undefined ? null : hintId, error === undefined ? null : errorId]
    .filter((part) => part !== null)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        {...input}
        {...(onValue === undefined
          ? {}
          : {
              onChange: (event) => {
                onValue(event.currentTarget.value);
              },
            })}
      />
      {hint === undefined ? null : (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

type FieldSpec<N extends string> = Omit<TextFieldProps, 'name' | 'error'> & { name: N };

/** Secrets and addresses are never filled in from the browser's memory. */
export const secretInput = { type: 'password', autoComplete: 'off' } as const;
export const urlInput = { type: 'url', autoComplete: 'off' } as const;

/** A form's text fields in order, each with the error `error` finds for its name. */
export function TextFields<N extends string>({
  fields,
  error,
}: {
  fields: readonly FieldSpec<N>[];
  error: (name: N) => string | undefined;
}) {
  return (
    <>
      {fields.map((field) => (
        <TextField key={field.name} {...field} error={error(field.name)} />
      ))}
    </>
  );
}
