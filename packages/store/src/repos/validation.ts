import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export async function saveValidationRules(
  db: Db,
  rules: readonly { code: string; doc: unknown }[],
): Promise<void> {
  const now = Date.now();
  for (const r of rules) {
    const doc = JSON.stringify(r.doc);
    await db
      .insertInto('validation_rule')
      .values({ code: r.code, doc, updated_at: now })
      .onConflict((oc) => oc.column('code').doUpdateSet({ doc, updated_at: now }))
      .execute();
  }
}

export async function listValidationRules(db: Db): Promise<{ code: string; doc: unknown }[]> {
  const rows = await db.selectFrom('validation_rule').select(['code', 'doc']).orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, doc: JSON.parse(r.doc) as unknown }));
}

export interface ViolationRow {
  ruleCode: string;
  orgUnitId: number;
  period: string;
  left: number | null;
  right: number | null;
  importance: string;
}

/** Replaces the stored violations of the evaluated keys (rule × unit × period) with the ones found now. */
export async function replaceViolations(
  db: Db,
  evaluated: readonly { ruleCode: string; orgUnitId: number; period: string }[],
  found: readonly ViolationRow[],
  by: string,
): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < evaluated.length; i += 500) {
    const chunk = evaluated.slice(i, i + 500);
    await db
      .deleteFrom('validation_result')
      .where((eb) =>
        eb.or(
          chunk.map((k) =>
            eb.and([
              eb('rule_code', '=', k.ruleCode),
              eb('org_unit_id', '=', k.orgUnitId),
              eb('period', '=', k.period),
            ]),
          ),
        ),
      )
      .execute();
  }
  for (let i = 0; i < found.length; i += 500) {
    await db
      .insertInto('validation_result')
      .values(
        found.slice(i, i + 500).map((v) => ({
          rule_code: v.ruleCode,
          org_unit_id: v.orgUnitId,
          period: v.period,
          left_value: v.left,
          right_value: v.right,
          importance: v.importance,
          found_at: now,
          found_by: by,
        })),
      )
      .execute();
  }
}

export async function listViolations(
  db: Db,
  f: { orgUnitIds?: readonly number[]; periods?: readonly string[] } = {},
): Promise<(ViolationRow & { foundAt: number; foundBy: string })[]> {
  let q = db.selectFrom('validation_result').selectAll();
  if (f.orgUnitIds) {
    if (f.orgUnitIds.length === 0) {
      return [];
    }
    q = q.where('org_unit_id', 'in', [...f.orgUnitIds]);
  }
  if (f.periods && f.periods.length > 0) {
    q = q.where('period', 'in', [...f.periods]);
  }
  const rows = await q.orderBy('period').orderBy('rule_code').orderBy('org_unit_id').execute();
  return rows.map((r) => ({
    ruleCode: r.rule_code,
    orgUnitId: r.org_unit_id,
    period: r.period,
    left: r.left_value,
    right: r.right_value,
    importance: r.importance,
    foundAt: Number(r.found_at),
    foundBy: r.found_by,
  }));
}

/** Which (org unit, period) pairs have at least one value of these elements: `${ouId}|${iso}`. */
export async function reportedUnitPeriods(
  db: Db,
  deIds: readonly number[],
  ouIds: readonly number[],
  isoPeriods: readonly string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  if (deIds.length === 0 || ouIds.length === 0 || isoPeriods.length === 0) {
    return out;
  }
  for (let i = 0; i < ouIds.length; i += 500) {
    const rows = await db
      .selectFrom('data_value as v')
      .innerJoin('period as p', 'p.id', 'v.period_id')
      .select(['v.org_unit_id', 'p.iso'])
      .distinct()
      .where('v.data_element_id', 'in', [...deIds])
      .where('v.org_unit_id', 'in', ouIds.slice(i, i + 500))
      .where('p.iso', 'in', [...isoPeriods])
      .where('v.deleted', '=', 0)
      .execute();
    for (const r of rows) {
      out.add(`${r.org_unit_id}|${r.iso}`);
    }
  }
  return out;
}

/** The latest period of a type that has any value of the elements (the "last period" of a data set), or null. */
export async function latestReportedPeriod(
  db: Db,
  deIds: readonly number[],
  periodType: string,
): Promise<string | null> {
  if (deIds.length === 0) {
    return null;
  }
  const r = await db
    .selectFrom('data_value as v')
    .innerJoin('period as p', 'p.id', 'v.period_id')
    .select(['p.iso', 'p.start_date'])
    .where('v.data_element_id', 'in', [...deIds])
    .where('p.period_type', '=', periodType)
    .where('v.deleted', '=', 0)
    .orderBy('p.start_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.iso ?? null;
}
