/** Portal-wide settings, one column each on the portal's row: the approval policy and the Yuki write mode. */
import type { Selectable } from 'kysely';
import type { ApprovalPolicy } from '../../../core/sync/policy.js';
import type { Db } from '../pool.js';
import type { PortalsTable } from '../schema.js';

type PortalSettings = Pick<Selectable<PortalsTable>, 'approval_policy' | 'write_mode'>;

export async function portalSetting<K extends keyof PortalSettings>(
  db: Db,
  portalId: string,
  setting: K,
): Promise<PortalSettings[K]> {
  const row: PortalSettings = await db
    .selectFrom('portals')
    .select(['approval_policy', 'write_mode'])
    .where('id', '=', portalId)
    .executeTakeFirstOrThrow();
  return row[setting];
}

/** Sets one setting; returns the previous value (for the audit trail). */
export async function replacePortalSetting<K extends keyof PortalSettings>(
  db: Db,
  portalId: string,
  setting: K,
  value: PortalSettings[K],
): Promise<PortalSettings[K]> {
  const previous = await portalSetting(db, portalId, setting);
  const update: Partial<PortalSettings> = {};
  update[setting] = value;
  await db.updateTable('portals').set(update).where('id', '=', portalId).execute();
  return previous;
}

export async function approvalPolicyOf(db: Db, portalId: string): Promise<ApprovalPolicy> {
  return portalSetting(db, portalId, 'approval_policy');
}

/** Sets the policy; returns the previous one (for the audit trail). */
export async function setApprovalPolicy(db: Db, portalId: string, policy: ApprovalPolicy): Promise<ApprovalPolicy> {
  return replacePortalSetting(db, portalId, 'approval_policy', policy);
}
