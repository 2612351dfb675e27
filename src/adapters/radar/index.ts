/** Radar360: no pull API; its records reach crmhub through the push API or a file import (docs/intake.md). */
import { phonesFromRecordSource } from '../shared/system.js';
import { radarManifest } from './manifest.js';

import type { SystemDefinition } from '../shared/system.js';

export const radarSystem: SystemDefinition = {
  manifest: radarManifest,
  shortName: 'Radar',
  intake: { vendor: 'Radar Software' },
  phoneSource: phonesFromRecordSource,
};
