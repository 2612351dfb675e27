/** Visma Advisor: listed for the CRM choice, available on request only (no public API), so it plays no role yet. */
import { vismaAdvisorManifest } from './manifest.js';

import type { SystemDefinition } from '../shared/system.js';

export const vismaAdvisorSystem: SystemDefinition = { manifest: vismaAdvisorManifest };
