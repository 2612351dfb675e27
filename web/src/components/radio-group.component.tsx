// A fieldset of radio buttons with a legend, optional per-option descriptions, disabled options and an error.
import { useId } from 'react';

import { FieldError } from './text-field.component.js';

import type { ReactNode } from 'react';

export type RadioOption<V extends string> = {
  value: V;
  label: string;
  description?: ReactNode;
  disabled?: boolean;
};

type RadioGroupProps<V extends string> = {
  legend: string;
  name: string;
  options: readonly RadioOption<V>[];
  value: V | null;
  onChange: (value: V) => void;
  error?: string | undefined;
};

export function RadioGroup<V extends string>({ legend, name, options, value, onChange, error }: RadioGroupProps<V>) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset className="field radio-group" aria-describedby={error === undefined ? undefined : errorId}>
      <legend>{legend}</legend>
      {options.map((option) => {
        const optionId = `${id}-${option.value}`;
        const descriptionId = `${optionId}-description`;
        return (
          <div key={option.value} className={option.disabled === true ? 'radio radio-disabled' : 'radio'}>
            <input
              type="radio"
              id={optionId}
              name={name}
              value={option.value}
              checked={value === option.value}
              disabled={option.disabled}
              aria-invalid={error === undefined ? undefined : true}
              aria-describedby={option.description === undefined ? undefined : descriptionId}
              onChange={() => {
                onChange(option.value);
              }}
            />
            <label htmlFor={optionId}>{option.label}</label>
            {option.description === undefined ? null : (
              <div id={descriptionId} className="field-hint radio-description">
                {option.description}
              </div>
            )}
          </div>
        );
      })}
      <FieldError id={errorId} error={error} />
    </fieldset>
  );
}
