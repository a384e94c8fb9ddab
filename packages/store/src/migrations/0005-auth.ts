import type { Kysely, Migration } from 'kysely';
import { withId } from '../dialects/ddl.js';
import type { DialectAdapter } from '../dialects/dialect-adapter.js';

/**
 * Accounts and security: password hashes (argon2id PHC strings), a role, lockout state, org-unit
 * scopes (capture and view), sessions and personal API tokens (both stored only as SHA-256
 * hashes), and an audit trail of logins and administrative actions.
 */
export function auth(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('app_user').addColumn('password_hash', 'text').execute();
      await db.schema
        .alterTable('app_user')
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('viewer'))
        .execute();
      await db.schema
        .alterTable('app_user')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('app_user')
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('app_user').addColumn('locked_until', 'bigint').execute();
      await db.schema
        .createTable('user_org_unit')
        .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
        .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id').onDelete('cascade'))
        .addColumn('scope', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_org_unit_pk', ['user_id', 'org_unit_id', 'scope'])
        .execute();
      await db.schema
        .createTable('user_session')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await withId(db.schema.createTable('api_token'), dialect)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await withId(db.schema.createTable('audit_event'), dialect)
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('username', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('detail', 'text')
        .addColumn('ip', 'text')
        .execute();
      await db.schema.createIndex('audit_event_at_idx').on('audit_event').column('at').execute();
    },
  };
}
