import { isMessageKey, msg } from '@healthwatch/core';
import type { MessageParams, MessageRef } from '@healthwatch/core';
import type { Kysely } from 'kysely';
import type { Selectable } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface StoredEvent {
  id: number;
  disease: string;
  orgUnitId: number;
  periodFrom: string;
  periodTo: string;
  grade: string;
  points: number;
  evidence: unknown;
  /** The zh-CN text stored with the event (all that rows from before migration 0011 have). */
  explanation: string;
  /** The explanation's catalogue message, rendered in the reader's language; null on older rows. */
  explanationRef: MessageRef | null;
  status: string;
  assignee: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface EventInput {
  disease: string;
  orgUnitId: number;
  periodFrom: string;
  periodTo: string;
  grade: string;
  points: number;
  evidence: unknown;
  /** The explanation as a catalogue message (stored as key and parameters)… */
  explanation: MessageRef;
  /** …and its zh-CN rendering, kept for readers of the text column. */
  explanationText: string;
}

function explanationRefOf(key: string | null, params: string | null): MessageRef | null {
  if (key === null || !isMessageKey(key)) {
    return null;
  }
  return msg(key, params ? (JSON.parse(params) as MessageParams) : {});
}

const toEvent = (r: Selectable<Database['surveillance_event']>): StoredEvent => ({
  id: r.id,
  disease: r.disease,
  orgUnitId: r.org_unit_id,
  periodFrom: r.period_from,
  periodTo: r.period_to,
  grade: r.grade,
  points: r.points,
  evidence: JSON.parse(r.evidence) as unknown,
  explanation: r.explanation,
  explanationRef: explanationRefOf(r.explanation_key, r.explanation_params),
  status: r.status,
  assignee: r.assignee,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/**
 * Saves detected events: a new one starts as `new` with a log entry; an existing one (same disease,
 * place and first period) gets the latest evidence while its workflow state is kept.
 */
export async function upsertSurveillanceEvents(
  db: Db,
  events: readonly EventInput[],
  by: string,
): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  const now = Date.now();
  for (const e of events) {
    const existing = await db
      .selectFrom('surveillance_event')
      .select(['id', 'period_to', 'grade', 'points', 'explanation_key'])
      .where('disease', '=', e.disease)
      .where('org_unit_id', '=', e.orgUnitId)
      .where('period_from', '=', e.periodFrom)
      .executeTakeFirst();
    const values = {
      period_to: e.periodTo,
      grade: e.grade,
      points: e.points,
      evidence: JSON.stringify(e.evidence),
      explanation: e.explanationText,
      explanation_key: e.explanation.key,
      explanation_params: JSON.stringify(e.explanation.params ?? {}),
    };
    if (existing) {
      // A row from before message keys gets its key on the next run, changed or not.
      if (
        existing.period_to !== e.periodTo ||
        existing.grade !== e.grade ||
        existing.points !== e.points ||
        existing.explanation_key === null
      ) {
        await db
          .updateTable('surveillance_event')
          .set({ ...values, updated_at: now })
          .where('id', '=', existing.id)
          .execute();
        updated++;
      }
      continue;
    }
    const r = await db
      .insertInto('surveillance_event')
      .values({
        disease: e.disease,
        org_unit_id: e.orgUnitId,
        period_from: e.periodFrom,
        ...values,
        status: 'new',
        assignee: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('surveillance_event_log')
      .values({
        event_id: r.id,
        at: now,
        username: by,
        from_status: null,
        to_status: 'new',
        assignee: null,
        note: '自动预警生成',
      })
      .execute();
    created++;
  }
  return { created, updated };
}

export async function listSurveillanceEvents(
  db: Db,
  f: { status?: string; disease?: string; orgUnitIds?: readonly number[]; limit?: number } = {},
): Promise<StoredEvent[]> {
  let q = db.selectFrom('surveillance_event').selectAll();
  if (f.status) {
    q = q.where('status', '=', f.status);
  }
  if (f.disease) {
    q = q.where('disease', '=', f.disease);
  }
  if (f.orgUnitIds) {
    if (f.orgUnitIds.length === 0) {
      return [];
    }
    q = q.where('org_unit_id', 'in', [...f.orgUnitIds]);
  }
  const rows = await q
    .orderBy('period_to', 'desc')
    .orderBy('points', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 500)
    .execute();
  return rows.map(toEvent);
}

export async function findSurveillanceEvent(db: Db, id: number): Promise<StoredEvent | null> {
  const r = await db.selectFrom('surveillance_event').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toEvent(r) : null;
}

export async function surveillanceEventLog(
  db: Db,
  id: number,
): Promise<
  {
    at: number;
    username: string;
    fromStatus: string | null;
    toStatus: string;
    assignee: string | null;
    note: string | null;
  }[]
> {
  const rows = await db
    .selectFrom('surveillance_event_log')
    .selectAll()
    .where('event_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    at: Number(r.at),
    username: r.username,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    assignee: r.assignee,
    note: r.note,
  }));
}

/** Moves an event to a new state if it is still in `expected` (optimistic: a concurrent change wins once). */
export async function transitionSurveillanceEvent(
  db: Db,
  id: number,
  expected: string,
  next: { status: string; assignee?: string | null; note?: string | null },
  by: string,
): Promise<boolean> {
  const now = Date.now();
  const r = await db
    .updateTable('surveillance_event')
    .set({
      status: next.status,
      ...(next.assignee !== undefined ? { assignee: next.assignee } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', expected)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) {
    return false;
  }
  await db
    .insertInto('surveillance_event_log')
    .values({
      event_id: id,
      at: now,
      username: by,
      from_status: expected,
      to_status: next.status,
      assignee: next.assignee ?? null,
      note: next.note ?? null,
    })
    .execute();
  return true;
}

/** The last day that has a (not deleted) value of any of these data elements, or null. */
export async function latestDataDate(db: Db, dataElementIds: readonly number[]): Promise<string | null> {
  if (dataElementIds.length === 0) {
    return null;
  }
  const r = await db
    .selectFrom('data_value as v')
    .innerJoin('period as p', 'p.id', 'v.period_id')
    .select((eb) => eb.fn.max('p.end_date').as('last'))
    .where('v.data_element_id', 'in', [...dataElementIds])
    .where('v.deleted', '=', 0)
    .executeTakeFirst();
  return (r?.last as string | null | undefined) ?? null;
}
