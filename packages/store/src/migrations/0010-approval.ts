import type { Kysely, Migration } from 'kysely';
import { withId } from '../dialects/ddl.js';
import type { DialectAdapter } from '../dialects/dialect-adapter.js';

/**
 * Data approval (one row per data set × org unit × period approved, with its acceptance by the
 * level above) and lock exceptions (an administrator re-opens an expired period for a unit and
 * below). Approvals lock edits; the moves are audited in audit_event.
 */
export function approval(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('data_approval'), dialect)
        .addColumn('data_set_id', 'integer', (c) => c.notNull().references('data_set.id'))
        .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('approved_by', 'text', (c) => c.notNull())
        .addColumn('approved_at', 'bigint', (c) => c.notNull())
        .addColumn('accepted_by', 'text')
        .addColumn('accepted_at', 'bigint')
        .addUniqueConstraint('data_approval_key', ['data_set_id', 'org_unit_id', 'period'])
        .execute();
      await withId(db.schema.createTable('lock_exception'), dialect)
        .addColumn('data_set_id', 'integer', (c) => c.notNull().references('data_set.id'))
        .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'text', (c) => c.notNull())
        .addColumn('granted_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('lock_exception_key', ['data_set_id', 'org_unit_id', 'period'])
        .execute();
    },
  };
}
