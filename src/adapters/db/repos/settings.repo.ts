/** Portal-wide settings: the approval policy. */
import type { ApprovalPolicy } from '../../../core/sync/policy.js';
import type { Db } from '../pool.js';

export async function approvalPolicyOf(db: Db, portalId: string): Promise<ApprovalPolicy> {
  const row = await db
    .selectFrom('portals')
    .select('approval_policy')
    .where('id', '=', portalId)
    .executeTakeFirstOrThrow();
  return row.approval_policy;
}

/** Sets the policy; returns the previous one (for the audit trail). */
export async function setApprovalPolicy(db: Db, portalId: string, policy: ApprovalPolicy): Promise<ApprovalPolicy> {
  const previous = await approvalPolicyOf(db, portalId);
  await db.updateTable('portals').set({ approval_policy: policy }).where('id', '=', portalId).execute();
  return previous;
}
