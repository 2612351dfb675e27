/** Why a run or a write failed, as the codes the UI words and the other system's own words (core/connector.ts RunFailure). */
import { z } from 'zod';

import { connectorErrorCodes, connectorReasons, networkFailures } from '../core/connector.js';

export const runFailureSchema = z
  .object({
    code: z.enum(connectorErrorCodes),
    reason: z.enum(connectorReasons).optional(),
    network: z.enum(networkFailures).optional(),
    systemSaid: z.string().optional().describe("The other system's own words, verbatim (quote them; not crmhub's)"),
  })
  .describe('Why the last run failed, in codes (docs/errors.md#run-failures); `lastError` is the same in English');
export type RunFailureView = z.infer<typeof runFailureSchema>;
