/** The approval policy (portal) and mode (administration) that decide per field whether a change waits or applies. */
import { legalFields } from './fields.js';

import type { SyncField } from './fields.js';

/** Portal-wide: which changes wait for a person. Default `all` (product.md). */
export const approvalPolicies = ['all', 'legal_vat', 'none'] as const;
export type ApprovalPolicy = (typeof approvalPolicies)[number];
export const defaultApprovalPolicy: ApprovalPolicy = 'all';

/** Per administration, chosen when it is linked. */
export const approvalModes = ['automatic', 'manual'] as const;
export type ApprovalMode = (typeof approvalModes)[number];

export type Disposition = 'hold' | 'apply';

/**
 * Whether a detected change waits for approval or is applied. A manual administration holds everything; an automatic
 * one follows the portal policy; an invalid value and a clear (the CRM no longer holds a value: it would empty the
 * portal field, product decision 2) are always held, whatever the settings.
 */
export function dispositionFor(
  field: SyncField,
  settings: { policy: ApprovalPolicy; mode: ApprovalMode; invalid: boolean; clear?: boolean },
): Disposition {
  if (settings.invalid || settings.clear === true || settings.mode === 'manual') return 'hold';
  switch (settings.policy) {
    case 'all':
      return 'hold';
    case 'legal_vat':
      return legalFields.has(field) ? 'hold' : 'apply';
    case 'none':
      return 'apply';
  }
}
