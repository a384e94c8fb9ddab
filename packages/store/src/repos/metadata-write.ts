import type { MetadataBundle } from '@healthwatch/core';
import { DEFAULT_UIDS, generateOptionCombos, optionSetKey } from '@healthwatch/core';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../schema.js';
import { bumpMetadataVersion } from './metadata-cache.js';
import { rebuildRollups } from './rollups.js';

type Db = Kysely<Database>;

async function idMap(
  db: Db,
  table:
    | 'org_unit'
    | 'org_unit_group'
    | 'org_unit_group_set'
    | 'category_option'
    | 'category'
    | 'category_combo'
    | 'data_element'
    | 'data_set'
    | 'indicator_type',
): Promise<Map<string, number>> {
  const rows = await db.selectFrom(table).select(['id', 'uid']).execute();
  return new Map(rows.map((r) => [r.uid, r.id]));
}

function req(map: Map<string, number>, uid: string): number {
  const id = map.get(uid);
  if (id === undefined) {
    // The bundle was validated against the same database inside this transaction.
    throw new Error(`internal: unresolved reference ${uid}`);
  }
  return id;
}

/**
 * Writes a validated bundle. Objects are upserted by uid; set-valued links (group members, data
 * set elements and org units, category options) are replaced by the bundle's lists, so importing
 * the same file twice leaves the database as it was. Call inside a transaction.
 */
