import {
  APPROVAL_STATE_LABELS,
  AppError,
  approvalRefusal,
  approvalState,
  isExpired,
  t,
  msg,
} from '@healthwatch/core';
import type { ApprovalAction, ApprovalRecord, ApprovalState } from '@healthwatch/core';
import {
  deleteApproval,
  insertApproval,
  listApprovals,
  listLockExceptions,
  lockDataSetsFor,
  logEvent,
  setApprovalAccepted,
} from '@healthwatch/store';
import type { DataSetRow, MetadataIndex, OrgUnitRow, Store } from '@healthwatch/store';
import { assertInScope, ScopeKind } from '../auth/access-scope.js';
import { accessScope, allows, enforcesExpiry } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';
import { resolveFormRef } from './data-entry-service.js';

export interface ApprovalRef {
  dataSet: string;
  orgUnit: string;
  period: string;
}

/** One move of the approval workflow on a form; unapproving needs a reason. */
export interface ApprovalChange extends ApprovalRef {
  action: ApprovalAction;
  reason?: string | undefined;
}

export interface ApprovalView {
  dataSet: { id: string; code: string | null; name: string };
  orgUnit: { id: string; code: string | null; name: string; level: number };
  period: string;
  state: ApprovalState;
  stateName: string;
  approval: {
    level: number;
    approvedBy: string;
    approvedAt: number;
    acceptedBy: string | null;
    acceptedAt: number | null;
  } | null;
  /** The units directly below that take part, with their state (what the level waits for). */
  children: { orgUnit: string; name: string; state: ApprovalState; stateName: string }[];
  /** Why values of this form cannot be edited now, if they cannot. */
  locked: { by: 'approved' | 'expired'; message: string } | null;
}

interface Resolved {
  index: MetadataIndex;
  ds: DataSetRow;
  ou: OrgUnitRow;
  period: string;
  startDate: string;
  endDate: string;
}

async function resolve(store: Store, ref: ApprovalRef): Promise<Resolved> {
  const { index, ds, ou, period } = await resolveFormRef(store, ref);
  return { index, ds, ou, period: period.id, startDate: period.startDate, endDate: period.endDate };
}

/** Units directly below `ou` whose subtree has a unit the data set is assigned to and open in the period. */
function participatingChildren(
  r: Pick<Resolved, 'index' | 'ds' | 'startDate' | 'endDate'>,
  ou: OrgUnitRow,
): OrgUnitRow[] {
  const { index, ds } = r;
  const taking = new Set<number>();
  for (const id of ds.orgUnitIds) {
    const u = index.orgUnits.byId.get(id);
    if (
      !u ||
      (u.openingDate !== null && u.openingDate > r.endDate) ||
      (u.closedDate !== null && u.closedDate <= r.startDate)
    ) {
      continue;
    }
    taking.add(id);
    for (const a of index.ancestorIds(id)) {
      taking.add(a);
    }
  }
  return [...index.orgUnits.byId.values()]
    .filter((u) => u.parentId === ou.id && taking.has(u.id))
    .sort((a, b) => (a.code ?? a.uid).localeCompare(b.code ?? b.uid));
}

function stateOf(r: Resolved, ou: OrgUnitRow, approvals: ReadonlyMap<number, ApprovalRecord>): ApprovalState {
  return approvalState(
    ou.id,
    r.index.ancestorIds(ou.id),
    participatingChildren(r, ou).map((c) => c.id),
    approvals,
  );
}

async function approvalsOf(
  db: Store['db'],
  ds: DataSetRow,
  period: string,
): Promise<
  Map<
    number,
    ApprovalRecord & {
      level: number;
      approvedBy: string;
      approvedAt: number;
      acceptedBy: string | null;
      acceptedAt: number | null;
    }
  >
> {
  return new Map(
    (await listApprovals(db, { dataSetIds: [ds.id], periods: [period] })).map((a) => [
      a.orgUnitId,
      { ...a, accepted: a.acceptedBy !== null },
    ]),
  );
}

/**
 * The approval state of a data set for a unit (in the view scope) and period, the states of the
 * units below it, and whether the form is locked for the caller on the context's day (expiry days
 * count only for callers without the right to edit expired data).
 */
