import type { AnalyticsCatalog } from '@healthwatch/core';
import type { FunctionIndicatorSpec } from '@healthwatch/core';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface StoredPeriodRow {
  id: number;
  iso: string;
}

/** Every stored period (a small table: one row per period ever used). */
export async function loadStoredPeriods(db: Db): Promise<StoredPeriodRow[]> {
  return db.selectFrom('period').select(['id', 'iso']).execute();
}

export interface AdditiveFetchRow {
  deId: number;
  ouId: number;
  peId: number;
  cocId: number;
  aocId: number;
  /** Rollup rows carry sum and count; own values carry the raw value text (count 1). */
  sum: number | null;
  count: number;
  value: string | null;
}

const CHUNK = 500;

function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) {
    out.push(xs.slice(i, i + CHUNK));
  }
  return out.length ? out : [[]];
}

/**
 * What an additive aggregate at each listed unit needs: the rollup rows of the unit (all values
 * below it) and the unit's own values. Reads O(cells), independent of how much is stored.
 */
export async function fetchAdditiveRows(
  db: Db,
  deIds: readonly number[],
  ouIds: readonly number[],
  peIds: readonly number[],
): Promise<AdditiveFetchRow[]> {
  if (deIds.length === 0 || ouIds.length === 0 || peIds.length === 0) {
    return [];
  }
  const out: AdditiveFetchRow[] = [];
  for (const ous of chunks(ouIds)) {
    for (const pes of chunks(peIds)) {
      const rolled = await db
        .selectFrom('data_value_rollup')
        .select([
          'data_element_id',
          'org_unit_id',
          'period_id',
          'coc_id',
          'aoc_id',
          'sum_value',
          'count_value',
        ])
        .where('data_element_id', 'in', [...deIds])
        .where('org_unit_id', 'in', ous)
        .where('period_id', 'in', pes)
        .execute();
      for (const r of rolled) {
        if (r.count_value !== 0) {
          out.push({
            deId: r.data_element_id,
            ouId: r.org_unit_id,
            peId: r.period_id,
            cocId: r.coc_id,
            aocId: r.aoc_id,
            sum: Number(r.sum_value),
            count: r.count_value,
            value: null,
          });
        }
      }
      const own = await db
        .selectFrom('data_value')
        .select(['data_element_id', 'org_unit_id', 'period_id', 'coc_id', 'aoc_id', 'value'])
        .where('deleted', '=', 0)
        .where('data_element_id', 'in', [...deIds])
        .where('org_unit_id', 'in', ous)
        .where('period_id', 'in', pes)
        .execute();
      for (const r of own) {
        out.push({
          deId: r.data_element_id,
          ouId: r.org_unit_id,
          peId: r.period_id,
          cocId: r.coc_id,
          aocId: r.aoc_id,
          sum: null,
          count: 1,
          value: r.value,
        });
      }
    }
  }
  return out;
}

export interface RawFetchRow {
  deId: number;
  ouId: number;
  ouPath: string;
  peId: number;
  cocId: number;
  aocId: number;
  value: string | null;
}

/** Raw values of the listed elements in the subtrees under the given paths. */
export async function fetchRawRows(
  db: Db,
  deIds: readonly number[],
  pathPrefixes: readonly string[],
  peIds: readonly number[],
): Promise<RawFetchRow[]> {
  if (deIds.length === 0 || pathPrefixes.length === 0 || peIds.length === 0) {
    return [];
  }
  // Drop prefixes inside other prefixes: one scan per distinct subtree.
  const sorted = [...new Set(pathPrefixes)].sort();
  const roots = sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q)));
  const out: RawFetchRow[] = [];
  for (const pes of chunks(peIds)) {
    const rows = await db
      .selectFrom('data_value as v')
      .innerJoin('org_unit as o', 'o.id', 'v.org_unit_id')
      .select([
        'v.data_element_id',
        'v.org_unit_id',
        'o.path',
        'v.period_id',
        'v.coc_id',
        'v.aoc_id',
        'v.value',
      ])
      .where('v.deleted', '=', 0)
      .where('v.data_element_id', 'in', [...deIds])
      .where('v.period_id', 'in', pes)
      .where((eb) => eb.or(roots.map((p) => eb('o.path', 'like', `${p}%`))))
      .execute();
    for (const r of rows) {
      out.push({
        deId: r.data_element_id,
        ouId: r.org_unit_id,
        ouPath: r.path,
        peId: r.period_id,
        cocId: r.coc_id,
        aocId: r.aoc_id,
        value: r.value,
      });
    }
  }
  return out;
}

export type { AnalyticsCatalog } from '@healthwatch/core';

/** The metadata analytics needs beyond the import index: indicators, constants, groups, categories. */
export async function loadAnalyticsCatalog(db: Db): Promise<AnalyticsCatalog> {
  const inds = await db.selectFrom('indicator').selectAll().execute();
  const consts = await db.selectFrom('constant').selectAll().execute();
  const groups = await db.selectFrom('org_unit_group').select(['id', 'uid', 'code', 'name']).execute();
  const members = await db.selectFrom('org_unit_group_member').selectAll().execute();
  const cocs = await db.selectFrom('category_option_combo').select(['id', 'option_key']).execute();
  const cats = await db.selectFrom('category').select(['id', 'uid', 'code', 'name']).execute();
  const links = await db
    .selectFrom('category_option_link as l')
    .innerJoin('category_option as o', 'o.id', 'l.option_id')
    .select(['l.category_id', 'o.uid', 'o.code', 'o.name'])
    .orderBy('l.sort_order')
    .execute();
  return {
    indicators: inds.map((i) => ({
      id: i.id,
      uid: i.uid,
      code: i.code,
      name: i.name,
      nameEn: i.name_en,
      numerator: i.numerator,
      denominator: i.denominator,
      factor: Number(i.factor),
      annualized: i.annualized === 1,
      decimals: i.decimals,
      unit: i.unit,
      kind: i.kind,
      spec: i.spec ? (JSON.parse(i.spec) as FunctionIndicatorSpec) : null,
    })),
    constants: consts.map((c) => ({ uid: c.uid, code: c.code, name: c.name, value: Number(c.value) })),
    groups: groups.map((g) => ({
      uid: g.uid,
      code: g.code,
      name: g.name,
      memberIds: members.filter((m) => m.group_id === g.id).map((m) => m.org_unit_id),
    })),
    cocOptions: new Map(cocs.map((c) => [c.id, c.option_key.split('|')])),
    categories: cats.map((c) => ({
      uid: c.uid,
      code: c.code,
      name: c.name,
      options: links
        .filter((l) => l.category_id === c.id)
        .map((l) => ({ uid: l.uid, code: l.code, name: l.name })),
    })),
  };
}
