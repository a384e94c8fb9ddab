import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema.js';

/**
 * A version number bumped by every metadata change, so long-lived processes can keep the
 * metadata index in memory and reload it only when it changed (one tiny query per request).
 */
export function metadataVersion(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('system_setting')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await (db as Kysely<Database>)
        .insertInto('system_setting')
        .values({ key: 'metadata_version', value: '1' })
        .execute();
    },
  };
}
