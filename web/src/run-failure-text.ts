// A failed run in the reader's language, from its codes (src/contract/run-failure.contract.ts), naming the system.
import type { TFunction } from 'i18next';
import type { RunFailureView } from '../../src/contract/run-failure.contract.js';

/** The most specific words there are: the reason, else how the network failed, else the error code. */
export function runFailureText(t: TFunction, failure: RunFailureView, system: string): string {
  if (failure.reason !== undefined) return t(`runFailure.reason.${failure.reason}`, { system });
  if (failure.network !== undefined) return t(`runFailure.network.${failure.network}`, { system });
  return t(`runFailure.code.${failure.code}`, { system });
}
