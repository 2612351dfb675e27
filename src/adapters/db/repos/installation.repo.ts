/** The installation row: the key-check value that tells whether this instance's master key fits the database. */
import type { Db } from '../pool.js';

/** The stored key-check value; `candidate` is stored first when the database has none yet (first start). */
export async function keyCheckValue(db: Db, candidate: () => string): Promise<string> {
  await db
    .insertInto('installation')
    .values({ key_check: candidate() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('installation').select('key_check').executeTakeFirstOrThrow();
  return row.key_check;
}
