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
  return r && { dataSetId: r.data_set_id, orgUnitId: r.org_unit_id, period: r.period, completedBy: r.completed_by, completedAt: Number(r.completed_at) };
}

/** Marks a form complete; marking it again keeps the first registration. */
export async function registerComplete(db: Db, k: RegistrationKey, by: string): Promise<void> {
  await db
    .insertInto('data_set_registration')
    .values({ data_set_id: k.dataSetId, org_unit_id: k.orgUnitId, period: k.period, completed_by: by, completed_at: Date.now() })
    .onConflict((oc) => oc.columns(['data_set_id', 'org_unit_id', 'period']).doNothing())
    .execute();
}

/** Takes a completion back; answers whether there was one. */
export async function unregisterComplete(db: Db, k: RegistrationKey): Promise<boolean> {
  const r = await db.deleteFrom('data_set_registration').where('data_set_id', '=', k.dataSetId).where('org_unit_id', '=', k.orgUnitId).where('period', '=', k.period).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
