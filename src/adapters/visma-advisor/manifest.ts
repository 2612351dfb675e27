/** Visma Advisor — no public API reference (docs/external-systems/radar-advisor-clientonline.md#visma-advisor): records arrive by push or file import. */
import { intakeManifest } from '../shared/manifest.js';

export const vismaAdvisorManifest = intakeManifest({
  id: 'visma_advisor',
  displayName: 'Visma Advisor',
  docs:
    'Visma Advisor has no public API reference. Its customers reach crmhub through the push API (an integrator or ' +
    'Visma sends changes) or a file import of an Advisor customer export.',
});
