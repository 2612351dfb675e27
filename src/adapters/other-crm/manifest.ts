/** Any other CRM (or an integrator's export): records arrive through crmhub's push API or a file import (docs/intake.md). */
import { intakeManifest } from '../shared/manifest.js';

export const otherCrmManifest = intakeManifest({
  id: 'other_crm',
  displayName: 'Other CRM',
  docs:
    'A CRM crmhub has no connector for: its vendor or an integrator pushes records to crmhub, or the firm imports ' +
    'a CSV/Excel export.',
});
