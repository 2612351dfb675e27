/** The columns that record a failure: crmhub's English account (`last_error`) and the codes the UI words (`last_failure`). */
import { runFailureOf } from '../../../core/connector.js';

import type { ConnectorError } from '../../../core/connector.js';

export function failureColumns(error: ConnectorError): { last_error: string; last_failure: string } {
  return { last_error: error.message, last_failure: JSON.stringify(runFailureOf(error)) };
}

/** What a success writes: no failure. */
export const noFailureColumns = { last_error: null, last_failure: null } as const;
