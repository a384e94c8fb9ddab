import type { Kysely, Migration } from 'kysely';

/**
 * A data set's open future periods (DHIS2's `openFuturePeriods`): how many periods after the
 * current one a clerk may enter early. 0, the default, opens a period only once it has ended.
 */
export function openFuturePeriods(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('data_set')
        .addColumn('open_future_periods', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
