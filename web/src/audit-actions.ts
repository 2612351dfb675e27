// The audit trail's actions (from the shared API contract) and their names in the current language.
import { auditActions } from '../../src/contract/audit.contract.js';

import type { TFunction } from 'i18next';

export { auditActions };

export function auditActionLabel(t: TFunction, action: string): string {
  const known = auditActions.find((candidate) => candidate === action);
  return known === undefined ? action : t(`audit.actions.${known}`);
}
