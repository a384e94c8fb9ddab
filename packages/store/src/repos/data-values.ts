import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface ValueKey {
  deId: number;
  peId: number;
  ouId: number;
  cocId: number;
  aocId: number;
}

/** The fields of a value that users set and the audit log tracks. */
export interface ValueFields {
  value: string | null;
  comment: string | null;
  followUp: boolean;
  source: string | null;
  status: ValueStatus;
}

export const ValueStatus = { PRELIMINARY: 'preliminary', FINAL: 'final', REVISED: 'revised' } as const;
export type ValueStatus = (typeof ValueStatus)[keyof typeof ValueStatus];
export const VALUE_STATUSES: readonly ValueStatus[] = Object.values(ValueStatus);

export interface StoredValue extends ValueKey, ValueFields {
  deleted: boolean;
  createdBy: number;
  createdAt: number;
  updatedBy: number;
  updatedAt: number;
}

export const AuditType = { CREATE: 'CREATE', UPDATE: 'UPDATE', DELETE: 'DELETE' } as const;
export type AuditType = (typeof AuditType)[keyof typeof AuditType];

/** One change to apply: the new fields (or a deletion) and what was there before. */
export interface ValueChange {
  key: ValueKey;
  type: AuditType;
  prev: StoredValue | null;
  next: ValueFields;
}

export function keyString(k: ValueKey): string {
  return `${k.deId}|${k.peId}|${k.ouId}|${k.cocId}|${k.aocId}`;
}

function toStored(r: Selectable<Database['data_value']>): StoredValue {
  return {
    deId: r.data_element_id,
    peId: r.period_id,
    ouId: r.org_unit_id,
    cocId: r.coc_id,
    aocId: r.aoc_id,
    value: r.value,
    comment: r.comment,
    followUp: r.follow_up === 1,
    source: r.source,
    status: r.status as ValueStatus,
    deleted: r.deleted === 1,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedBy: r.updated_by,
    updatedAt: Number(r.updated_at),
  };
}

/**
 * Stored rows (deleted ones included) for a batch of keys, by key string. Filters on the three
 * leading key columns with IN lists (portable across both dialects) and keeps exact matches.
 */
export async function fetchExisting(db: Db, keys: readonly ValueKey[]): Promise<Map<string, StoredValue>> {
  const out = new Map<string, StoredValue>();
  if (keys.length === 0) {
    return out;
  }
  const wanted = new Set(keys.map(keyString));
  const des = [...new Set(keys.map((k) => k.deId))];
  const pes = [...new Set(keys.map((k) => k.peId))];
  const ous = [...new Set(keys.map((k) => k.ouId))];
  const rows = await db
    .selectFrom('data_value')
    .selectAll()
    .where('data_element_id', 'in', des)
    .where('period_id', 'in', pes)
    .where('org_unit_id', 'in', ous)
    .execute();
  for (const r of rows) {
    const s = toStored(r);
    const k = keyString(s);
    if (wanted.has(k)) {
      out.set(k, s);
    }
  }
  return out;
}

const UPSERT_BATCH = 800;

/**
 * Applies changes and writes one audit row per change, in batches. Deletion is soft (the row is
 * kept with `deleted = 1`, so history and restores keep working). Call inside a transaction.
 */
