/** PostgreSQL TokenStore: one row per OAuth grant, tokens encrypted at rest, refreshes serialised by FOR UPDATE. */
import type { Generated, Kysely } from 'kysely';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { OAuthTokens, TokenStore } from '../../shared/oauth2.js';
import type { Db } from '../pool.js';
import type { Database } from '../schema.js';

export type OAuthGrantsTable = {
  grant_id: string;
  access_token_enc: string;
  refresh_token_enc: string | null;
  token_type: string;
  scope: string | null;
  expires_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

// Kept out of schema.ts so this table's types live beside its only SQL.
type GrantsDb = Kysely<Database & { oauth_grants: OAuthGrantsTable }>;

type GrantRow = Pick<
  OAuthGrantsTable,
  'access_token_enc' | 'refresh_token_enc' | 'token_type' | 'scope' | 'expires_at'
>;

function toTokens(row: GrantRow, box: SecretBox): OAuthTokens {
  return {
    accessToken: box.decrypt(row.access_token_enc),
    refreshToken: row.refresh_token_enc === null ? null : box.decrypt(row.refresh_token_enc),
    tokenType: row.token_type,
    scope: row.scope,
    expiresAt: row.expires_at === null ? null : row.expires_at.toISOString(),
  };
}

function fromTokens(tokens: OAuthTokens, box: SecretBox): GrantRow {
  return {
    access_token_enc: box.encrypt(tokens.accessToken),
    refresh_token_enc: tokens.refreshToken === null ? null : box.encrypt(tokens.refreshToken),
    token_type: tokens.tokenType,
    scope: tokens.scope,
    expires_at: tokens.expiresAt === null ? null : new Date(tokens.expiresAt),
  };
}

const columns = ['access_token_enc', 'refresh_token_enc', 'token_type', 'scope', 'expires_at'] as const;

/** Builds the store over `db` (a pool-backed Kysely); each crmhub instance may have its own pool. */
export function createPgTokenStore(db: Db, box: SecretBox): TokenStore {
  const grants = (d: Db): GrantsDb => d.withTables<{ oauth_grants: OAuthGrantsTable }>();
  const upsert = async (d: GrantsDb, grantId: string, tokens: OAuthTokens): Promise<void> => {
    const values = fromTokens(tokens, box);
    await d
      .insertInto('oauth_grants')
      .values({ grant_id: grantId, ...values })
      .onConflict((oc) => oc.column('grant_id').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
  };
  return {
    async read(grantId) {
      const row = await grants(db)
        .selectFrom('oauth_grants')
        .select(columns)
        .where('grant_id', '=', grantId)
        .executeTakeFirst();
      return row === undefined ? null : toTokens(row, box);
    },
    async save(grantId, tokens) {
      await upsert(grants(db), grantId, tokens);
    },
    async delete(grantId) {
      await grants(db).deleteFrom('oauth_grants').where('grant_id', '=', grantId).execute();
    },
    withLockedGrant(grantId, fn) {
      return db.transaction().execute(async (trx) => {
        const t = grants(trx);
        const row = await t
          .selectFrom('oauth_grants')
          .select(columns)
          .where('grant_id', '=', grantId)
          .forUpdate()
          .executeTakeFirst();
        const outcome = await fn(row === undefined ? null : toTokens(row, box));
        if (outcome.tokens !== undefined) await upsert(t, grantId, outcome.tokens);
        return outcome.result;
      });
    },
  };
}
