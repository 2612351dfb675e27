// A button outside a form that runs one API call, disabled while it runs; its error is shown by the caller.
import type { ReactNode } from 'react';
import type { Action } from '../use-action.js';

type ActionButtonProps<T> = {
  action: Action;
  work: () => Promise<T>;
  onDone: (result: T) => void;
  className?: string;
  children: ReactNode;
};

export function ActionButton<T>({ action, work, onDone, className, children }: ActionButtonProps<T>) {
  return (
    <button
      type="button"
      className={className}
      disabled={action.pending}
      onClick={() => {
        action.run(work, onDone);
      }}
    >
      {children}
    </button>
  );
}
