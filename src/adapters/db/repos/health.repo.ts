/** The cheapest query there is: whether the database answers at all (readiness probe). */
import { sql } from 'kysely';

import type { Db } from '../pool.js';

export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
