/** "Other CRM": a CRM without a connector, whose records are pushed or imported (docs/intake.md). */
import { phonesFromRecordSource } from '../shared/system.js';
import { otherCrmManifest } from './manifest.js';

import type { SystemDefinition } from '../shared/system.js';

export const otherCrmSystem: SystemDefinition = {
  manifest: otherCrmManifest,
  shortName: 'CRM',
  intake: { vendor: null },
  phoneSource: phonesFromRecordSource,
};