export async function applyMetadataBundle(db: Db, b: MetadataBundle): Promise<void> {
  const now = Date.now();

  for (const l of b.orgUnitLevels) {
    await db
      .insertInto('org_unit_level')
      .values({ level: l.level, name: l.name, code: l.code })
      .onConflict((oc) => oc.column('level').doUpdateSet({ name: l.name, code: l.code }))
      .execute();
  }

  // Rollups hang off the hierarchy and the value types: if either changes, rebuild them.
  let rollupsStale = false;
  const oldTypes = new Map(
    (await db.selectFrom('data_element').select(['uid', 'value_type']).execute()).map((r) => [
      r.uid,
      r.value_type,
    ]),
  );
  for (const d of b.dataElements) {
    const before = oldTypes.get(d.uid);
    if (before !== undefined && before !== d.valueType) {
      rollupsStale = true;
    }
  }

  // Parents before children: the caller ordered orgUnits by level.
  const ouIds = await idMap(db, 'org_unit');
  const existing = new Map(
    (await db.selectFrom('org_unit').select(['uid', 'path', 'level']).execute()).map((r) => [r.uid, r]),
  );
  for (const o of b.orgUnits) {
    const parentId = o.parentUid ? req(ouIds, o.parentUid) : null;
    const parent = o.parentUid
      ? await db
          .selectFrom('org_unit')
          .select(['path', 'level'])
          .where('id', '=', parentId)
          .executeTakeFirstOrThrow()
      : null;
    const path = `${parent?.path ?? '/'}${o.uid}/`;
    const level = (parent?.level ?? 0) + 1;
    const row = {
      code: o.code,
      name: o.name,
      short_name: o.shortName,
      parent_id: parentId,
      level,
      path,
      ou_type: o.type,
      opening_date: o.openingDate,
      closed_date: o.closedDate,
      latitude: o.latitude,
      longitude: o.longitude,
      updated_at: now,
      // Formats without contacts (DHIS2) leave the stored ones alone.
      ...(o.contactPerson !== undefined ? { contact_person: o.contactPerson } : {}),
      ...(o.contactPhone !== undefined ? { contact_phone: o.contactPhone } : {}),
    };
    const r = await db
      .insertInto('org_unit')
      .values({ uid: o.uid, ...row })
      .onConflict((oc) => oc.column('uid').doUpdateSet(row))
      .returning('id')
      .executeTakeFirstOrThrow();
    ouIds.set(o.uid, r.id);
    const before = existing.get(o.uid);
    if (before && before.path !== path) {
      rollupsStale = true;
      // A moved unit takes its whole subtree along: rewrite descendants' paths and levels.
      await db
        .updateTable('org_unit')
        .set({
          path: sql`${path} || substr(path, ${before.path.length + 1})`,
          level: sql`level + ${level - before.level}`,
        })
        .where('path', 'like', `${before.path}%`)
        .where('id', '!=', r.id)
        .execute();
    }
  }

  const groupIds = await idMap(db, 'org_unit_group');
  for (const g of b.orgUnitGroups) {
    const r = await db
      .insertInto('org_unit_group')
      .values({ uid: g.uid, code: g.code, name: g.name })
      .onConflict((oc) => oc.column('uid').doUpdateSet({ code: g.code, name: g.name }))
      .returning('id')
      .executeTakeFirstOrThrow();
    groupIds.set(g.uid, r.id);
    await db.deleteFrom('org_unit_group_member').where('group_id', '=', r.id).execute();
    const members = [...new Set(g.memberUids)].map((u) => ({ group_id: r.id, org_unit_id: req(ouIds, u) }));
    for (let i = 0; i < members.length; i += 500) {
      await db
        .insertInto('org_unit_group_member')
        .values(members.slice(i, i + 500))
        .execute();
    }
  }
  for (const s of b.orgUnitGroupSets) {
    const r = await db
      .insertInto('org_unit_group_set')
      .values({ uid: s.uid, code: s.code, name: s.name, exclusive: s.exclusive ? 1 : 0 })
      .onConflict((oc) =>
        oc.column('uid').doUpdateSet({ code: s.code, name: s.name, exclusive: s.exclusive ? 1 : 0 }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.deleteFrom('org_unit_group_set_member').where('group_set_id', '=', r.id).execute();
    const members = [...new Set(s.groupUids)].map((u) => ({
      group_set_id: r.id,
      group_id: req(groupIds, u),
    }));
    if (members.length > 0) {
      await db.insertInto('org_unit_group_set_member').values(members).execute();
    }
  }

  const optionIds = await idMap(db, 'category_option');
  for (const o of b.categoryOptions) {
    const row = { code: o.code, name: o.name, start_date: o.startDate, end_date: o.endDate };
    const r = await db
      .insertInto('category_option')
      .values({ uid: o.uid, ...row })
      .onConflict((oc) => oc.column('uid').doUpdateSet(row))
      .returning('id')
      .executeTakeFirstOrThrow();
    optionIds.set(o.uid, r.id);
  }
  const categoryIds = await idMap(db, 'category');
  for (const c of b.categories) {
    const row = { code: c.code, name: c.name, data_dimension_type: c.dataDimensionType };
    const r = await db
      .insertInto('category')
      .values({ uid: c.uid, ...row })
      .onConflict((oc) => oc.column('uid').doUpdateSet(row))
      .returning('id')
      .executeTakeFirstOrThrow();
    categoryIds.set(c.uid, r.id);
    await db.deleteFrom('category_option_link').where('category_id', '=', r.id).execute();
    const links = c.optionUids.map((u, i) => ({
      category_id: r.id,
      option_id: req(optionIds, u),
      sort_order: i,
    }));
    if (links.length > 0) {
      await db.insertInto('category_option_link').values(links).execute();
    }
  }
  const comboIds = await idMap(db, 'category_combo');
  const touchedCombos = new Set<string>();
  for (const c of b.categoryCombos) {
    const row = { code: c.code, name: c.name, data_dimension_type: c.dataDimensionType };
    const r = await db
      .insertInto('category_combo')
      .values({ uid: c.uid, ...row })
      .onConflict((oc) => oc.column('uid').doUpdateSet(row))
      .returning('id')
      .executeTakeFirstOrThrow();
    comboIds.set(c.uid, r.id);
    touchedCombos.add(c.uid);
    await db.deleteFrom('category_combo_category').where('combo_id', '=', r.id).execute();
    const links = c.categoryUids.map((u, i) => ({
      combo_id: r.id,
      category_id: req(categoryIds, u),
      sort_order: i,
    }));
    if (links.length > 0) {
      await db.insertInto('category_combo_category').values(links).execute();
    }
  }
  // Combos whose categories changed through a category in this bundle need their COCs too.
  if (b.categories.length > 0) {
    const changed = b.categories.map((c) => req(categoryIds, c.uid));
    const rows = await db
      .selectFrom('category_combo_category as l')
      .innerJoin('category_combo as cc', 'cc.id', 'l.combo_id')
      .select('cc.uid')
      .where('l.category_id', 'in', changed)
      .execute();
    for (const r of rows) {
      touchedCombos.add(r.uid);
    }
  }
  await syncOptionCombos(
    db,
    [...touchedCombos].filter((u) => u !== DEFAULT_UIDS.categoryCombo),
    b.categoryOptionCombos,
  );

  const deIds = await idMap(db, 'data_element');
  const defaultComboId = req(comboIds, DEFAULT_UIDS.categoryCombo);
  for (const d of b.dataElements) {
    const row = {
      code: d.code,
      name: d.name,
      short_name: d.shortName,
      name_en: d.nameEn,
      description: d.description,
      value_type: d.valueType,
      aggregation_type: d.aggregationType,
      category_combo_id: d.categoryComboUid ? req(comboIds, d.categoryComboUid) : defaultComboId,
      zero_is_significant: d.zeroIsSignificant ? 1 : 0,
      unit: d.unit,
    };
    const r = await db
      .insertInto('data_element')
      .values({ uid: d.uid, ...row })
      .onConflict((oc) => oc.column('uid').doUpdateSet(row))
      .returning('id')
      .executeTakeFirstOrThrow();
    deIds.set(d.uid, r.id);
  }
  for (const s of b.dataSets) {
    const row = {
      code: s.code,
      name: s.name,
      period_type: s.periodType,
      category_combo_id: s.categoryComboUid ? req(comboIds, s.categoryComboUid) : defaultComboId,
      expiry_days: s.expiryDays,
      timely_days: s.timelyDays,
      open_future_periods: s.openFuturePeriods,
      description: s.description,
    };
    const r = await db
      .insertInto('data_set')
      .values({ uid: s.uid, ...row })
      .onConflict((oc) => oc.column('uid').doUpdateSet(row))
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.deleteFrom('data_set_element').where('data_set_id', '=', r.id).execute();
    await db.deleteFrom('data_set_org_unit').where('data_set_id', '=', r.id).execute();
    const els = [...new Set(s.dataElementUids)].map((u) => ({
      data_set_id: r.id,
      data_element_id: req(deIds, u),
    }));
    for (let i = 0; i < els.length; i += 500) {
      await db
        .insertInto('data_set_element')
        .values(els.slice(i, i + 500))
        .execute();
    }
    const ous = [...new Set(s.orgUnitUids)].map((u) => ({ data_set_id: r.id, org_unit_id: req(ouIds, u) }));
    for (let i = 0; i < ous.length; i += 500) {
      await db
        .insertInto('data_set_org_unit')
        .values(ous.slice(i, i + 500))
        .execute();
    }
  }

  const typeIds = await idMap(db, 'indicator_type');
  for (const t of b.indicatorTypes) {
    const row = { code: t.code, name: t.name, factor: t.factor };
    const r = await db
      .insertInto('indicator_type')
      .values({ uid: t.uid, ...row })
      .onConflict((oc) => oc.column('uid').doUpdateSet(row))
      .returning('id')
      .executeTakeFirstOrThrow();
    typeIds.set(t.uid, r.id);
  }
  for (const i of b.indicators) {
    const row = {
      code: i.code,
      name: i.name,
      name_en: i.nameEn,
      short_name: i.shortName,
      description: i.description,
      numerator: i.numerator,
      numerator_description: i.numeratorDescription,
      denominator: i.denominator,
      denominator_description: i.denominatorDescription,
      indicator_type_id: i.indicatorTypeUid ? req(typeIds, i.indicatorTypeUid) : null,
      factor: i.factor,
      annualized: i.annualized ? 1 : 0,
      decimals: i.decimals,
      unit: i.unit,
      polarity: i.polarity,
      population_basis: i.populationBasis,
      definition_source: i.definitionSource,
      kind: i.kind,
      spec: i.spec ? JSON.stringify(i.spec) : null,
    };
    await db
      .insertInto('indicator')
      .values({ uid: i.uid, ...row })
      .onConflict((oc) => oc.column('uid').doUpdateSet(row))
      .execute();
  }
  for (const c of b.constants) {
    const row = { code: c.code, name: c.name, value: c.value };
    await db
      .insertInto('constant')
      .values({ uid: c.uid, ...row })
      .onConflict((oc) => oc.column('uid').doUpdateSet(row))
      .execute();
  }
  if (rollupsStale) {
    await rebuildRollups(db);
  }
  await bumpMetadataVersion(db);
}

/**
 * Makes the stored category option combos of each combo match the Cartesian product of its
 * categories. Existing combos are kept (data values point at their integer ids); explicit uids
 * from the file (DHIS2 exports) replace generated ones, which is safe for the same reason.
 */
async function syncOptionCombos(
  db: Db,
  comboUids: string[],
  explicit: MetadataBundle['categoryOptionCombos'],
): Promise<void> {
  const explicitByKey = new Map(explicit.map((c) => [`${c.comboUid}#${optionSetKey(c.optionUids)}`, c]));
  for (const comboUid of comboUids) {
    const combo = await db
      .selectFrom('category_combo')
      .select('id')
      .where('uid', '=', comboUid)
      .executeTakeFirstOrThrow();
    const cats = await db
      .selectFrom('category_combo_category as l')
      .innerJoin('category as c', 'c.id', 'l.category_id')
      .select(['c.id', 'c.uid'])
      .where('l.combo_id', '=', combo.id)
      .orderBy('l.sort_order')
      .execute();
    const withOptions = [];
    for (const c of cats) {
      const options = await db
        .selectFrom('category_option_link as l')
        .innerJoin('category_option as o', 'o.id', 'l.option_id')
        .select(['o.uid', 'o.name', 'o.code'])
        .where('l.category_id', '=', c.id)
        .orderBy('l.sort_order')
        .execute();
      withOptions.push({ uid: c.uid, options });
    }
    const generated = generateOptionCombos(comboUid, withOptions);
    const stored = new Map(
      (
        await db
          .selectFrom('category_option_combo')
          .select(['id', 'option_key'])
          .where('combo_id', '=', combo.id)
          .execute()
      ).map((r) => [r.option_key, r.id]),
    );
    for (const [i, g] of generated.entries()) {
      const key = optionSetKey(g.optionUids);
      const given = explicitByKey.get(`${comboUid}#${key}`);
      const uid = given?.uid ?? g.uid;
      const id = stored.get(key);
      if (id === undefined) {
        await db
          .insertInto('category_option_combo')
          .values({
            uid,
            code: given?.code ?? null,
            name: g.name,
            combo_id: combo.id,
            option_key: key,
            sort_order: i,
          })
          .execute();
      } else {
        await db
          .updateTable('category_option_combo')
          .set(
            given ? { uid, code: given.code, name: g.name, sort_order: i } : { name: g.name, sort_order: i },
          )
          .where('id', '=', id)
          .execute();
      }
    }
  }
}
