import { AppError, msg, parsePeriod, reportablePeriods } from '@healthwatch/core';
import type { ReportStatus as Status } from '@healthwatch/core';
import { cachedMetadataIndex } from '@healthwatch/store';
import type { DataSetRow, Store } from '@healthwatch/store';
import { ScopeKind, unitInScope } from '../auth/access-scope.js';
import { accessScope, allows } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';
import { assignedUnits, everyAuthority, formRows, periodFor, UNREPORTED } from './workspace-forms.js';
import type { Authorized, WorkspaceRow } from './workspace-forms.js';

export interface WorkspaceQuery {
  dataSet?: string | undefined;
  period?: string | undefined;
  status?: Status | undefined;
  /** A unit in the view scope: it and everything below it. */
  orgUnit?: string | undefined;
}

/**
 * The reporting workspace: data set × period × unit for the units each data set is assigned to in
 * the caller's view scope, with each form's status and what the caller may do on it. Without a
 * period each data set shows its latest due period on the context's day.
 */
export async function listWorkspace(
  store: Store,
  ctx: ServiceContext,
  q: WorkspaceQuery,
  can: Authorized = everyAuthority,
): Promise<WorkspaceRow[]> {
  const index = await cachedMetadataIndex(store);
  let sets: DataSetRow[];
  if (q.dataSet !== undefined && q.dataSet !== '') {
    const ds = index.dataSets.find(q.dataSet);
    if (!ds) {
      throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataSet'), id: q.dataSet });
    }
    sets = [ds];
  } else {
    sets = [...index.dataSets.byId.values()].sort((a, b) => (a.code ?? a.uid).localeCompare(b.code ?? b.uid));
  }
  const under =
    q.orgUnit !== undefined && q.orgUnit !== ''
      ? unitInScope(accessScope(ctx), ScopeKind.VIEW, index, q.orgUnit)
      : undefined;
  const rows: WorkspaceRow[] = [];
  for (const ds of sets) {
    // A period of another type than the set's only narrows a listing of every set, so it skips the set.
    if (sets.length > 1 && q.period && !periodMatches(ds, q.period)) {
      continue;
    }
    const p = periodFor(ctx, ds, q.period);
    const units = assignedUnits(index, ds, p).filter(
      (u) => allows(ctx, ScopeKind.VIEW, u.path) && (!under || u.path.startsWith(under.path)),
    );
    rows.push(...(await formRows(store, ctx, can, index, ds, [p], units)));
  }
  return q.status ? rows.filter((r) => r.status === q.status) : rows;
}

function periodMatches(ds: DataSetRow, raw: string): boolean {
  return parsePeriod(raw).type === ds.periodType;
}

/** How many open periods back a clerk's list looks (older open periods are rare and still reachable by period). */
const MY_PERIODS = 12;

/**
 * A clerk's list: the forms of their own units (the capture scope) that are due, overdue or
 * returned with a 审核意见, newest period first.
 */
export async function myReports(
  store: Store,
  ctx: ServiceContext,
  can: Authorized = everyAuthority,
): Promise<WorkspaceRow[]> {
  const index = await cachedMetadataIndex(store);
  const rows: WorkspaceRow[] = [];
  const sets = [...index.dataSets.byId.values()].sort((a, b) =>
    (a.code ?? a.uid).localeCompare(b.code ?? b.uid),
  );
  for (const ds of sets) {
    const periods = reportablePeriods(ds.periodType, ds, ctx.today, MY_PERIODS);
    const first = periods[0];
    if (!first) {
      continue;
    }
    const units = assignedUnits(index, ds, first).filter((u) => allows(ctx, ScopeKind.CAPTURE, u.path));
    rows.push(...(await formRows(store, ctx, can, index, ds, periods, units)));
  }
  // Reportable periods have opened, so 未报 there means due now.
  return rows.filter((r) => UNREPORTED.has(r.status));
}
