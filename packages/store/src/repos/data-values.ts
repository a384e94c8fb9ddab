import type { ValueStatus } from '@healthwatch/core';
import type { Kysely } from 'kysely';
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

// Defined in core (the CLI lists them without loading the store); exported here as before.
export { ValueStatus, VALUE_STATUSES } from '@healthwatch/core';

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

export { keyString } from '../dialects/value-batch.js';

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
  /** Only values flagged for follow-up. */
  followUpOnly?: boolean;
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
    if (filter.followUpOnly) {
      q = q.where('v.follow_up', '=', 1);
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
          eb.and([
            eb('v.data_element_id', '=', a.de),
            eb('v.period_id', '=', a.pe),
            eb('v.org_unit_id', '>', a.ou),
          ]),
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
    after = {
      de: last.data_element_id,
      pe: last.period_id,
      ou: last.org_unit_id,
      coc: last.coc_id,
      aoc: last.aoc_id,
    };
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
  /** Units whose materialised path starts with one of these (`/uid/uid/`): a unit and all below it. */
  ouPaths?: readonly string[];
  peIds?: readonly number[];
  /** Periods starting on or after this day (yyyy-mm-dd). */
  periodFrom?: string;
  /** Periods ending on or before this day (yyyy-mm-dd). */
  periodTo?: string;
  auditTypes?: readonly AuditType[];
  username?: string;
  since?: number;
  until?: number;
  limit?: number;
  /** Entries skipped before the first returned (pagination, newest first). */
  offset?: number;
}

// eslint-disable-next-line @typescript-eslint/explicit-function-return-type -- Kysely's joined builder type, inferred; written out it would repeat the four joins
function auditQuery(db: Db, f: AuditFilter) {
  let q = db
    .selectFrom('data_value_audit as a')
    .innerJoin('period as p', 'p.id', 'a.period_id')
    .innerJoin('org_unit as ou', 'ou.id', 'a.org_unit_id')
    .innerJoin('app_user as u', 'u.id', 'a.changed_by');
  if (f.deIds) {
    q = q.where('a.data_element_id', 'in', f.deIds.length ? [...f.deIds] : [-1]);
  }
  if (f.ouIds) {
    q = q.where('a.org_unit_id', 'in', f.ouIds.length ? [...f.ouIds] : [-1]);
  }
  if (f.ouPaths) {
    const paths = f.ouPaths;
    // Paths are `/uid/…/` of letters and digits only, so they carry no LIKE wildcards.
    q = paths.length
      ? q.where((eb) => eb.or(paths.map((path) => eb('ou.path', 'like', `${path}%`))))
      : q.where('a.org_unit_id', '=', -1);
  }
  if (f.peIds) {
    q = q.where('a.period_id', 'in', f.peIds.length ? [...f.peIds] : [-1]);
  }
  if (f.periodFrom !== undefined) {
    q = q.where('p.start_date', '>=', f.periodFrom);
  }
  if (f.periodTo !== undefined) {
    q = q.where('p.end_date', '<=', f.periodTo);
  }
  if (f.auditTypes) {
    q = q.where('a.audit_type', 'in', f.auditTypes.length ? [...f.auditTypes] : ['-']);
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
  return q;
}

/** How many audit entries a filter matches (for pagination; limit and offset ignored). */
export async function countAudit(db: Db, f: AuditFilter): Promise<number> {
  const r = await auditQuery(db, f)
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Audit entries, newest first. */
export async function listAudit(db: Db, f: AuditFilter): Promise<AuditRow[]> {
  const q = auditQuery(db, f)
    .innerJoin('data_element as de', 'de.id', 'a.data_element_id')
    .innerJoin('category_option_combo as coc', 'coc.id', 'a.coc_id')
    .innerJoin('category_option_combo as aoc', 'aoc.id', 'a.aoc_id')
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
  const rows = await q
    .orderBy('a.id', 'desc')
    .limit(f.limit ?? 1000)
    .offset(f.offset ?? 0)
    .execute();
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
