import type { Kysely, Migration } from 'kysely';
import { withId } from '../dialects/ddl.js';
import type { DialectAdapter } from '../dialects/dialect-adapter.js';

/**
 * Early-warning events: one per disease, place and run of signal periods (its first period is the
 * key, so re-running detection updates an event instead of duplicating it), with the workflow
 * state, assignee and a log of every transition.
 */
export function surveillance(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('surveillance_event'), dialect)
        .addColumn('disease', 'text', (c) => c.notNull())
        .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
        .addColumn('period_from', 'text', (c) => c.notNull())
        .addColumn('period_to', 'text', (c) => c.notNull())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('points', 'integer', (c) => c.notNull())
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('explanation', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('assignee', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('surveillance_event_key', ['disease', 'org_unit_id', 'period_from'])
        .execute();
      await withId(db.schema.createTable('surveillance_event_log'), dialect)
        .addColumn('event_id', 'integer', (c) =>
          c.notNull().references('surveillance_event.id').onDelete('cascade'),
        )
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('assignee', 'text')
        .addColumn('note', 'text')
        .execute();
      await db.schema
        .createIndex('surveillance_event_log_idx')
        .on('surveillance_event_log')
        .column('event_id')
        .execute();
    },
  };
}
