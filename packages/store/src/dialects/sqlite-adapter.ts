import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { DialectAdapter } from './dialect-adapter.js';
import { sqliteValueOps } from './value-batch.js';
import type { ValueBatchOps } from './value-batch.js';

/** SQLite through better-sqlite3: `handle` is the writer connection the prepared statements use. */
export function sqliteAdapter(handle: BetterSqlite3.Database): DialectAdapter {
  // Statements are prepared on first use: the tables exist only after `init` migrates.
  let ops: ValueBatchOps | null = null;
  const valueOps: ValueBatchOps = {
    fetchExisting: (tx, keys) => (ops ??= sqliteValueOps(handle)).fetchExisting(tx, keys),
    applyChanges: (tx, changes, actor) => (ops ??= sqliteValueOps(handle)).applyChanges(tx, changes, actor),
    applyRollups: (tx, deltas) => (ops ??= sqliteValueOps(handle)).applyRollups(tx, deltas),
  };
  return {
    name: 'sqlite',
    // Row by row on its own connection, small batches cost nothing and keep short-lived objects
    // from being promoted to the old generation (which made V8 grow the heap).
    valueBatchSize: 256,
    valueOps,
    // One write transaction runs at a time already: nothing to lock.
    lockDataSets: () => Promise.resolve(),
    async tableBytes(db) {
      // dbstat names tables and indexes alike; sqlite_master says which table an index belongs to.
      const owners = await sql<{
        name: string;
        tbl_name: string;
      }>`select name, tbl_name from sqlite_master`.execute(db);
      const tableOf = new Map(owners.rows.map((r) => [r.name, r.tbl_name]));
      const sizes = await sql<{
        name: string;
        bytes: number;
      }>`select name, sum(pgsize) as bytes from dbstat group by name`
        .execute(db)
        .catch(() => ({ rows: [] as { name: string; bytes: number }[] }));
      const out = new Map<string, number>();
      for (const r of sizes.rows) {
        const table = tableOf.get(r.name) ?? r.name;
        out.set(table, (out.get(table) ?? 0) + Number(r.bytes));
      }
      return out;
    },
    withId: (t) => t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
    // `WITHOUT ROWID` stores rows in key order (data element first), which is what every
    // analytics query filters on.
    clustered: (t) => t.modifyEnd(sql`without rowid`),
  };
}
