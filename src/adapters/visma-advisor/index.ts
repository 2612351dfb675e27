/** Visma Advisor: no pull API; its records reach crmhub through the push API or a file import (docs/intake.md). */
import { phonesFromRecordSource } from '../shared/system.js';
import { vismaAdvisorManifest } from './manifest.js';

import type { SystemDefinition } from '../shared/system.js';

export const vismaAdvisorSystem: SystemDefinition = {
  manifest: vismaAdvisorManifest,
  shortName: 'Advisor',
  intake: { vendor: 'Visma' },
  phoneSource: phonesFromRecordSource,
};
