import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../schema.js';

/** Value types whose values are summed (booleans count as 1/0, as in DHIS2). */
export const AGGREGATABLE_VALUE_TYPES = [
  'INTEGER',
  'INTEGER_POSITIVE',
  'INTEGER_NEGATIVE',
  'INTEGER_ZERO_OR_POSITIVE',
  'NUMBER',
  'PERCENTAGE',
  'UNIT_INTERVAL',
  'BOOLEAN',
  'TRUE_ONLY',
] as const;

/** The number a stored value contributes to sums, or null when it is not aggregated. */
export function numericValue(valueType: string, value: string | null): number | null {
  if (value === null) {
    return null;
  }
  if (valueType === 'BOOLEAN' || valueType === 'TRUE_ONLY') {
    return value === 'true' ? 1 : value === 'false' ? 0 : null;
  }
  if (!(AGGREGATABLE_VALUE_TYPES as readonly string[]).includes(valueType)) {
    return null;
  }
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * Recomputes every rollup from the stored values, in one statement. Used when the schema is
 * created over existing data and when org units move (their ancestors change). Call in a
 * transaction.
 */
export async function rebuildRollups(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('data_value_rollup').execute();
  const types = sql.join(AGGREGATABLE_VALUE_TYPES.map((t) => sql.lit(t)));
  await sql`insert into data_value_rollup (data_element_id, period_id, org_unit_id, coc_id, aoc_id, sum_value, count_value)
    select v.data_element_id, v.period_id, a.id, v.coc_id, v.aoc_id,
      sum(case when v.value = 'true' then 1 when v.value = 'false' then 0 else cast(v.value as double precision) end),
      count(*)
    from data_value v
    join data_element de on de.id = v.data_element_id
    join org_unit o on o.id = v.org_unit_id
    join org_unit a on a.id <> o.id and o.path like a.path || '%'
    where v.deleted = 0 and v.value is not null and de.value_type in (${types})
    group by v.data_element_id, v.period_id, a.id, v.coc_id, v.aoc_id`.execute(db);
}
