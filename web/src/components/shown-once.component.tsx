// Credentials issued for another system (a new or rotated source, a phone system): shown this once, never again.
import { LocalAddressWarning } from './copyable-address.component.js';

import type { ReactNode } from 'react';

export type ShownValue = { term: string; value: string; testId?: string };

type ShownOnceProps = {
  intro: string;
  values: readonly ShownValue[];
  /** The values that are addresses the other system calls (warned about when they name this machine). */
  addresses: readonly string[];
  /** How to enter the values at the other system. */
  hints: ReactNode;
};

export function ShownOnce({ intro, values, addresses, hints }: ShownOnceProps) {
  return (
    <div className="webhook" role="status">
      <p>{intro}</p>
      <dl>
        {values.flatMap(({ term, value, testId }) => [
          <dt key={`${term}-term`}>{term}</dt>,
          <dd key={`${term}-value`}>
            <code data-testid={testId}>{value}</code>
          </dd>,
        ])}
      </dl>
      <LocalAddressWarning addresses={addresses} />
      {hints}
    </div>
  );
}
