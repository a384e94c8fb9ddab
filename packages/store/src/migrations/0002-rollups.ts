import type { Kysely, Migration } from 'kysely';
import { clustered } from '../dialects/ddl.js';
import type { DialectAdapter } from '../dialects/dialect-adapter.js';
import { rebuildRollups } from '../repos/rollups.js';

/**
 * Exact additive rollups for always-fresh analytics (architecture §3): per data element,
 * period, *ancestor* org unit and combos, the sum and count of the numeric values below it.
 * Kept in the same transaction as every write; a unit's own values stay in data_value, so a
 * query reads own values plus the rollup row of the unit.
 */
export function rollups(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await clustered(
        db.schema
          .createTable('data_value_rollup')
          .addColumn('data_element_id', 'integer', (c) => c.notNull())
          .addColumn('period_id', 'integer', (c) => c.notNull())
          .addColumn('org_unit_id', 'integer', (c) => c.notNull())
          .addColumn('coc_id', 'integer', (c) => c.notNull())
          .addColumn('aoc_id', 'integer', (c) => c.notNull())
          .addColumn('sum_value', 'double precision', (c) => c.notNull())
          .addColumn('count_value', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('data_value_rollup_pk', [
            'data_element_id',
            'period_id',
            'org_unit_id',
            'coc_id',
            'aoc_id',
          ]),
        dialect,
      ).execute();
      await db.schema
        .createIndex('data_value_rollup_ou_idx')
        .on('data_value_rollup')
        .columns(['org_unit_id', 'period_id'])
        .execute();
      await rebuildRollups(db);
    },
  };
}
