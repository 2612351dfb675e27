/** Radar (Radar360) — no public API (docs/external-systems/radar-advisor-clientonline.md#radar): records arrive by push or file import. */
import { intakeManifest } from '../shared/manifest.js';

export const radarManifest = intakeManifest({
  id: 'radar',
  displayName: 'Radar360',
  docs:
    'Radar360 has no public API. Radar pushes changes to other systems with a key the target issues (Beheer > ' +
    'Koppelingen), and exports relations to Excel: crmhub takes both, through its push API or a file import.',
});
