import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface RegistrationKey {
  dataSetId: number;
  orgUnitId: number;
  period: string;
}

export interface Registration extends RegistrationKey {
  completedBy: string;
  completedAt: number;
}

export async function findRegistration(db: Db, k: RegistrationKey): Promise<Registration | undefined> {
  const r = await db
    .selectFrom('data_set_registration')
    .select(['data_set_id', 'org_unit_id', 'period', 'completed_by', 'completed_at'])
    .where('data_set_id', '=', k.dataSetId)
    .where('org_unit_id', '=', k.orgUnitId)
    .where('period', '=', k.period)
    .executeTakeFirst();
  return (
    r && {
      dataSetId: r.data_set_id,
      orgUnitId: r.org_unit_id,
      period: r.period,
      completedBy: r.completed_by,
      completedAt: Number(r.completed_at),
    }
  );
}

/** Marks a form complete; marking it again keeps the first registration. */
export async function registerComplete(db: Db, k: RegistrationKey, by: string): Promise<void> {
  await db
    .insertInto('data_set_registration')
    .values({
      data_set_id: k.dataSetId,
      org_unit_id: k.orgUnitId,
      period: k.period,
      completed_by: by,
      completed_at: Date.now(),
    })
    .onConflict((oc) => oc.columns(['data_set_id', 'org_unit_id', 'period']).doNothing())
    .execute();
}

/** Takes a completion back; answers whether there was one. */
export async function unregisterComplete(db: Db, k: RegistrationKey): Promise<boolean> {
  const r = await db
    .deleteFrom('data_set_registration')
    .where('data_set_id', '=', k.dataSetId)
    .where('org_unit_id', '=', k.orgUnitId)
    .where('period', '=', k.period)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Registrations with their own times (a migration of past reports, the demo), in batches; existing ones are kept. */
export async function insertRegistrations(
  db: Db,
  rows: readonly (RegistrationKey & { completedBy: string; completedAt: number })[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('data_set_registration')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          data_set_id: r.dataSetId,
          org_unit_id: r.orgUnitId,
          period: r.period,
          completed_by: r.completedBy,
          completed_at: r.completedAt,
        })),
      )
      .onConflict((oc) => oc.columns(['data_set_id', 'org_unit_id', 'period']).doNothing())
      .execute();
  }
}

/** When each unit marked the data set's form of each period complete (`orgUnitId|period` → ms). */
export async function registrationTimes(
  db: Db,
  dataSetId: number,
  ouIds: readonly number[],
  periods: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (ouIds.length === 0 || periods.length === 0) {
    return out;
  }
  for (let i = 0; i < ouIds.length; i += 500) {
    const rows = await db
      .selectFrom('data_set_registration')
      .select(['org_unit_id', 'period', 'completed_at'])
      .where('data_set_id', '=', dataSetId)
      .where('org_unit_id', 'in', ouIds.slice(i, i + 500))
      .where('period', 'in', [...periods])
      .execute();
    for (const r of rows) {
      out.set(`${r.org_unit_id}|${r.period}`, Number(r.completed_at));
    }
  }
  return out;
}
