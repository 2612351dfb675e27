/** ClientOnline: listed for the CRM choice, available on request only (no public API), so it plays no role yet. */
import { clientOnlineManifest } from './manifest.js';

import type { SystemDefinition } from '../shared/system.js';

export const clientOnlineSystem: SystemDefinition = { manifest: clientOnlineManifest };
