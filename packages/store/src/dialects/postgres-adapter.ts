import { sql } from 'kysely';
import type { DialectAdapter } from './dialect-adapter.js';
import { postgresValueOps } from './value-batch.js';

/** PostgreSQL through pg's pool. */
export function postgresAdapter(): DialectAdapter {
  return {
    name: 'postgres',
    // Large batches save round trips.
    valueBatchSize: 5000,
    valueOps: postgresValueOps(),
    async lockDataSets(db, mode, dataSetIds) {
      // An approval takes the data sets' rows FOR UPDATE, a write takes them FOR SHARE (writes still
      // run side by side), so a write either commits before the approval or sees it.
      let q = db.selectFrom('data_set').select('id').orderBy('id');
      if (dataSetIds) {
        if (dataSetIds.length === 0) {
          return;
        }
        q = q.where('id', 'in', [...dataSetIds]);
      }
      await (mode === 'approval' ? q.forUpdate() : q.forShare()).execute();
    },
    async tableBytes(db) {
      const sizes = await sql<{
        name: string;
        bytes: number;
      }>`select relname as name, pg_total_relation_size(relid) as bytes
        from pg_catalog.pg_statio_user_tables`.execute(db);
      return new Map(sizes.rows.map((r) => [r.name, Number(r.bytes)]));
    },
    withId: (t) => t.addColumn('id', 'serial', (c) => c.primaryKey()),
    // No such clause: the same key is an ordinary btree.
    clustered: (t) => t,
  };
}
