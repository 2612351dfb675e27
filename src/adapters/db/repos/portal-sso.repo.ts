/** A portal's single sign-on settings: which OpenID provider, the client, and whether password login stays open. */
import { camelRow } from './camel-row.js';

import type { Db } from '../pool.js';
import type { SsoProvider } from '../schema.js';

export type SsoSettings = {
  readonly portalId: string;
  readonly enabled: boolean;
  readonly provider: SsoProvider;
  readonly tenantId: string | null;
  readonly issuerUrl: string | null;
  readonly clientId: string;
  /** Encrypted with the secret box; only the OpenID client decrypts it. */
  readonly clientSecretEnc: string;
  readonly allowPasswordLogin: boolean;
  readonly updatedAt: Date;
};

const columns = [
  'portal_id',
  'enabled',
  'provider',
  'tenant_id',
  'issuer_url',
  'client_id',
  'client_secret_enc',
  'allow_password_login',
  'updated_at',
] as const;

export async function findSsoSettings(db: Db, portalId: string): Promise<SsoSettings | null> {
  const row = await db.selectFrom('portal_sso').select(columns).where('portal_id', '=', portalId).executeTakeFirst();
  return row === undefined ? null : camelRow(row);
}

/** The installation's settings (crmhub has one portal), for the public login page and the sign-in flow. */
export async function findInstallationSsoSettings(db: Db): Promise<SsoSettings | null> {
  const row = await db
    .selectFrom('portal_sso as s')
    .innerJoin('portals as p', 'p.id', 's.portal_id')
    .select(columns.map((column) => `s.${column}` as const))
    .orderBy('p.created_at')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? null : camelRow(row);
}

export async function saveSsoSettings(
  db: Db,
  input: Omit<SsoSettings, 'updatedAt'> & { readonly updatedBy: string; readonly now: Date },
): Promise<void> {
  const values = {
    enabled: input.enabled,
    provider: input.provider,
    tenant_id: input.tenantId,
    issuer_url: input.issuerUrl,
    client_id: input.clientId,
    client_secret_enc: input.clientSecretEnc,
    allow_password_login: input.allowPasswordLogin,
    updated_at: input.now,
    updated_by: input.updatedBy,
  };
  await db
    .insertInto('portal_sso')
    .values({ portal_id: input.portalId, ...values })
    .onConflict((oc) => oc.column('portal_id').doUpdateSet(values))
    .execute();
}
