// Change handlers for form inputs: hand the typed value (or a checkbox's state) to a setter.
import type { ChangeEvent } from 'react';

type ValueElement = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export function valueTo(set: (value: string) => void): (event: ChangeEvent<ValueElement>) => void {
  return (event) => {
    set(event.currentTarget.value);
  };
}

export function checkedTo(set: (checked: boolean) => void): (event: ChangeEvent<HTMLInputElement>) => void {
  return (event) => {
    set(event.currentTarget.checked);
  };
}
