// The fake CRM's definition: its manifest, a record source and its numbers for caller ID (read from that source).
import { phonesFromRecordSource } from '../../src/adapters/shared/system.js';
import { createFakeCrmConnector } from './fake.connector.js';
import { fakeCrmManifest } from './manifest.js';

import type { SystemDefinition } from '../../src/adapters/shared/system.js';

export const fakeCrmSystem: SystemDefinition = {
  manifest: fakeCrmManifest,
  recordSource: createFakeCrmConnector,
  phoneSource: phonesFromRecordSource,
};
