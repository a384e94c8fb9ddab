import type { Kysely, Migration } from 'kysely';
import { withId } from '../dialects/ddl.js';
import type { DialectAdapter } from '../dialects/dialect-adapter.js';

/**
 * Complete registrations: a clerk marks a data set's form for one unit and period complete (and
 * may take it back). The row exists while the form is complete; marking incomplete deletes it, and
 * both moves go to the audit events.
 */
export function registration(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('data_set_registration'), dialect)
        .addColumn('data_set_id', 'integer', (c) => c.notNull().references('data_set.id'))
        .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('completed_by', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('data_set_registration_key', ['data_set_id', 'org_unit_id', 'period'])
        .execute();
    },
  };
}
