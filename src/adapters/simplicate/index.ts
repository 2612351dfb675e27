/** Simplicate, the CRM: a record source, its numbers for caller ID, and signed webhooks. */
import { phonesFromRecordSource } from '../shared/system.js';
import { simplicateManifest } from './manifest.js';
import { createSimplicateConnector } from './simplicate.connector.js';
import { simplicateWebhookVerifier } from './webhook.js';

import type { SystemDefinition } from '../shared/system.js';

export const simplicateSystem: SystemDefinition = {
  manifest: simplicateManifest,
  recordSource: createSimplicateConnector,
  phoneSource: phonesFromRecordSource,
  webhookVerifier: simplicateWebhookVerifier,
};
