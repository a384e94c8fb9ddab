import type { Kysely, Migration } from 'kysely';

/**
 * Texts the product writes are stored as a catalogue key and its parameters, rendered when read
 * in the reader's language: an early-warning event's explanation. Rows from before keep their
 * rendered (Chinese) text in `explanation`, which is read when the key is null.
 */
export function messageKeys(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('surveillance_event').addColumn('explanation_key', 'text').execute();
      await db.schema.alterTable('surveillance_event').addColumn('explanation_params', 'text').execute();
    },
  };
}
