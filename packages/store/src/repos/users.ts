import type { Kysely } from 'kysely';
import type { Store } from '../connect.js';
import type { Database } from '../schema.js';

/** The id of the user with this name, creating a bare account the first time it acts. */
export async function ensureUser(
  db: Kysely<Database>,
  username: string,
  displayName: string | null = null,
): Promise<number> {
  const found = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  if (found) {
    return found.id;
  }
  await db
    .insertInto('app_user')
    .values({ username, display_name: displayName, created_at: Date.now() })
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function usernamesById(db: Kysely<Database>): Promise<Map<number, string>> {
  const rows = await db.selectFrom('app_user').select(['id', 'username']).execute();
  return new Map(rows.map((r) => [r.id, r.username]));
}

const userIds = new WeakMap<Store, Map<string, number>>();

/**
 * {@link ensureUser} with a per-store memory of users that already existed (ids of users created
 * inside a transaction are not remembered: that transaction may still roll back).
 */
export async function cachedUserId(store: Store, db: Kysely<Database>, username: string): Promise<number> {
  const known = userIds.get(store)?.get(username);
  if (known !== undefined) {
    return known;
  }
  const found = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  if (found) {
    let m = userIds.get(store);
    if (!m) {
      m = new Map();
      userIds.set(store, m);
    }
    m.set(username, found.id);
    return found.id;
  }
  return ensureUser(db, username);
}