export async function applyValueChanges(
  db: Db,
  changes: readonly ValueChange[],
  actor: { userId: number; importId: number | null; now: number },
): Promise<void> {
  for (let i = 0; i < changes.length; i += UPSERT_BATCH) {
    const batch = changes.slice(i, i + UPSERT_BATCH);
    await db
      .insertInto('data_value')
      .values(
        batch.map((c) => ({
          data_element_id: c.key.deId,
          period_id: c.key.peId,
          org_unit_id: c.key.ouId,
          coc_id: c.key.cocId,
          aoc_id: c.key.aocId,
          value: c.next.value,
          comment: c.next.comment,
          follow_up: c.next.followUp ? 1 : 0,
          source: c.next.source,
          status: c.next.status,
          created_by: actor.userId,
          created_at: actor.now,
          updated_by: actor.userId,
          updated_at: actor.now,
          deleted: c.type === 'DELETE' ? 1 : 0,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['data_element_id', 'period_id', 'org_unit_id', 'coc_id', 'aoc_id']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          comment: eb.ref('excluded.comment'),
          follow_up: eb.ref('excluded.follow_up'),
          source: eb.ref('excluded.source'),
          status: eb.ref('excluded.status'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
          deleted: eb.ref('excluded.deleted'),
        })),
      )
      .execute();
    await db
      .insertInto('data_value_audit')
      .values(
        batch.map((c) => {
          const prev = c.prev && !c.prev.deleted ? c.prev : null;
          return {
            data_element_id: c.key.deId,
            period_id: c.key.peId,
            org_unit_id: c.key.ouId,
            coc_id: c.key.cocId,
            aoc_id: c.key.aocId,
            audit_type: c.type,
            old_value: prev?.value ?? null,
            new_value: c.type === 'DELETE' ? null : c.next.value,
            old_comment: prev?.comment ?? null,
            new_comment: c.type === 'DELETE' ? null : c.next.comment,
            old_follow_up: prev ? (prev.followUp ? 1 : 0) : null,
            new_follow_up: c.type === 'DELETE' ? null : c.next.followUp ? 1 : 0,
            old_status: prev?.status ?? null,
            new_status: c.type === 'DELETE' ? null : c.next.status,
            old_source: prev?.source ?? null,
            new_source: c.type === 'DELETE' ? null : c.next.source,
            changed_by: actor.userId,
            changed_at: actor.now,
            import_id: actor.importId,
          };
        }),
      )
      .execute();
  }
}

/** A stored value with its identifiers resolved for display and export. */
export interface ValueRow {
  dataElement: string;
  dataElementCode: string | null;
  dataElementName: string;
  period: string;
  orgUnit: string;
  orgUnitCode: string | null;
  orgUnitName: string;
  categoryOptionCombo: string;
  categoryOptionComboCode: string | null;
  categoryOptionComboName: string;
  attributeOptionCombo: string;
  attributeOptionComboCode: string | null;
  value: string | null;
  comment: string | null;
  followUp: boolean;
  source: string | null;
  status: ValueStatus;
  storedBy: string;
  lastUpdated: number;
  created: number;
  deleted: boolean;
}

export interface ValueFilter {
  deIds?: readonly number[];
  peIds?: readonly number[];
  ouIds?: readonly number[];
  /** Only units whose path starts with one of these prefixes (subtrees). */
  ouPathPrefixes?: readonly string[];
  includeDeleted?: boolean;
}

/**
 * Streams values in key order with keyset pagination, so exporting millions of values holds
 * one page in memory at a time.
 */
export async function* streamValues(db: Db, filter: ValueFilter, pageSize = 5000): AsyncGenerator<ValueRow> {
  let after: { de: number; pe: number; ou: number; coc: number; aoc: number } | null = null;
  for (;;) {
    let q = db
      .selectFrom('data_value as v')
      .innerJoin('data_element as de', 'de.id', 'v.data_element_id')
      .innerJoin('period as p', 'p.id', 'v.period_id')
      .innerJoin('org_unit as ou', 'ou.id', 'v.org_unit_id')
      .innerJoin('category_option_combo as coc', 'coc.id', 'v.coc_id')
      .innerJoin('category_option_combo as aoc', 'aoc.id', 'v.aoc_id')
      .innerJoin('app_user as u', 'u.id', 'v.updated_by')
      .select([
        'v.data_element_id',
        'v.period_id',
        'v.org_unit_id',
        'v.coc_id',
        'v.aoc_id',
        'de.uid as de_uid',
        'de.code as de_code',
        'de.name as de_name',
        'p.iso',
        'ou.uid as ou_uid',
        'ou.code as ou_code',
        'ou.name as ou_name',
        'coc.uid as coc_uid',
        'coc.code as coc_code',
        'coc.name as coc_name',
        'aoc.uid as aoc_uid',
        'aoc.code as aoc_code',
        'v.value',
        'v.comment',
        'v.follow_up',
        'v.source',
        'v.status',
        'u.username',
        'v.updated_at',
        'v.created_at',
        'v.deleted',
      ]);
    if (!filter.includeDeleted) {
      q = q.where('v.deleted', '=', 0);
    }
    if (filter.deIds) {
      q = q.where('v.data_element_id', 'in', filter.deIds.length ? [...filter.deIds] : [-1]);
    }
    if (filter.peIds) {
      q = q.where('v.period_id', 'in', filter.peIds.length ? [...filter.peIds] : [-1]);
    }
    if (filter.ouIds) {
      q = q.where('v.org_unit_id', 'in', filter.ouIds.length ? [...filter.ouIds] : [-1]);
    }
    if (filter.ouPathPrefixes) {
      const prefixes = filter.ouPathPrefixes;
      q = q.where((eb) => eb.or(prefixes.map((p) => eb('ou.path', 'like', `${p}%`))));
    }
    if (after) {
      const a = after;
      q = q.where((eb) =>
        eb.or([
          eb('v.data_element_id', '>', a.de),
          eb.and([eb('v.data_element_id', '=', a.de), eb('v.period_id', '>', a.pe)]),
          eb.and([eb('v.data_element_id', '=', a.de), eb('v.period_id', '=', a.pe), eb('v.org_unit_id', '>', a.ou)]),
          eb.and([
            eb('v.data_element_id', '=', a.de),
            eb('v.period_id', '=', a.pe),
            eb('v.org_unit_id', '=', a.ou),
            eb('v.coc_id', '>', a.coc),
          ]),
          eb.and([
            eb('v.data_element_id', '=', a.de),
            eb('v.period_id', '=', a.pe),
            eb('v.org_unit_id', '=', a.ou),
            eb('v.coc_id', '=', a.coc),
            eb('v.aoc_id', '>', a.aoc),
          ]),
        ]),
      );
    }
    const rows = await q
      .orderBy('v.data_element_id')
      .orderBy('v.period_id')
      .orderBy('v.org_unit_id')
      .orderBy('v.coc_id')
      .orderBy('v.aoc_id')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      yield {
        dataElement: r.de_uid,
        dataElementCode: r.de_code,
        dataElementName: r.de_name,
        period: r.iso,
        orgUnit: r.ou_uid,
        orgUnitCode: r.ou_code,
        orgUnitName: r.ou_name,
        categoryOptionCombo: r.coc_uid,
        categoryOptionComboCode: r.coc_code,
        categoryOptionComboName: r.coc_name,
        attributeOptionCombo: r.aoc_uid,
        attributeOptionComboCode: r.aoc_code,
        value: r.value,
        comment: r.comment,
        followUp: r.follow_up === 1,
        source: r.source,
        status: r.status as ValueStatus,
        storedBy: r.username,
        lastUpdated: Number(r.updated_at),
        created: Number(r.created_at),
        deleted: r.deleted === 1,
      };
    }
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) {
      return;
    }
    after = { de: last.data_element_id, pe: last.period_id, ou: last.org_unit_id, coc: last.coc_id, aoc: last.aoc_id };
  }
}

