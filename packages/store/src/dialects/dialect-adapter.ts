import type { CreateTableBuilder, Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { SqlDialect } from './sql-dialect.js';
import type { ValueBatchOps } from './value-batch.js';

/**
 * Everything the two engines do differently, as methods of one object chosen once when the store
 * is opened (see connect.ts). Shared repository code calls these and never asks which engine it
 * runs on; what both engines accept alike (upserts with `on conflict`, `returning`) stays in the
 * shared code as plain Kysely.
 */
export interface DialectAdapter {
  readonly name: SqlDialect;
  /**
   * Data values resolved and written per batch of an import: small on SQLite (row by row on its
   * own connection), large on PostgreSQL (round trips are what costs).
   */
  readonly valueBatchSize: number;
  /** The bulk path for data values (see value-batch.ts). */
  readonly valueOps: ValueBatchOps;
  /**
   * Serialises approvals against edits of the same data sets (see repos/approvals.ts): `approval`
   * takes the data sets exclusively, `write` shares them with other writes. Call in a transaction.
   */
  lockDataSets(
    db: Kysely<Database>,
    mode: 'approval' | 'write',
    dataSetIds?: readonly number[],
  ): Promise<void>;
  /** Bytes on disk per table, its indexes included. */
  tableBytes(db: Kysely<Database>): Promise<Map<string, number>>;
  /** An auto-incrementing integer primary key in the engine's own idiom. */
  withId<T extends string>(t: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
  /** Stores a fact table in primary-key order where the engine can (see ddl.ts). */
  clustered<T extends string, C extends string>(t: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
}
