/** PostgreSQL TokenStore: one row per OAuth grant, tokens encrypted at rest, refreshes serialised by FOR UPDATE. */
import type { SecretBox } from '../../crypto/secret-box.js';
import type { OAuthTokens, TokenStore } from '../../shared/oauth2.js';
import type { Db } from '../pool.js';
import type { OauthGrantsTable } from '../schema.js';

type GrantRow = Pick<
  OauthGrantsTable,
  'access_token_enc' | 'refresh_token_enc' | 'token_type' | 'scope' | 'expires_at' | 'issued_at'
>;

const columns = ['access_token_enc', 'refresh_token_enc', 'token_type', 'scope', 'expires_at', 'issued_at'] as const;

function toTokens(row: GrantRow, box: SecretBox): OAuthTokens {
  return {
    accessToken: box.decrypt(row.access_token_enc),
    refreshToken: row.refresh_token_enc === null ? null : box.decrypt(row.refresh_token_enc),
    tokenType: row.token_type,
    scope: row.scope,
    expiresAt: row.expires_at === null ? null : row.expires_at.toISOString(),
    issuedAt: row.issued_at === null ? null : row.issued_at.toISOString(),
  };
}

function fromTokens(tokens: OAuthTokens, box: SecretBox): GrantRow {
  return {
    access_token_enc: box.encrypt(tokens.accessToken),
    refresh_token_enc: tokens.refreshToken === null ? null : box.encrypt(tokens.refreshToken),
    token_type: tokens.tokenType,
    scope: tokens.scope,
    expires_at: tokens.expiresAt === null ? null : new Date(tokens.expiresAt),
    issued_at: tokens.issuedAt == null ? null : new Date(tokens.issuedAt),
  };
}

/** The stored token columns of one grant (read as is, or locked for a refresh). */
function grantQuery(db: Db, grantId: string) {
  return db.selectFrom('oauth_grants').select(columns).where('grant_id', '=', grantId);
}

async function upsert(db: Db, grantId: string, tokens: OAuthTokens, box: SecretBox): Promise<void> {
  const values = fromTokens(tokens, box);
  await db
    .insertInto('oauth_grants')
    .values({ grant_id: grantId, ...values })
    .onConflict((oc) => oc.column('grant_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

/** Builds the store over `db` (a pool-backed Kysely); each crmhub instance may have its own pool. */
export function createPgTokenStore(db: Db, box: SecretBox): TokenStore {
  return {
    async read(grantId) {
      const row = await grantQuery(db, grantId).executeTakeFirst();
      return row === undefined ? null : toTokens(row, box);
    },
    save: (grantId, tokens) => upsert(db, grantId, tokens, box),
    async delete(grantId) {
      await db.deleteFrom('oauth_grants').where('grant_id', '=', grantId).execute();
    },
    withLockedGrant(grantId, fn) {
      // The row lock is held while fn refreshes over HTTP: a second instance waits here and then sees the new tokens.
      return db.transaction().execute(async (trx) => {
        const row = await grantQuery(trx, grantId).forUpdate().executeTakeFirst();
        const outcome = await fn(row === undefined ? null : toTokens(row, box));
        if (outcome.tokens === null) await trx.deleteFrom('oauth_grants').where('grant_id', '=', grantId).execute();
        else if (outcome.tokens !== undefined) await upsert(trx, grantId, outcome.tokens, box);
        return outcome.result;
      });
    },
  };
}
