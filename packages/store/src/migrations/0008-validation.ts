import type { Kysely, Migration } from 'kysely';
import { withId } from '../dialects/ddl.js';
import type { DialectAdapter } from '../dialects/dialect-adapter.js';

/**
 * Validation rules (kept as documents: both sides' expressions, operator, importance, instruction)
 * and the violations found, one row per rule × org unit × period; a re-run replaces the rows of the
 * keys it evaluated.
 */
export function validation(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('validation_rule'), dialect)
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('doc', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await withId(db.schema.createTable('validation_result'), dialect)
        .addColumn('rule_code', 'text', (c) => c.notNull())
        .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('left_value', 'double precision')
        .addColumn('right_value', 'double precision')
        .addColumn('importance', 'text', (c) => c.notNull())
        .addColumn('found_at', 'bigint', (c) => c.notNull())
        .addColumn('found_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('validation_result_key', ['rule_code', 'org_unit_id', 'period'])
        .execute();
    },
  };
}
