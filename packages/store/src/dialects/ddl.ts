import type { CreateTableBuilder } from 'kysely';
import type { DialectAdapter } from './dialect-adapter.js';

/** An auto-incrementing integer primary key in each dialect's own idiom. */
export function withId<T extends string>(
  t: CreateTableBuilder<T, never>,
  dialect: DialectAdapter,
): CreateTableBuilder<T, 'id'> {
  return dialect.withId(t);
}

/**
 * Clusters a fact table by its primary key: in SQLite `WITHOUT ROWID` stores rows in key order
 * (data element first), which is what every analytics query filters on; PostgreSQL has no such
 * clause and gets the same key as an ordinary btree.
 */
export function clustered<T extends string, C extends string>(
  t: CreateTableBuilder<T, C>,
  dialect: DialectAdapter,
): CreateTableBuilder<T, C> {
  return dialect.clustered(t);
}
