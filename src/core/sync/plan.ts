/**
 * Change detection for one linked administration: compares the CRM's normalised values with the values last
 * synchronised, and says per field what to do with the open change (create, fold into it, replace it, withdraw it).
 */
import { syncFields } from './fields.js';
import { normalizeFieldValues } from './normalize.js';
import { dispositionFor } from './policy.js';

import type { ChangeState } from '../approval/approval.js';
import type { FieldValues, SyncField } from './fields.js';
import type { ApprovalMode, ApprovalPolicy, Disposition } from './policy.js';

/** The open change of a field, as stored. */
export type OpenChange = { readonly id: string; readonly state: ChangeState; readonly newValue: string | null };

export type DetectedValue = {
  readonly newValue: string | null;
  readonly rawValue: string | null;
  readonly invalidReason: string | null;
  readonly disposition: Disposition;
};

export type FieldPlan =
  /** No open change yet: propose one. */
  | ({ readonly action: 'create'; readonly field: SyncField } & DetectedValue)
  /** A pending change gets the newer CRM value (history kept, same change). */
  | ({ readonly action: 'fold'; readonly field: SyncField; readonly changeId: string } & DetectedValue)
  /** An approved/conflicting/failed change is superseded by a new one carrying its history. */
  | ({ readonly action: 'replace'; readonly field: SyncField; readonly changeId: string } & DetectedValue)
  /** The CRM went back to the synchronised value: the open change is no longer wanted. */
  | { readonly action: 'withdraw'; readonly field: SyncField; readonly changeId: string }
  /** The CRM moved away from a rejected value: forget the rejection (a later return is a new change). */
  | { readonly action: 'forget_rejection'; readonly field: SyncField };

export type PlanInput = {
  /** Normalised values last written to (or found in) the portal for this administration. */
  readonly baseline: FieldValues;
  /** The CRM's current values, as typed. */
  readonly crm: FieldValues;
  readonly open: ReadonlyMap<SyncField, OpenChange>;
  /** Per field, the normalised value a person rejected (not proposed again while the CRM keeps it). */
  readonly rejected: ReadonlyMap<SyncField, string | null>;
  /**
   * The fields the CRM held a value for when it was last read since the link (product decision 2): an empty CRM value
   * is a change (a *clear*) only for these; a field the CRM never held since the link is left as the portal has it.
   */
  readonly crmHeld: ReadonlySet<SyncField>;
  readonly settings: { readonly policy: ApprovalPolicy; readonly mode: ApprovalMode };
};

/** The fields for which the CRM holds a value now (normalised), to remember as {@link PlanInput.crmHeld}. */
export function heldFields(crm: FieldValues): SyncField[] {
  const normalized = normalizeFieldValues(crm);
  return syncFields.filter((field) => normalized[field].value !== null);
}

/** Pure: the actions that bring the stored changes in line with the CRM's current values. */
export function planFieldChanges(input: PlanInput): FieldPlan[] {
  const normalized = normalizeFieldValues(input.crm);
  const plans: FieldPlan[] = [];
  for (const field of syncFields) {
    const { value, invalidReason } = normalized[field];
    const open = input.open.get(field);
    const rejected = input.rejected.has(field) ? { value: input.rejected.get(field) ?? null } : null;
    // Empty in the CRM and not held there before: the CRM does not hold this field; nothing to propose or withdraw.
    if (value === null && !input.crmHeld.has(field)) continue;
    if (rejected !== null && rejected.value !== value) plans.push({ action: 'forget_rejection', field });

    if (value === input.baseline[field]) {
      if (open !== undefined) plans.push({ action: 'withdraw', field, changeId: open.id });
      continue;
    }
    if (rejected !== null && rejected.value === value) continue;
    if (open !== undefined && open.newValue === value) continue;

    const detected: DetectedValue = {
      newValue: value,
      rawValue: input.crm[field],
      invalidReason,
      disposition: dispositionFor(field, { ...input.settings, invalid: invalidReason !== null, clear: value === null }),
    };
    if (open === undefined) plans.push({ action: 'create', field, ...detected });
    else if (open.state === 'pending') plans.push({ action: 'fold', field, changeId: open.id, ...detected });
    else plans.push({ action: 'replace', field, changeId: open.id, ...detected });
  }
  return plans;
}

/**
 * The stale guard: the portal value read just before writing must still be the one the change was detected against
 * (compared after normalisation, so Yuki's own formatting is not a conflict).
 */
export function isStale(expectedPortalValue: string | null, portalValueNow: string | null): boolean {
  return expectedPortalValue !== portalValueNow;
}
