import type {
  AggregationType,
  DataDimensionType,
  FunctionIndicatorSpec,
  MetadataBundle,
  PeriodType,
  Polarity,
  ValueType,
} from '@healthwatch/core';
import { DEFAULT_UIDS } from '@healthwatch/core';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/** Uids and codes already stored, per kind: what a metadata file's references may point at. */
export interface ExistingRefs {
  orgUnits: KindRefs;
  orgUnitGroups: KindRefs;
  orgUnitGroupSets: KindRefs;
  categoryOptions: KindRefs;
  categories: KindRefs;
  categoryCombos: KindRefs;
  categoryOptionCombos: KindRefs;
  dataElements: KindRefs;
  dataSets: KindRefs;
  indicatorTypes: KindRefs;
  indicators: KindRefs;
  constants: KindRefs;
  /** uid → level and path, for placing new units under stored ones. */
  placements: Map<string, { level: number; path: string }>;
  /** Group uid → member org unit uids (for the exclusive group set check). */
  groupMembers: Map<string, string[]>;
  /** Group set uid → exclusive flag and group uids. */
  groupSets: Map<string, { exclusive: boolean; groupUids: string[] }>;
}

export interface KindRefs {
  uids: Set<string>;
  codeToUid: Map<string, string>;
  /** Name → uids (names need not be unique). */
  nameToUids: Map<string, string[]>;
  uidToName: Map<string, string>;
}

const TABLES = {
  orgUnits: 'org_unit',
  orgUnitGroups: 'org_unit_group',
  orgUnitGroupSets: 'org_unit_group_set',
  categoryOptions: 'category_option',
  categories: 'category',
  categoryCombos: 'category_combo',
  categoryOptionCombos: 'category_option_combo',
  dataElements: 'data_element',
  dataSets: 'data_set',
  indicatorTypes: 'indicator_type',
  indicators: 'indicator',
  constants: 'constant',
} as const;

export async function loadExistingRefs(db: Db): Promise<ExistingRefs> {
  const out: Partial<ExistingRefs> = {};
  for (const [kind, table] of Object.entries(TABLES)) {
    const rows = await db.selectFrom(table).select(['uid', 'code', 'name']).execute();
    const refs: KindRefs = {
      uids: new Set(),
      codeToUid: new Map(),
      nameToUids: new Map(),
      uidToName: new Map(),
    };
    for (const r of rows) {
      refs.uids.add(r.uid);
      refs.uidToName.set(r.uid, r.name);
      if (r.code !== null) {
        refs.codeToUid.set(r.code, r.uid);
      }
      refs.nameToUids.set(r.name, [...(refs.nameToUids.get(r.name) ?? []), r.uid]);
    }
    (out as Record<string, KindRefs>)[kind] = refs;
  }
  const ous = await db.selectFrom('org_unit').select(['uid', 'level', 'path']).execute();
  const members = await db
    .selectFrom('org_unit_group_member as m')
    .innerJoin('org_unit_group as g', 'g.id', 'm.group_id')
    .innerJoin('org_unit as o', 'o.id', 'm.org_unit_id')
    .select(['g.uid as g', 'o.uid as o'])
    .execute();
  const groupMembers = new Map<string, string[]>();
  for (const m of members) {
    groupMembers.set(m.g, [...(groupMembers.get(m.g) ?? []), m.o]);
  }
  const setRows = await db.selectFrom('org_unit_group_set').select(['id', 'uid', 'exclusive']).execute();
  const setMembers = await db
    .selectFrom('org_unit_group_set_member as m')
    .innerJoin('org_unit_group as g', 'g.id', 'm.group_id')
    .select(['m.group_set_id', 'g.uid'])
    .execute();
  const groupSets = new Map(
    setRows.map((s) => [
      s.uid,
      {
        exclusive: s.exclusive === 1,
        groupUids: setMembers.filter((m) => m.group_set_id === s.id).map((m) => m.uid),
      },
    ]),
  );
  return {
    ...(out as Omit<ExistingRefs, 'placements' | 'groupMembers' | 'groupSets'>),
    placements: new Map(ous.map((o) => [o.uid, { level: o.level, path: o.path }])),
    groupMembers,
    groupSets,
  };
}

const orNull = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

