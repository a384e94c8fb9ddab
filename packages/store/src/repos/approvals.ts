import type { Kysely } from 'kysely';
import type { Store } from '../connect.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface ApprovalKey {
  dataSetId: number;
  orgUnitId: number;
  period: string;
}

export interface StoredApproval extends ApprovalKey {
  level: number;
  approvedBy: string;
  approvedAt: number;
  acceptedBy: string | null;
  acceptedAt: number | null;
}

/**
 * Serialises approvals against edits of the same data set: an approval takes the data sets
 * exclusively, a write shares them with other writes, so a write either commits before the
 * approval or sees it. How is the engine's business (see the dialect adapters). Call in the
 * transaction that then reads or writes.
 */
export function lockDataSetsFor(
  db: Db,
  store: Pick<Store, 'adapter'>,
  mode: 'approval' | 'write',
  dataSetIds?: readonly number[],
): Promise<void> {
  return store.adapter.lockDataSets(db, mode, dataSetIds);
}

const row = (r: {
  data_set_id: number;
  org_unit_id: number;
  period: string;
  level: number;
  approved_by: string;
  approved_at: number | string;
  accepted_by: string | null;
  accepted_at: number | string | null;
}): StoredApproval => ({
  dataSetId: r.data_set_id,
  orgUnitId: r.org_unit_id,
  period: r.period,
  level: r.level,
  approvedBy: r.approved_by,
  approvedAt: Number(r.approved_at),
  acceptedBy: r.accepted_by,
  acceptedAt: r.accepted_at === null ? null : Number(r.accepted_at),
});

const COLUMNS = [
  'data_set_id',
  'org_unit_id',
  'period',
  'level',
  'approved_by',
  'approved_at',
  'accepted_by',
  'accepted_at',
] as const;

/** Approvals, optionally of some data sets and periods. */
export async function listApprovals(
  db: Db,
  f: { dataSetIds?: readonly number[]; periods?: readonly string[] } = {},
): Promise<StoredApproval[]> {
  let q = db.selectFrom('data_approval').select([...COLUMNS]);
  if (f.dataSetIds) {
    if (f.dataSetIds.length === 0) {
      return [];
    }
    q = q.where('data_set_id', 'in', [...f.dataSetIds]);
  }
  if (f.periods) {
    if (f.periods.length === 0) {
      return [];
    }
    q = q.where('period', 'in', [...f.periods]);
  }
  return (await q.execute()).map(row);
}

export async function insertApproval(db: Db, k: ApprovalKey, level: number, by: string): Promise<void> {
  await db
    .insertInto('data_approval')
    .values({
      data_set_id: k.dataSetId,
      org_unit_id: k.orgUnitId,
      period: k.period,
      level,
      approved_by: by,
      approved_at: Date.now(),
      accepted_by: null,
      accepted_at: null,
    })
    .execute();
}

export async function deleteApproval(db: Db, k: ApprovalKey): Promise<void> {
  await db
    .deleteFrom('data_approval')
    .where('data_set_id', '=', k.dataSetId)
    .where('org_unit_id', '=', k.orgUnitId)
    .where('period', '=', k.period)
    .execute();
}

export async function setApprovalAccepted(db: Db, k: ApprovalKey, by: string | null): Promise<void> {
  await db
    .updateTable('data_approval')
    .set({ accepted_by: by, accepted_at: by === null ? null : Date.now() })
    .where('data_set_id', '=', k.dataSetId)
    .where('org_unit_id', '=', k.orgUnitId)
    .where('period', '=', k.period)
    .execute();
}

export interface LockException extends ApprovalKey {
  id: number;
  reason: string;
  grantedBy: string;
  grantedAt: number;
}

export async function listLockExceptions(
  db: Db,
  f: { dataSetIds?: readonly number[] } = {},
): Promise<LockException[]> {
  let q = db
    .selectFrom('lock_exception')
    .select(['id', 'data_set_id', 'org_unit_id', 'period', 'reason', 'granted_by', 'granted_at'])
    .orderBy('id');
  if (f.dataSetIds) {
    if (f.dataSetIds.length === 0) {
      return [];
    }
    q = q.where('data_set_id', 'in', [...f.dataSetIds]);
  }
  return (await q.execute()).map((r) => ({
    id: r.id,
    dataSetId: r.data_set_id,
    orgUnitId: r.org_unit_id,
    period: r.period,
    reason: r.reason,
    grantedBy: r.granted_by,
    grantedAt: Number(r.granted_at),
  }));
}

/** Grants an exception (granting it again keeps the first). */
export async function insertLockException(db: Db, k: ApprovalKey, reason: string, by: string): Promise<void> {
  await db
    .insertInto('lock_exception')
    .values({
      data_set_id: k.dataSetId,
      org_unit_id: k.orgUnitId,
      period: k.period,
      reason,
      granted_by: by,
      granted_at: Date.now(),
    })
    .onConflict((oc) => oc.columns(['data_set_id', 'org_unit_id', 'period']).doNothing())
    .execute();
}

export async function deleteLockException(db: Db, id: number): Promise<LockException | undefined> {
  const found = (await listLockExceptions(db)).find((e) => e.id === id);
  if (found) {
    await db.deleteFrom('lock_exception').where('id', '=', id).execute();
  }
  return found;
}
