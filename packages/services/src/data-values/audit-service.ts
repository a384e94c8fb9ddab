import {
  AppError,
  DEFAULT_TIME_ZONE,
  fieldLabel,
  msg,
  parsePeriod,
  periodLabel,
  t,
  valueAuditLabel,
  valueStatusLabel,
} from '@healthwatch/core';
import type { Locale } from '@healthwatch/core';
import { PeriodIds, countAudit, listAudit, loadMetadataIndex } from '@healthwatch/store';
import type { AuditFilter, AuditRow, AuditType, Store } from '@healthwatch/store';
import { ScopeKind, scopePaths, unitInScope } from '../auth/access-scope.js';
import { tableFile } from '../data-export/table-file.js';
import { accessScope } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';

export const AUDIT_ACTIONS: readonly AuditType[] = ['CREATE', 'UPDATE', 'DELETE'];
/** The most entries one page or one export holds. */
export const AUDIT_PAGE_MAX = 1000;
export const AUDIT_EXPORT_MAX = 100_000;

export interface AuditQuery {
  /** A unit: its changes and those of every unit below it. Default: the caller's view scope. */
  orgUnit?: string | undefined;
  dataElement?: string | undefined;
  /** Only the elements of this data set. */
  dataSet?: string | undefined;
  /** One period (its id), or a range of periods by their dates. */
  period?: string | undefined;
  periodFrom?: string | undefined;
  periodTo?: string | undefined;
  /** Changes made by this user. */
  user?: string | undefined;
  actions?: readonly string[] | undefined;
  /** 1-based. */
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface AuditPage {
  audit: AuditRow[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The filter a query means for this caller: a named unit covers everything below it (a district
 * statistician asks "who changed what in my district"), and without one the caller's whole view
 * scope is searched, never more.
 */
async function auditFilter(store: Store, ctx: ServiceContext, q: AuditQuery): Promise<AuditFilter> {
  const index = await loadMetadataIndex(store.db);
  const scope = accessScope(ctx);
  const filter: AuditFilter = {};
  if (q.orgUnit) {
    filter.ouPaths = [unitInScope(scope, ScopeKind.VIEW, index, q.orgUnit).path];
  } else {
    const paths = scopePaths(scope, ScopeKind.VIEW);
    if (paths !== null) {
      filter.ouPaths = paths;
    }
  }
  if (q.dataElement) {
    const de = index.findDataElement(q.dataElement);
    if (!de) {
      throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataElement'), id: q.dataElement });
    }
    filter.deIds = [de.id];
  }
  if (q.dataSet) {
    const ds = index.dataSets.find(q.dataSet);
    if (!ds) {
      throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataSet'), id: q.dataSet });
    }
    const ids = [...ds.elementIds];
    filter.deIds = filter.deIds ? filter.deIds.filter((id) => ds.elementIds.has(id)) : ids;
  }
  if (q.period) {
    const p = parsePeriod(q.period);
    filter.peIds = [...(await PeriodIds.lookup(store.db, [p.id])).values()];
  }
  if (q.periodFrom) {
    filter.periodFrom = parsePeriod(q.periodFrom).startDate;
  }
  if (q.periodTo) {
    filter.periodTo = parsePeriod(q.periodTo).endDate;
  }
  if (q.user) {
    filter.username = q.user;
  }
  if (q.actions && q.actions.length > 0) {
    const bad = q.actions.find((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a));
    if (bad !== undefined) {
      throw new AppError('HW_VALIDATION', {
        reason: msg('reason.auditAction', { value: bad, allowed: AUDIT_ACTIONS.join(', ') }),
      });
    }
    filter.auditTypes = q.actions as AuditType[];
  }
  return filter;
}

/** One page of the audit trail, newest first, with the number of entries the filter matches. */
export async function queryAudit(store: Store, ctx: ServiceContext, q: AuditQuery): Promise<AuditPage> {
  const filter = await auditFilter(store, ctx, q);
  const pageSize = Math.min(AUDIT_PAGE_MAX, Math.max(1, Math.trunc(q.pageSize ?? 100) || 100));
  const page = Math.max(1, Math.trunc(q.page ?? 1) || 1);
  const [audit, total] = await Promise.all([
    listAudit(store.db, { ...filter, limit: pageSize, offset: (page - 1) * pageSize }),
    countAudit(store.db, filter),
  ]);
  return { audit, total, page, pageSize };
}

/** The change of the comment, follow-up flag, status or source, in the reader's words. */
export function auditOtherChanges(a: AuditRow, locale: Locale): string {
  const pairs: [string, string | null, string | null][] = [
    ['comment', a.oldComment, a.newComment],
    [
      'status',
      a.oldStatus === null ? null : valueStatusLabel(a.oldStatus, locale),
      a.newStatus === null ? null : valueStatusLabel(a.newStatus, locale),
    ],
    ['source', a.oldSource, a.newSource],
  ];
  if (a.auditType === 'UPDATE' && a.oldFollowUp !== a.newFollowUp) {
    pairs.push([
      'followUp',
      a.oldFollowUp === null ? null : t(locale, a.oldFollowUp ? 'common.yes' : 'common.no'),
      a.newFollowUp === null ? null : t(locale, a.newFollowUp ? 'common.yes' : 'common.no'),
    ]);
  }
  return pairs
    .filter(([, from, to]) => from !== to)
    .map(([field, from, to]) =>
      t(locale, 'cli.auditChange', { field: fieldLabel(locale, field), from: from ?? '∅', to: to ?? '∅' }),
    )
    .join(t(locale, 'cli.changeSeparator'));
}

/**
 * The audit entries a filter matches as a spreadsheet or CSV, headed in the reader's language,
 * actions as 新增/修改/删除, times in the deployment's zone as the page shows them.
 */
export async function exportAudit(
  store: Store,
  ctx: ServiceContext,
  q: AuditQuery,
  format: 'csv' | 'xlsx',
): Promise<{ file: Buffer; rows: number; truncated: boolean }> {
  const filter = await auditFilter(store, ctx, q);
  const rows = await listAudit(store.db, { ...filter, limit: AUDIT_EXPORT_MAX + 1 });
  const truncated = rows.length > AUDIT_EXPORT_MAX;
  const kept = truncated ? rows.slice(0, AUDIT_EXPORT_MAX) : rows;
  const L = ctx.locale;
  const time = new Intl.DateTimeFormat('sv-SE', {
    timeZone: ctx.timeZone ?? DEFAULT_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const headers = [
    t(L, 'audit.col.time'),
    t(L, 'audit.col.user'),
    t(L, 'audit.col.action'),
    t(L, 'audit.col.orgUnit'),
    t(L, 'audit.col.orgUnitId'),
    fieldLabel(L, 'dataElement'),
    fieldLabel(L, 'categoryOptionCombo'),
    fieldLabel(L, 'period'),
    t(L, 'audit.col.periodId'),
    t(L, 'audit.col.oldValue'),
    t(L, 'audit.col.newValue'),
    t(L, 'audit.col.otherChanges'),
  ];
  const body = kept.map((a) => {
    const p = parsePeriod(a.period);
    return [
      time.format(new Date(a.changedAt)),
      a.changedBy,
      valueAuditLabel(a.auditType, L),
      a.orgUnitName,
      a.orgUnit,
      a.dataElementName,
      a.categoryOptionComboName === 'default' ? '' : a.categoryOptionComboName,
      periodLabel(p, L),
      a.period,
      a.oldValue ?? '',
      a.newValue ?? '',
      auditOtherChanges(a, L),
    ];
  });
  const file = await tableFile(headers, body, format, { sheetName: t(L, 'audit.sheet'), numberColumns: [] });
  return { file, rows: kept.length, truncated };
}
