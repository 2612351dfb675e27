/** ClientOnline: no pull API; its records reach crmhub through the push API or a file import (docs/intake.md). */
import { phonesFromRecordSource } from '../shared/system.js';
import { clientOnlineManifest } from './manifest.js';

import type { SystemDefinition } from '../shared/system.js';

export const clientOnlineSystem: SystemDefinition = {
  manifest: clientOnlineManifest,
  intake: { vendor: 'Pinkweb' },
  phoneSource: phonesFromRecordSource,
};
