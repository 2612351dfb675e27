/** Radar360: listed for the CRM choice, available on request only (no public API), so it plays no role yet. */
import { radarManifest } from './manifest.js';

import type { SystemDefinition } from '../shared/system.js';

export const radarSystem: SystemDefinition = { manifest: radarManifest, shortName: 'Radar' };
