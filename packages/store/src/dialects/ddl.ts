import type { CreateTableBuilder } from 'kysely';
import { sql } from 'kysely';
import type { SqlDialect } from './sql-dialect.js';

/** An auto-incrementing integer primary key in each dialect's own idiom. */
export function withId<T extends string>(
  t: CreateTableBuilder<T, never>,
  dialect: SqlDialect,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * Clusters a fact table by its primary key: in SQLite `WITHOUT ROWID` stores rows in key order
 * (data element first), which is what every analytics query filters on; PostgreSQL has no such
 * clause and gets the same key as an ordinary btree.
 */
export function clustered<T extends string, C extends string>(
  t: CreateTableBuilder<T, C>,
  dialect: SqlDialect,
): CreateTableBuilder<T, C> {
  return dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t;
}
