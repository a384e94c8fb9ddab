import {
  latestDuePeriod,
  parsePeriod,
  periodLabel,
  REPORT_STATUS_LABELS,
  reportingWindow,
  ReportStatus,
  reportStatus,
  AppError,
  msg,
} from '@healthwatch/core';
import type { Authority, Period } from '@healthwatch/core';
import { listApprovals, listReminders, listReturns, registrationTimes } from '@healthwatch/store';
import type { DataSetRow, MetadataIndex, OrgUnitRow, Store } from '@healthwatch/store';
import { ScopeKind } from '../auth/access-scope.js';
import { allows } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';

/** What the caller may do on a form of the workspace (the web page offers only these). */
export const WorkspaceAction = {
  APPROVE: 'approve',
  ACCEPT: 'accept',
  RETURN: 'return',
  REMIND: 'remind',
} as const;
export type WorkspaceAction = (typeof WorkspaceAction)[keyof typeof WorkspaceAction];

/** Whether the caller holds an authority (the HTTP layer asks the principal; the CLI acts as everything). */
export type Authorized = (a: Authority) => boolean;

export const everyAuthority: Authorized = () => true;

/** The statuses a reminder is for: nothing reported, or returned and not completed again. */
export const UNREPORTED: ReadonlySet<ReportStatus> = new Set([
  ReportStatus.NOT_REPORTED,
  ReportStatus.OVERDUE,
  ReportStatus.RETURNED,
]);

export interface WorkspaceRow {
  dataSet: { code: string | null; name: string };
  period: { id: string; label: string };
  orgUnit: { id: string; code: string | null; name: string };
  status: ReportStatus;
  statusLabel: string;
  completedAt: number | null;
  dueOn: string;
  lastReturn: { comment: string; by: string; at: number } | null;
  lastRemindedAt: number | null;
  actions: WorkspaceAction[];
}

/** The statuses' labels in the caller's language. */
export function statusLabel(ctx: ServiceContext, s: ReportStatus): string {
  return REPORT_STATUS_LABELS[s][ctx.locale === 'en' ? 'en' : 'zh'];
}

/** The units a data set is assigned to that are open in the period. */
export function assignedUnits(index: MetadataIndex, ds: DataSetRow, p: Period): OrgUnitRow[] {
  const out: OrgUnitRow[] = [];
  for (const id of ds.orgUnitIds) {
    const u = index.orgUnits.byId.get(id);
    if (
      u &&
      (u.openingDate === null || u.openingDate <= p.endDate) &&
      (u.closedDate === null || u.closedDate > p.startDate)
    ) {
      out.push(u);
    }
  }
  return out.sort((a, b) => (a.code ?? a.uid).localeCompare(b.code ?? b.uid));
}

/** A period of the data set's type given by the caller, else the latest due one on the context's day. */
export function periodFor(ctx: ServiceContext, ds: DataSetRow, raw: string | undefined): Period {
  if (raw === undefined || raw === '') {
    return latestDuePeriod(ds.periodType, ds, ctx.today);
  }
  const p = parsePeriod(raw);
  if (p.type !== ds.periodType) {
    throw new AppError('HW_VALIDATION', {
      reason: msg('reason.wrongPeriodType', {
        period: raw,
        ds: ds.name,
        type: msg(`periodType.${ds.periodType}`),
      }),
    });
  }
  return p;
}

/** Whether the caller captures the level above a unit: who returns, accepts and reminds. */
export function capturesParent(ctx: ServiceContext, index: MetadataIndex, ou: OrgUnitRow): boolean {
  const parent = ou.parentId === null ? undefined : index.orgUnits.byId.get(ou.parentId);
  return parent !== undefined && allows(ctx, ScopeKind.CAPTURE, parent.path);
}

/**
 * The workspace rows of one data set and some periods at some units: one read per kind
 * (completions, approvals, returns, reminders) whatever the number of units.
 */
export async function formRows(
  store: Store,
  ctx: ServiceContext,
  can: Authorized,
  index: MetadataIndex,
  ds: DataSetRow,
  periods: readonly Period[],
  units: readonly OrgUnitRow[],
): Promise<WorkspaceRow[]> {
  if (periods.length === 0 || units.length === 0) {
    return [];
  }
  const ids = units.map((u) => u.id);
  const peIds = periods.map((p) => p.id);
  const [completed, approvals, returns, reminders] = await Promise.all([
    registrationTimes(store.db, ds.id, ids, peIds),
    listApprovals(store.db, { dataSetIds: [ds.id], periods: peIds }),
    listReturns(store.db, ds.id, peIds, ids),
    listReminders(store.db, ds.id, peIds, ids),
  ]);
  const key = (ou: number, pe: string): string => `${ou}|${pe}`;
  const approved = new Map(approvals.map((a) => [key(a.orgUnitId, a.period), a]));
  // Oldest first, so the last one written wins.
  const lastReturn = new Map(returns.map((r) => [key(r.orgUnitId, r.period), r]));
  const lastReminder = new Map(reminders.map((r) => [key(r.orgUnitId, r.period), r]));
  const approver = can('DATA_APPROVE');
  const rows: WorkspaceRow[] = [];
  for (const p of periods) {
    const window = reportingWindow(p, ds, ctx.today);
    const label = periodLabel(p, ctx.locale);
    for (const ou of units) {
      const k = key(ou.id, p.id);
      const completedAt = completed.get(k) ?? null;
      const a = approved.get(k);
      const ret = lastReturn.get(k);
      const status = reportStatus({
        completedAt,
        returnedAt: ret?.returnedAt ?? null,
        approved: a !== undefined,
        accepted: a !== undefined && a.acceptedBy !== null,
        window: window.state,
      });
      const above = approver && capturesParent(ctx, index, ou);
      const actions: WorkspaceAction[] = [];
      if (approver && status === ReportStatus.REPORTED && allows(ctx, ScopeKind.CAPTURE, ou.path)) {
        actions.push(WorkspaceAction.APPROVE);
      }
      if (above && status === ReportStatus.APPROVED) {
        actions.push(WorkspaceAction.ACCEPT);
      }
      if (above && status === ReportStatus.REPORTED) {
        actions.push(WorkspaceAction.RETURN);
      }
      if (above && UNREPORTED.has(status)) {
        actions.push(WorkspaceAction.REMIND);
      }
      rows.push({
        dataSet: { code: ds.code, name: ds.name },
        period: { id: p.id, label },
        orgUnit: { id: ou.uid, code: ou.code, name: ou.name },
        status,
        statusLabel: statusLabel(ctx, status),
        completedAt,
        dueOn: window.dueOn,
        lastReturn:
          status === ReportStatus.RETURNED && ret
            ? { comment: ret.comment, by: ret.returnedBy, at: ret.returnedAt }
            : null,
        lastRemindedAt: lastReminder.get(k)?.remindedAt ?? null,
        actions,
      });
    }
  }
  return rows;
}
