import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface StoredPlan {
  id: number;
  code: string;
  name: string;
  issuer: string | null;
  baselineYear: number;
  targetYear: number;
  status: string;
  doc: unknown;
}

export interface PlanValueRow {
  indicatorCode: string;
  year: number;
  value: number | null;
  text: string | null;
  statedMet: boolean | null;
  numerator: number | null;
  source: string;
  status: string;
  note: string | null;
}

/** Saves a plan document and replaces the figures that came with it. */
export async function savePlan(
  db: Db,
  p: Omit<StoredPlan, 'id'>,
  values: readonly PlanValueRow[],
): Promise<number> {
  const row = {
    name: p.name,
    issuer: p.issuer,
    baseline_year: p.baselineYear,
    target_year: p.targetYear,
    status: p.status,
    doc: JSON.stringify(p.doc),
    updated_at: Date.now(),
  };
  const r = await db
    .insertInto('plan')
    .values({ code: p.code, ...row })
    .onConflict((oc) => oc.column('code').doUpdateSet(row))
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.deleteFrom('plan_value').where('plan_id', '=', r.id).execute();
  if (values.length > 0) {
    await db
      .insertInto('plan_value')
      .values(
        values.map((v) => ({
          plan_id: r.id,
          indicator_code: v.indicatorCode,
          year: v.year,
          value: v.value,
          text: v.text,
          stated_met: v.statedMet === null ? null : v.statedMet ? 1 : 0,
          numerator: v.numerator,
          source: v.source,
          status: v.status,
          note: v.note,
          recorded_at: Date.now(),
        })),
      )
      .execute();
  }
  return r.id;
}

export async function listPlans(db: Db): Promise<StoredPlan[]> {
  const rows = await db.selectFrom('plan').selectAll().orderBy('baseline_year').execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    issuer: r.issuer,
    baselineYear: r.baseline_year,
    targetYear: r.target_year,
    status: r.status,
    doc: JSON.parse(r.doc) as unknown,
  }));
}

export async function findPlan(db: Db, code: string): Promise<StoredPlan | null> {
  return (await listPlans(db)).find((p) => p.code === code) ?? null;
}

export async function planValues(db: Db, planId: number): Promise<PlanValueRow[]> {
  const rows = await db
    .selectFrom('plan_value')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('year')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    indicatorCode: r.indicator_code,
    year: r.year,
    value: r.value === null ? null : Number(r.value),
    text: r.text,
    statedMet: r.stated_met === null ? null : r.stated_met === 1,
    numerator: r.numerator === null ? null : Number(r.numerator),
    source: r.source,
    status: r.status,
    note: r.note,
  }));
}