export async function approvalView(
  store: Store,
  ctx: ServiceContext,
  ref: ApprovalRef,
): Promise<ApprovalView> {
  const r = await resolve(store, ref);
  const { index, ds, ou, period, endDate } = r;
  assertInScope(accessScope(ctx), ScopeKind.VIEW, ou);
  const approvals = await approvalsOf(store.db, ds, period);
  const label = (s: ApprovalState): string => APPROVAL_STATE_LABELS[s][ctx.locale === 'en' ? 'en' : 'zh'];
  const state = stateOf(r, ou, approvals);
  const here = approvals.get(ou.id);
  let locked: ApprovalView['locked'] = null;
  const approvedAt = [ou.id, ...index.ancestorIds(ou.id)].filter((id) => approvals.has(id)).at(-1);
  if (approvedAt !== undefined) {
    locked = {
      by: 'approved',
      message: t(ctx.locale, 'conflict.approved', {
        ds: ds.name,
        period,
        unit: index.orgUnits.byId.get(approvedAt)?.name ?? '',
      }),
    };
  } else if (enforcesExpiry(ctx) && isExpired(endDate, ds.expiryDays, ctx.today)) {
    const chain = new Set([ou.id, ...index.ancestorIds(ou.id)]);
    const excepted = (await listLockExceptions(store.db, { dataSetIds: [ds.id] })).some(
      (e) => e.period === period && chain.has(e.orgUnitId),
    );
    if (!excepted) {
      locked = {
        by: 'expired',
        message: t(ctx.locale, 'conflict.expired', { ds: ds.name, period, days: ds.expiryDays }),
      };
    }
  }
  return {
    dataSet: { id: ds.uid, code: ds.code, name: ds.name },
    orgUnit: { id: ou.uid, code: ou.code, name: ou.name, level: ou.level },
    period,
    state,
    stateName: label(state),
    approval: here
      ? {
          level: here.level,
          approvedBy: here.approvedBy,
          approvedAt: here.approvedAt,
          acceptedBy: here.acceptedBy,
          acceptedAt: here.acceptedAt,
        }
      : null,
    children: participatingChildren(r, ou).map((c) => {
      const s = stateOf(r, c, approvals);
      return { orgUnit: c.code ?? c.uid, name: c.name, state: s, stateName: label(s) };
    }),
    locked,
  };
}

/**
 * Approves, unapproves (with a reason), accepts or un-accepts. Approve and unapprove act at a unit
 * in the caller's capture scope; accept and un-accept are the level above acting on the unit's
 * approval, so the caller must capture the unit's parent. Serialised with edits of the data set
 * and audited.
 */
export async function changeApproval(
  store: Store,
  ctx: ServiceContext,
  change: ApprovalChange,
): Promise<void> {
  const { action } = change;
  const r = await resolve(store, change);
  const { index, ds, ou, period } = r;
  const parent = ou.parentId === null ? undefined : index.orgUnits.byId.get(ou.parentId);
  const actingAt = action === 'accept' || action === 'unaccept' ? parent : ou;
  if (!actingAt || !allows(ctx, ScopeKind.CAPTURE, actingAt.path)) {
    throw new AppError('HW_FORBIDDEN', {
      reason:
        action === 'accept' || action === 'unaccept'
          ? msg('approval.onlyParent', { unit: ou.name, action: msg(`approval.action.${action}`) })
          : msg('forbidden.outOfScope', { unit: ou.name, scope: msg('scope.capture') }),
    });
  }
  const reason = change.reason?.trim() ?? '';
  if (action === 'unapprove' && reason === '') {
    // The message says it all: a detail repeating it under the field's name ("reason") would only leak that name.
    throw new AppError('HW_VALIDATION', { reason: msg('approval.reasonRequired') });
  }
  const key = { dataSetId: ds.id, orgUnitId: ou.id, period };
  await store.transaction(async (tx) => {
    await lockDataSetsFor(tx, store, 'approval', [ds.id]);
    const approvals = await approvalsOf(tx, ds, period);
    const state = stateOf(r, ou, approvals);
    const refusal = approvalRefusal(action, state, parent !== undefined && approvals.has(parent.id));
    if (refusal) {
      const pending = participatingChildren(r, ou)
        .filter((c) => !approvals.has(c.id))
        .map((c) => c.name);
      throw new AppError('HW_APPROVAL', {
        reason: msg(refusal, {
          pending: pending.slice(0, 5),
          more: pending.length > 5 ? msg('approval.andMore', { count: pending.length }) : '',
        }),
      });
    }
    switch (action) {
      case 'approve':
        await insertApproval(tx, key, ou.level, ctx.actor);
        break;
      case 'unapprove':
        await deleteApproval(tx, key);
        break;
      case 'accept':
        await setApprovalAccepted(tx, key, ctx.actor);
        break;
      case 'unaccept':
        await setApprovalAccepted(tx, key, null);
        break;
    }
    await logEvent(tx, {
      username: ctx.actor,
      action: `approval.${action}`,
      target: `${ds.code ?? ds.uid}/${ou.code ?? ou.uid}/${period}`,
      detail: reason || null,
    });
  });
}
