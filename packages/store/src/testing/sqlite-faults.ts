import { AppError } from '@healthwatch/core';
import { sql } from 'kysely';
import type { Store } from '../connect.js';

/** Database faults for tests, on SQLite, where a connection can be told to refuse work. */
function sqliteOnly(store: Pick<Store, 'dialect'>, what: string): void {
  if (store.dialect !== 'sqlite') {
    throw new AppError('HW_INTERNAL', { reason: `${what}: SQLite only` });
  }
}

/** Makes the writer connection refuse every write (as a read-only database would), or take them again. */
export async function setSqliteQueryOnly(store: Pick<Store, 'db' | 'dialect'>, on: boolean): Promise<void> {
  sqliteOnly(store, 'setSqliteQueryOnly');
  await sql.raw(`pragma query_only = ${on ? 1 : 0}`).execute(store.db);
}

/** Lets the file grow no further (every write that needs a page fails as on a full disk), or lifts that. */
export async function capSqliteGrowth(store: Pick<Store, 'db' | 'dialect'>, capped: boolean): Promise<void> {
  sqliteOnly(store, 'capSqliteGrowth');
  const pages = capped
    ? ((await sql<{ page_count: number }>`pragma page_count`.execute(store.db)).rows[0]?.page_count ?? 0)
    : 1073741823;
  await sql.raw(`pragma max_page_count = ${pages}`).execute(store.db);
}
