// The audit trail's actions (mirroring src/adapters/db/repos/audit.repo.ts) and their names in the current language.
import type { TFunction } from 'i18next';

export const auditActions = [
  'change_detected',
  'change_held',
  'change_auto_approved',
  'change_approved',
  'change_rejected',
  'change_applied',
  'change_conflicted',
  'change_failed',
  'change_withdrawn',
  'change_retry_scheduled',
  'source_deleted',
  'source_merged',
  'policy_changed',
  'crm_connected',
  'crm_changed',
  'crm_disconnected',
  'portal_connected',
  'portal_disconnected',
  'administration_linked',
  'administration_unlinked',
] as const;

export function auditActionLabel(t: TFunction, action: string): string {
  const known = auditActions.find((candidate) => candidate === action);
  return known === undefined ? action : t(`audit.actions.${known}`);
}
