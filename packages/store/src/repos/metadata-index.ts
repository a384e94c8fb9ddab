import type { AggregationType, PeriodType, ValueType } from '@healthwatch/core';
import { DEFAULT_UIDS, normaliseComboName } from '@healthwatch/core';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface OrgUnitRow {
  id: number;
  uid: string;
  code: string | null;
  name: string;
  parentId: number | null;
  level: number;
  path: string;
  openingDate: string | null;
  closedDate: string | null;
}

export interface DataElementRow {
  id: number;
  uid: string;
  code: string | null;
  name: string;
  valueType: ValueType;
  aggregationType: AggregationType;
  comboId: number;
  zeroIsSignificant: boolean;
}

export interface CocRow {
  id: number;
  uid: string;
  code: string | null;
  name: string;
  comboId: number;
}

export interface DataSetRow {
  id: number;
  uid: string;
  code: string | null;
  name: string;
  periodType: PeriodType;
  comboId: number;
  expiryDays: number;
  timelyDays: number;
  openFuturePeriods: number;
  elementIds: Set<number>;
  orgUnitIds: Set<number>;
}

/** Looks an object up by uid first, then by code. */
export class Lookup<T extends { id: number; uid: string; code: string | null }> {
  readonly byId = new Map<number, T>();
  readonly byUid = new Map<string, T>();
  readonly byCode = new Map<string, T>();

  constructor(rows: Iterable<T>) {
    for (const r of rows) {
      this.byId.set(r.id, r);
      this.byUid.set(r.uid, r);
      if (r.code !== null) {
        this.byCode.set(r.code, r);
      }
    }
  }

  find(ref: string): T | undefined {
    return this.byUid.get(ref) ?? this.byCode.get(ref);
  }
}

/**
 * An in-memory picture of the metadata a data import resolves against: loaded once per import
 * so a million rows cost a million map look-ups, not a million queries.
 */
export class MetadataIndex {
  readonly orgUnits: Lookup<OrgUnitRow>;
  readonly orgUnitsByName = new Map<string, OrgUnitRow[]>();
  readonly dataElements: Lookup<DataElementRow>;
  readonly dataElementsByName = new Map<string, DataElementRow>();
  readonly cocs: Lookup<CocRow>;
  readonly cocsByCombo = new Map<number, CocRow[]>();
  readonly dataSets: Lookup<DataSetRow>;
  readonly setsOfElement = new Map<number, DataSetRow[]>();
  readonly defaultCocId: number;

  constructor(parts: {
    orgUnits: OrgUnitRow[];
    dataElements: DataElementRow[];
    cocs: CocRow[];
    dataSets: DataSetRow[];
  }) {
    this.orgUnits = new Lookup(parts.orgUnits);
    for (const ou of parts.orgUnits) {
      const list = this.orgUnitsByName.get(ou.name) ?? [];
      list.push(ou);
      this.orgUnitsByName.set(ou.name, list);
    }
    this.dataElements = new Lookup(parts.dataElements);
    for (const de of parts.dataElements) {
      this.dataElementsByName.set(de.name, de);
    }
    this.cocs = new Lookup(parts.cocs);
    for (const c of parts.cocs) {
      const list = this.cocsByCombo.get(c.comboId) ?? [];
      list.push(c);
      this.cocsByCombo.set(c.comboId, list);
    }
    this.dataSets = new Lookup(parts.dataSets);
    for (const ds of parts.dataSets) {
      for (const deId of ds.elementIds) {
        const list = this.setsOfElement.get(deId) ?? [];
        list.push(ds);
        this.setsOfElement.set(deId, list);
      }
    }
    const def = this.cocs.byUid.get(DEFAULT_UIDS.categoryOptionCombo);
    if (!def) {
      throw new Error('the default category option combo is missing: the database was not initialised');
    }
    this.defaultCocId = def.id;
  }

  readonly #ancestors = new Map<number, number[]>();

