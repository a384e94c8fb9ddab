import type { Kysely, Migration } from 'kysely';
import { withId } from '../dialects/ddl.js';
import type { DialectAdapter } from '../dialects/dialect-adapter.js';

/**
 * Plans are documents (sections, indicators with their original wording and typed rules,
 * projects) kept as JSON, plus the yearly figures reported for their indicators. Several figures
 * for one indicator and year may coexist: conflicting sources are kept and flagged.
 */
export function plans(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('plan'), dialect)
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('issuer', 'text')
        .addColumn('baseline_year', 'integer', (c) => c.notNull())
        .addColumn('target_year', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('doc', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await withId(db.schema.createTable('plan_value'), dialect)
        .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
        .addColumn('indicator_code', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('value', 'double precision')
        .addColumn('text', 'text')
        .addColumn('stated_met', 'integer')
        .addColumn('numerator', 'double precision')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('plan_value_idx')
        .on('plan_value')
        .columns(['plan_id', 'indicator_code', 'year'])
        .execute();
    },
  };
}
