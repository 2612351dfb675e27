/** A portal's single sign-on settings: which OpenID provider, the client, and whether password login stays open. */
import type { Selectable } from 'kysely';
import type { Db } from '../pool.js';
import type { PortalSsoTable, SsoProvider } from '../schema.js';

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

type Row = Omit<Selectable<PortalSsoTable>, 'updated_by'>;

function toSettings(row: Row): SsoSettings {
  return {
    portalId: row.portal_id,
    enabled: row.enabled,
    provider: row.provider,
    tenantId: row.tenant_id,
    issuerUrl: row.issuer_url,
    clientId: row.client_id,
    clientSecretEnc: row.client_secret_enc,
    allowPasswordLogin: row.allow_password_login,
    updatedAt: row.updated_at,
  };
}

export async function findSsoSettings(db: Db, portalId: string): Promise<SsoSettings | null> {
  const row = await db.selectFrom('portal_sso').select(columns).where('portal_id', '=', portalId).executeTakeFirst();
  return row === undefined ? null : toSettings(row);
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
  return row === undefined ? null : toSettings(row);
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