export interface AuditRow {
  id: number;
  auditType: AuditType;
  dataElement: string;
  dataElementName: string;
  period: string;
  orgUnit: string;
  orgUnitName: string;
  categoryOptionCombo: string;
  categoryOptionComboName: string;
  attributeOptionCombo: string;
  oldValue: string | null;
  newValue: string | null;
  oldComment: string | null;
  newComment: string | null;
  oldFollowUp: boolean | null;
  newFollowUp: boolean | null;
  oldStatus: string | null;
  newStatus: string | null;
  oldSource: string | null;
  newSource: string | null;
  changedBy: string;
  changedAt: number;
  importId: number | null;
}

export interface AuditFilter {
  deIds?: readonly number[];
  ouIds?: readonly number[];
  peIds?: readonly number[];
  username?: string;
  since?: number;
  until?: number;
  limit?: number;
}

/** Audit entries, newest first. */
export async function listAudit(db: Db, f: AuditFilter): Promise<AuditRow[]> {
  let q = db
    .selectFrom('data_value_audit as a')
    .innerJoin('data_element as de', 'de.id', 'a.data_element_id')
    .innerJoin('period as p', 'p.id', 'a.period_id')
    .innerJoin('org_unit as ou', 'ou.id', 'a.org_unit_id')
    .innerJoin('category_option_combo as coc', 'coc.id', 'a.coc_id')
    .innerJoin('category_option_combo as aoc', 'aoc.id', 'a.aoc_id')
    .innerJoin('app_user as u', 'u.id', 'a.changed_by')
    .selectAll('a')
    .select([
      'de.uid as de_uid',
      'de.name as de_name',
      'p.iso',
      'ou.uid as ou_uid',
      'ou.name as ou_name',
      'coc.uid as coc_uid',
      'coc.name as coc_name',
      'aoc.uid as aoc_uid',
      'u.username',
    ]);
  if (f.deIds) {
    q = q.where('a.data_element_id', 'in', f.deIds.length ? [...f.deIds] : [-1]);
  }
  if (f.ouIds) {
    q = q.where('a.org_unit_id', 'in', f.ouIds.length ? [...f.ouIds] : [-1]);
  }
  if (f.peIds) {
    q = q.where('a.period_id', 'in', f.peIds.length ? [...f.peIds] : [-1]);
  }
  if (f.username) {
    q = q.where('u.username', '=', f.username);
  }
  if (f.since !== undefined) {
    q = q.where('a.changed_at', '>=', f.since);
  }
  if (f.until !== undefined) {
    q = q.where('a.changed_at', '<=', f.until);
  }
  const rows = await q.orderBy('a.id', 'desc').limit(f.limit ?? 1000).execute();
  const bool = (v: number | null): boolean | null => (v === null ? null : v === 1);
  return rows.map((r) => ({
    id: r.id,
    auditType: r.audit_type as AuditType,
    dataElement: r.de_uid,
    dataElementName: r.de_name,
    period: r.iso,
    orgUnit: r.ou_uid,
    orgUnitName: r.ou_name,
    categoryOptionCombo: r.coc_uid,
    categoryOptionComboName: r.coc_name,
    attributeOptionCombo: r.aoc_uid,
    oldValue: r.old_value,
    newValue: r.new_value,
    oldComment: r.old_comment,
    newComment: r.new_comment,
    oldFollowUp: bool(r.old_follow_up),
    newFollowUp: bool(r.new_follow_up),
    oldStatus: r.old_status,
    newStatus: r.new_status,
    oldSource: r.old_source,
    newSource: r.new_source,
    changedBy: r.username,
    changedAt: Number(r.changed_at),
    importId: r.import_id,
  }));
}
