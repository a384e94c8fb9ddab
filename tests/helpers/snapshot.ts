import { openMigratedStore } from '@healthwatch/store';
import { tableRows } from '@healthwatch/store/testing';

const TABLES = [
  'app_user',
  'org_unit_level',
  'org_unit',
  'org_unit_group',
  'org_unit_group_member',
  'org_unit_group_set',
  'org_unit_group_set_member',
  'category_option',
  'category',
  'category_option_link',
  'category_combo',
  'category_combo_category',
  'category_option_combo',
  'data_element',
  'data_set',
  'data_set_element',
  'data_set_org_unit',
  'indicator_type',
  'indicator',
  'constant',
  'period',
  'data_value',
  'data_value_audit',
  'data_value_rollup',
  'import_job',
  'system_setting',
] as const;

/** Every row of every table, in a stable order: two equal snapshots mean equal content. */
export async function snapshot(url: string): Promise<Record<string, string[]>> {
  const store = await openMigratedStore(url);
  try {
    const out: Record<string, string[]> = {};
    for (const t of TABLES) {
      const rows = await tableRows(store, t);
      out[t] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  } finally {
    await store.close();
  }
}
