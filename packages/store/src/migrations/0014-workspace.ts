import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { withId } from '../dialects/ddl.js';
import type { DialectAdapter } from '../dialects/dialect-adapter.js';

/** Longest 审核意见 (return comment) kept; the contract and the service refuse longer ones first. */
export const RETURN_COMMENT_MAX = 500;

/**
 * The reporting workspace: forms returned to their unit with a 审核意见 (a return un-completes the
 * form; the row keeps who, when and why), reminders (催报: who reminded which unit of which data
 * set and period, when, by what channel and what the notification webhook answered) and the
 * contact of an org unit (the person and phone a reminder list shows), which the org units lacked.
 */
export function workspace(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('form_return'), dialect)
        .addColumn('data_set_id', 'integer', (c) => c.notNull().references('data_set.id'))
        .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('returned_by', 'text', (c) => c.notNull())
        .addColumn('returned_at', 'bigint', (c) => c.notNull())
        // The database holds the rule too: a return without a comment is not a return.
        .addCheckConstraint(
          'form_return_comment',
          sql`length(trim(comment)) > 0 and length(comment) <= ${sql.lit(RETURN_COMMENT_MAX)}`,
        )
        .execute();
      await db.schema
        .createIndex('form_return_form')
        .on('form_return')
        .columns(['data_set_id', 'period', 'org_unit_id'])
        .execute();
      await withId(db.schema.createTable('report_reminder'), dialect)
        .addColumn('data_set_id', 'integer', (c) => c.notNull().references('data_set.id'))
        .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('reminded_by', 'text', (c) => c.notNull())
        .addColumn('reminded_at', 'bigint', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        // 'sent' | 'failed' | 'not_configured', with the HTTP status or the fault when it failed.
        .addColumn('delivery', 'text', (c) => c.notNull())
        .addColumn('delivery_detail', 'text')
        .execute();
      await db.schema
        .createIndex('report_reminder_form')
        .on('report_reminder')
        .columns(['data_set_id', 'period', 'org_unit_id'])
        .execute();
      await db.schema.alterTable('org_unit').addColumn('contact_person', 'text').execute();
      await db.schema.alterTable('org_unit').addColumn('contact_phone', 'text').execute();
    },
  };
}
