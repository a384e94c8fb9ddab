import type { Kysely, Migration } from 'kysely';

/**
 * Indicators that are not ratios of sums (life expectancy, 40q30, TFR) are functions over
 * age-disaggregated data: `kind` says which sort an indicator is, `spec` holds the function
 * name, its input data elements and parameters as JSON.
 */
export function functionIndicators(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('indicator')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('ratio'))
        .execute();
      await db.schema.alterTable('indicator').addColumn('spec', 'text').execute();
    },
  };
}