  /** Ids of the unit's ancestors, nearest first (the unit itself excluded). */
  ancestorIds(ouId: number): number[] {
    let a = this.#ancestors.get(ouId);
    if (!a) {
      a = [];
      let p = this.orgUnits.byId.get(ouId)?.parentId ?? null;
      while (p !== null && a.length < 64) {
        a.push(p);
        p = this.orgUnits.byId.get(p)?.parentId ?? null;
      }
      this.#ancestors.set(ouId, a);
    }
    return a;
  }

  /** Finds an org unit by uid, code, or (when unique) exact name. */
  findOrgUnit(ref: string): OrgUnitRow | 'ambiguous' | undefined {
    const direct = this.orgUnits.find(ref);
    if (direct) {
      return direct;
    }
    const named = this.orgUnitsByName.get(ref);
    if (!named) {
      return undefined;
    }
    return named.length === 1 ? named[0] : 'ambiguous';
  }

  findDataElement(ref: string): DataElementRow | undefined {
    return this.dataElements.find(ref) ?? this.dataElementsByName.get(ref);
  }

  /** Finds a combo of the given category combo by uid, code or name ("男, 0-4岁"). */
  findCoc(comboId: number, ref: string): CocRow | undefined {
    const direct = this.cocs.find(ref);
    if (direct) {
      return direct.comboId === comboId ? direct : undefined;
    }
    const wanted = normaliseComboName(ref);
    return this.cocsByCombo.get(comboId)?.find((c) => normaliseComboName(c.name) === wanted);
  }
}

export async function loadMetadataIndex(db: Kysely<Database>): Promise<MetadataIndex> {
  const [ous, des, cocs, dss, dse, dso] = await Promise.all([
    db
      .selectFrom('org_unit')
      .select(['id', 'uid', 'code', 'name', 'parent_id', 'level', 'path', 'opening_date', 'closed_date'])
      .execute(),
    db
      .selectFrom('data_element')
      .select([
        'id',
        'uid',
        'code',
        'name',
        'value_type',
        'aggregation_type',
        'category_combo_id',
        'zero_is_significant',
      ])
      .execute(),
    db
      .selectFrom('category_option_combo')
      .select(['id', 'uid', 'code', 'name', 'combo_id'])
      .orderBy('sort_order')
      .execute(),
    db
      .selectFrom('data_set')
      .select([
        'id',
        'uid',
        'code',
        'name',
        'period_type',
        'category_combo_id',
        'expiry_days',
        'timely_days',
        'open_future_periods',
      ])
      .execute(),
    db.selectFrom('data_set_element').select(['data_set_id', 'data_element_id']).execute(),
    db.selectFrom('data_set_org_unit').select(['data_set_id', 'org_unit_id']).execute(),
  ]);
  const sets = new Map<number, DataSetRow>(
    dss.map((d) => [
      d.id,
      {
        id: d.id,
        uid: d.uid,
        code: d.code,
        name: d.name,
        periodType: d.period_type as PeriodType,
        comboId: d.category_combo_id,
        expiryDays: d.expiry_days,
        timelyDays: d.timely_days,
        openFuturePeriods: d.open_future_periods,
        elementIds: new Set<number>(),
        orgUnitIds: new Set<number>(),
      },
    ]),
  );
  for (const r of dse) {
    sets.get(r.data_set_id)?.elementIds.add(r.data_element_id);
  }
  for (const r of dso) {
    sets.get(r.data_set_id)?.orgUnitIds.add(r.org_unit_id);
  }
  return new MetadataIndex({
    orgUnits: ous.map((o) => ({
      id: o.id,
      uid: o.uid,
      code: o.code,
      name: o.name,
      parentId: o.parent_id,
      level: o.level,
      path: o.path,
      openingDate: o.opening_date,
      closedDate: o.closed_date,
    })),
    dataElements: des.map((d) => ({
      id: d.id,
      uid: d.uid,
      code: d.code,
      name: d.name,
      valueType: d.value_type as ValueType,
      aggregationType: d.aggregation_type as AggregationType,
      comboId: d.category_combo_id,
      zeroIsSignificant: d.zero_is_significant === 1,
    })),
    cocs: cocs.map((c) => ({ id: c.id, uid: c.uid, code: c.code, name: c.name, comboId: c.combo_id })),
    dataSets: [...sets.values()],
  });
}
