/** The life of one field change, as a transition table: every state change in the database is checked against it. */

export const changeStates = [
  /** Waiting for a person (held by policy, invalid value, or returned as a conflict). */
  'pending',
  /** A person approved it, or the policy applies it automatically: waiting for the apply job. */
  'approved',
  /** Written to Yuki. */
  'applied',
  /** A person rejected it; the rejected value is not proposed again. */
  'rejected',
  /** The portal value changed since detection; back with a person, showing all three values. */
  'conflict',
  /** The write failed for good (after retries) or cannot be retried; a person may approve it again. */
  'failed',
  /** A newer CRM value, or the CRM returning to the synchronised value, replaced it before a decision. */
  'superseded',
] as const;
export type ChangeState = (typeof changeStates)[number];

export const changeEvents = ['approve', 'reject', 'apply', 'conflict', 'fail', 'supersede'] as const;
export type ChangeEvent = (typeof changeEvents)[number];

/** For each state, the events it accepts and where they lead. Anything not listed is refused. */
export const changeTransitions = {
  pending: { approve: 'approved', reject: 'rejected', supersede: 'superseded' },
  approved: { apply: 'applied', conflict: 'conflict', fail: 'failed', supersede: 'superseded' },
  conflict: { approve: 'approved', reject: 'rejected', supersede: 'superseded' },
  failed: { approve: 'approved', reject: 'rejected', supersede: 'superseded' },
  applied: {},
  rejected: {},
  superseded: {},
} as const satisfies Record<ChangeState, Partial<Record<ChangeEvent, ChangeState>>>;

/** States in which a change still waits for something (a person or the apply job). */
export const openChangeStates: readonly ChangeState[] = ['pending', 'approved', 'conflict', 'failed'];

/** States a person decides on (the review queue). */
export const reviewableChangeStates: readonly ChangeState[] = ['pending', 'conflict', 'failed'];

/** Where an event takes a change, or null when the transition is not allowed. */
export function nextChangeState(from: ChangeState, event: ChangeEvent): ChangeState | null {
  const targets: Partial<Record<ChangeEvent, ChangeState>> = changeTransitions[from];
  return targets[event] ?? null;
}

/** The states from which an event is allowed (for `UPDATE … WHERE state IN (…)` guards). */
export function statesAccepting(event: ChangeEvent): ChangeState[] {
  return changeStates.filter((state) => nextChangeState(state, event) !== null);
}

/**
 * A clear: the change would empty the portal's field (the CRM no longer holds a value). It is always held, needs its
 * own confirmation to approve, and is left out of bulk actions unless explicitly included (product decision 2).
 */
export function isClearChange(change: { readonly newValue: string | null }): boolean {
  return change.newValue === null;
}
