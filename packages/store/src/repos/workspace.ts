import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface FormKey {
  dataSetId: number;
  orgUnitId: number;
  period: string;
}

export interface StoredReturn extends FormKey {
  id: number;
  comment: string;
  returnedBy: string;
  returnedAt: number;
}

export interface StoredReminder extends FormKey {
  id: number;
  remindedBy: string;
  remindedAt: number;
  channel: string;
  delivery: string;
  deliveryDetail: string | null;
}

export interface OrgUnitContact {
  contactPerson: string | null;
  contactPhone: string | null;
}

const CHUNK = 500;

async function chunked<T>(ids: readonly number[], f: (part: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    out.push(...(await f(ids.slice(i, i + CHUNK))));
  }
  return out;
}

export async function insertReturn(
  db: Db,
  k: FormKey,
  comment: string,
  by: string,
  at: number,
): Promise<void> {
  await db
    .insertInto('form_return')
    .values({
      data_set_id: k.dataSetId,
      org_unit_id: k.orgUnitId,
      period: k.period,
      comment,
      returned_by: by,
      returned_at: at,
    })
    .execute();
}

/** Returns of a data set and periods at some units, oldest first. */
export async function listReturns(
  db: Db,
  dataSetId: number,
  periods: readonly string[],
  ouIds: readonly number[],
): Promise<StoredReturn[]> {
  if (periods.length === 0) {
    return [];
  }
  return chunked(ouIds, async (part) =>
    (
      await db
        .selectFrom('form_return')
        .select(['id', 'data_set_id', 'org_unit_id', 'period', 'comment', 'returned_by', 'returned_at'])
        .where('data_set_id', '=', dataSetId)
        .where('period', 'in', [...periods])
        .where('org_unit_id', 'in', part)
        .orderBy('id')
        .execute()
    ).map((r) => ({
      id: r.id,
      dataSetId: r.data_set_id,
      orgUnitId: r.org_unit_id,
      period: r.period,
      comment: r.comment,
      returnedBy: r.returned_by,
      returnedAt: Number(r.returned_at),
    })),
  );
}

export async function insertReminders(
  db: Db,
  rows: readonly (FormKey & Omit<StoredReminder, 'id' | keyof FormKey>)[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('report_reminder')
      .values(
        rows.slice(i, i + CHUNK).map((r) => ({
          data_set_id: r.dataSetId,
          org_unit_id: r.orgUnitId,
          period: r.period,
          reminded_by: r.remindedBy,
          reminded_at: r.remindedAt,
          channel: r.channel,
          delivery: r.delivery,
          delivery_detail: r.deliveryDetail,
        })),
      )
      .execute();
  }
}

/** Reminders of a data set and periods at some units, oldest first. */
export async function listReminders(
  db: Db,
  dataSetId: number,
  periods: readonly string[],
  ouIds: readonly number[],
): Promise<StoredReminder[]> {
  if (periods.length === 0) {
    return [];
  }
  return chunked(ouIds, async (part) =>
    (
      await db
        .selectFrom('report_reminder')
        .select([
          'id',
          'data_set_id',
          'org_unit_id',
          'period',
          'reminded_by',
          'reminded_at',
          'channel',
          'delivery',
          'delivery_detail',
        ])
        .where('data_set_id', '=', dataSetId)
        .where('period', 'in', [...periods])
        .where('org_unit_id', 'in', part)
        .orderBy('id')
        .execute()
    ).map((r) => ({
      id: r.id,
      dataSetId: r.data_set_id,
      orgUnitId: r.org_unit_id,
      period: r.period,
      remindedBy: r.reminded_by,
      remindedAt: Number(r.reminded_at),
      channel: r.channel,
      delivery: r.delivery,
      deliveryDetail: r.delivery_detail,
    })),
  );
}

/** The contact person and phone of units, by id (units without either are left out). */
export async function orgUnitContacts(
  db: Db,
  ouIds: readonly number[],
): Promise<Map<number, OrgUnitContact>> {
  const rows = await chunked(ouIds, (part) =>
    db
      .selectFrom('org_unit')
      .select(['id', 'contact_person', 'contact_phone'])
      .where('id', 'in', part)
      .where((eb) => eb.or([eb('contact_person', 'is not', null), eb('contact_phone', 'is not', null)]))
      .execute(),
  );
  return new Map(rows.map((r) => [r.id, { contactPerson: r.contact_person, contactPhone: r.contact_phone }]));
}
