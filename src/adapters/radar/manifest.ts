/** Radar (Radar360) — no public API is known (docs/external-systems/radar-advisor-clientonline.md#radar): listed, available on request only. */
import { onRequestManifest } from '../shared/manifest.js';

export const radarManifest = onRequestManifest({
  id: 'radar',
  displayName: 'Radar360',
  docs:
    'Radar360 has no public API. Its integrations are set up inside Radar (Beheer > Koppelingen) with a key issued ' +
    'by Radar Software, and Radar stays the leading system. Available on request, with Radar Software involved.',
});
