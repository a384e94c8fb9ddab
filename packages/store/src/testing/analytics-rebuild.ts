import { sql } from 'kysely';
import type { Store } from '../connect.js';

/**
 * For the benchmark's comparison with DHIS2: builds (and indexes) a denormalised copy of every
 * value, as DHIS2's analytics-table rebuild does; HealthWatch itself never needs one.
 */
export async function buildDenormalisedAnalyticsTable(store: Pick<Store, 'db'>): Promise<void> {
  await sql`drop table if exists analytics_rebuild`.execute(store.db);
  await sql`create table analytics_rebuild as
    select v.data_element_id, v.period_id, p.iso, v.org_unit_id, o.path, o.level, v.coc_id, v.aoc_id, cast(v.value as double precision) as value
    from data_value v join org_unit o on o.id = v.org_unit_id join period p on p.id = v.period_id where v.deleted = 0`.execute(
    store.db,
  );
  await sql`create index analytics_rebuild_idx on analytics_rebuild (data_element_id, period_id)`.execute(
    store.db,
  );
}

export async function dropDenormalisedAnalyticsTable(store: Pick<Store, 'db'>): Promise<void> {
  await sql`drop table if exists analytics_rebuild`.execute(store.db);
}