/** The whole stored metadata as a bundle (the default category objects left out). */
export async function readMetadataBundle(db: Db): Promise<MetadataBundle> {
  const ouRows = await db.selectFrom('org_unit').selectAll().orderBy('level').orderBy('id').execute();
  const ouUid = new Map(ouRows.map((o) => [o.id, o.uid]));
  const groups = await db.selectFrom('org_unit_group').selectAll().orderBy('id').execute();
  const gm = await db.selectFrom('org_unit_group_member').selectAll().execute();
  const sets = await db.selectFrom('org_unit_group_set').selectAll().orderBy('id').execute();
  const sm = await db.selectFrom('org_unit_group_set_member').selectAll().execute();
  const groupUid = new Map(groups.map((g) => [g.id, g.uid]));
  const options = await db
    .selectFrom('category_option')
    .selectAll()
    .where('uid', '!=', DEFAULT_UIDS.categoryOption)
    .orderBy('id')
    .execute();
  const optionUid = new Map(
    (await db.selectFrom('category_option').select(['id', 'uid']).execute()).map((o) => [o.id, o.uid]),
  );
  const cats = await db
    .selectFrom('category')
    .selectAll()
    .where('uid', '!=', DEFAULT_UIDS.category)
    .orderBy('id')
    .execute();
  const catUid = new Map(
    (await db.selectFrom('category').select(['id', 'uid']).execute()).map((c) => [c.id, c.uid]),
  );
  const links = await db.selectFrom('category_option_link').selectAll().orderBy('sort_order').execute();
  const combos = await db.selectFrom('category_combo').selectAll().orderBy('id').execute();
  const comboUid = new Map(combos.map((c) => [c.id, c.uid]));
  const ccLinks = await db.selectFrom('category_combo_category').selectAll().orderBy('sort_order').execute();
  const cocs = await db
    .selectFrom('category_option_combo')
    .selectAll()
    .orderBy('combo_id')
    .orderBy('sort_order')
    .execute();
  const des = await db.selectFrom('data_element').selectAll().orderBy('id').execute();
  const deUid = new Map(des.map((d) => [d.id, d.uid]));
  const dss = await db.selectFrom('data_set').selectAll().orderBy('id').execute();
  const dse = await db.selectFrom('data_set_element').selectAll().execute();
  const dso = await db.selectFrom('data_set_org_unit').selectAll().execute();
  const types = await db.selectFrom('indicator_type').selectAll().orderBy('id').execute();
  const typeUid = new Map(types.map((t) => [t.id, t.uid]));
  const inds = await db.selectFrom('indicator').selectAll().orderBy('id').execute();
  const consts = await db.selectFrom('constant').selectAll().orderBy('id').execute();
  const levels = await db.selectFrom('org_unit_level').selectAll().orderBy('level').execute();
  const uidOf = (m: Map<number, string>, id: number | null): string | null =>
    id === null ? null : (m.get(id) ?? null);
  const defaultCombo = (uid: string | null): string | null =>
    uid === DEFAULT_UIDS.categoryCombo ? null : uid;

  return {
    orgUnitLevels: levels.map((l) => ({ level: l.level, name: l.name, code: l.code })),
    orgUnits: ouRows.map((o) => ({
      uid: o.uid,
      code: o.code,
      name: o.name,
      shortName: o.short_name,
      parentUid: uidOf(ouUid, o.parent_id),
      openingDate: o.opening_date,
      closedDate: o.closed_date,
      type: o.ou_type,
      latitude: orNull(o.latitude),
      longitude: orNull(o.longitude),
      contactPerson: o.contact_person,
      contactPhone: o.contact_phone,
    })),
    orgUnitGroups: groups.map((g) => ({
      uid: g.uid,
      code: g.code,
      name: g.name,
      memberUids: gm.filter((m) => m.group_id === g.id).map((m) => ouUid.get(m.org_unit_id) ?? ''),
    })),
    orgUnitGroupSets: sets.map((s) => ({
      uid: s.uid,
      code: s.code,
      name: s.name,
      exclusive: s.exclusive === 1,
      groupUids: sm.filter((m) => m.group_set_id === s.id).map((m) => groupUid.get(m.group_id) ?? ''),
    })),
    categoryOptions: options.map((o) => ({
      uid: o.uid,
      code: o.code,
      name: o.name,
      startDate: o.start_date,
      endDate: o.end_date,
    })),
    categories: cats.map((c) => ({
      uid: c.uid,
      code: c.code,
      name: c.name,
      dataDimensionType: c.data_dimension_type as DataDimensionType,
      optionUids: links.filter((l) => l.category_id === c.id).map((l) => optionUid.get(l.option_id) ?? ''),
    })),
    categoryCombos: combos
      .filter((c) => c.uid !== DEFAULT_UIDS.categoryCombo)
      .map((c) => ({
        uid: c.uid,
        code: c.code,
        name: c.name,
        dataDimensionType: c.data_dimension_type as DataDimensionType,
        categoryUids: ccLinks.filter((l) => l.combo_id === c.id).map((l) => catUid.get(l.category_id) ?? ''),
      })),
    categoryOptionCombos: cocs
      .filter((c) => c.uid !== DEFAULT_UIDS.categoryOptionCombo)
      .map((c) => ({
        uid: c.uid,
        code: c.code,
        name: c.name,
        comboUid: comboUid.get(c.combo_id) ?? '',
        optionUids: c.option_key.split('|'),
      })),
    dataElements: des.map((d) => ({
      uid: d.uid,
      code: d.code,
      name: d.name,
      shortName: d.short_name,
      nameEn: d.name_en,
      description: d.description,
      valueType: d.value_type as ValueType,
      aggregationType: d.aggregation_type as AggregationType,
      categoryComboUid: defaultCombo(uidOf(comboUid, d.category_combo_id)),
      zeroIsSignificant: d.zero_is_significant === 1,
      unit: d.unit,
    })),
    dataSets: dss.map((s) => ({
      uid: s.uid,
      code: s.code,
      name: s.name,
      periodType: s.period_type as PeriodType,
      categoryComboUid: defaultCombo(uidOf(comboUid, s.category_combo_id)),
      expiryDays: s.expiry_days,
      timelyDays: s.timely_days,
      openFuturePeriods: s.open_future_periods,
      description: s.description,
      dataElementUids: dse
        .filter((e) => e.data_set_id === s.id)
        .map((e) => deUid.get(e.data_element_id) ?? ''),
      orgUnitUids: dso.filter((e) => e.data_set_id === s.id).map((e) => ouUid.get(e.org_unit_id) ?? ''),
    })),
    indicatorTypes: types.map((t) => ({ uid: t.uid, code: t.code, name: t.name, factor: Number(t.factor) })),
    indicators: inds.map((i) => ({
      uid: i.uid,
      code: i.code,
      name: i.name,
      nameEn: i.name_en,
      shortName: i.short_name,
      description: i.description,
      numerator: i.numerator,
      numeratorDescription: i.numerator_description,
      denominator: i.denominator,
      denominatorDescription: i.denominator_description,
      indicatorTypeUid: uidOf(typeUid, i.indicator_type_id),
      factor: Number(i.factor),
      annualized: i.annualized === 1,
      decimals: i.decimals,
      unit: i.unit,
      polarity: i.polarity as Polarity | null,
      populationBasis: i.population_basis,
      definitionSource: i.definition_source,
      kind: i.kind === 'function' ? 'function' : 'ratio',
      spec: i.spec ? (JSON.parse(i.spec) as FunctionIndicatorSpec) : null,
    })),
    constants: consts.map((c) => ({ uid: c.uid, code: c.code, name: c.name, value: Number(c.value) })),
  };
}

/** Factor of every stored indicator type, by uid. */
export async function indicatorTypeFactors(db: Db): Promise<Map<string, number>> {
  return new Map(
    (await db.selectFrom('indicator_type').select(['uid', 'factor']).execute()).map((x) => [
      x.uid,
      Number(x.factor),
    ]),
  );
}

/** uid → code (or uid) of every stored indicator. */
export async function indicatorCodes(db: Db): Promise<Map<string, string>> {
  return new Map(
    (await db.selectFrom('indicator').select(['uid', 'code']).execute()).map((x) => [x.uid, x.code ?? x.uid]),
  );
}

/** Code (or uid), name, unit and direction of every stored indicator: what plan drafts link their rows to. */
export async function indicatorSummaries(
  db: Db,
): Promise<{ code: string; name: string; unit: string | null; polarity: string | null }[]> {
  const rows = await db
    .selectFrom('indicator')
    .select(['uid', 'code', 'name', 'unit', 'polarity'])
    .orderBy('code')
    .execute();
  return rows.map((x) => ({ code: x.code ?? x.uid, name: x.name, unit: x.unit, polarity: x.polarity }));
}

/** The first top-level org unit (the district or city a deployment serves). */
export async function topOrgUnitUid(db: Db): Promise<string | null> {
  return (
    (await db.selectFrom('org_unit').select('uid').where('level', '=', 1).orderBy('id').executeTakeFirst())
      ?.uid ?? null
  );
}

/** Centroids of org units that have them (for maps and the neighbours of early warning). */
export async function orgUnitCoordinates(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, [number, number]>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('org_unit')
    .select(['id', 'latitude', 'longitude'])
    .where('id', 'in', [...ids])
    .execute();
  const out = new Map<number, [number, number]>();
  for (const r of rows) {
    if (r.latitude !== null && r.longitude !== null) {
      out.set(r.id, [Number(r.latitude), Number(r.longitude)]);
    }
  }
  return out;
}
