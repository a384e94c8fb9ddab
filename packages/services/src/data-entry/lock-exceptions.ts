import { AppError, msg } from '@healthwatch/core';
import {
  cachedMetadataIndex,
  deleteLockException,
  insertLockException,
  listLockExceptions,
  logEvent,
} from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import type { ServiceContext } from '../service-context.js';
import type { ApprovalRef } from './approval-service.js';
import { resolveFormRef } from './data-entry-service.js';

/** A form's period re-opened for its unit and the units below, and why. */
export interface LockExceptionGrant extends ApprovalRef {
  reason: string;
}

export interface LockExceptionView {
  id: number;
  dataSet: string;
  dataSetName: string;
  orgUnit: string;
  orgUnitName: string;
  period: string;
  reason: string;
  grantedBy: string;
  grantedAt: number;
}

/** Re-opens an expired period of a data set for a unit and the units below it (administrators; audited). */
export async function grantLockException(
  store: Store,
  ctx: ServiceContext,
  grant: LockExceptionGrant,
): Promise<void> {
  const { ds, ou, period: p } = await resolveFormRef(store, grant);
  const reason = grant.reason;
  if (reason.trim() === '') {
    // The message says it all: a detail under the field's name ("reason") would only leak that name.
    throw new AppError('HW_VALIDATION', { reason: msg('reason.exceptionReasonRequired') });
  }
  await store.transaction(async (tx) => {
    await insertLockException(
      tx,
      { dataSetId: ds.id, orgUnitId: ou.id, period: p.id },
      reason.trim(),
      ctx.actor,
    );
    await logEvent(tx, {
      username: ctx.actor,
      action: 'lock.exception.grant',
      target: `${ds.code ?? ds.uid}/${ou.code ?? ou.uid}/${p.id}`,
      detail: reason.trim(),
    });
  });
}

export async function listLockExceptionViews(store: Store): Promise<LockExceptionView[]> {
  const index = await cachedMetadataIndex(store);
  return (await listLockExceptions(store.db)).map((e) => {
    const ds = index.dataSets.byId.get(e.dataSetId);
    const ou = index.orgUnits.byId.get(e.orgUnitId);
    return {
      id: e.id,
      dataSet: ds?.code ?? ds?.uid ?? '',
      dataSetName: ds?.name ?? '',
      orgUnit: ou?.code ?? ou?.uid ?? '',
      orgUnitName: ou?.name ?? '',
      period: e.period,
      reason: e.reason,
      grantedBy: e.grantedBy,
      grantedAt: e.grantedAt,
    };
  });
}

export async function revokeLockException(store: Store, ctx: ServiceContext, id: number): Promise<void> {
  await store.transaction(async (tx) => {
    const gone = await deleteLockException(tx, id);
    if (!gone) {
      throw new AppError('HW_NOT_FOUND', { kind: msg('kind.lockException'), id: String(id) });
    }
    await logEvent(tx, {
      username: ctx.actor,
      action: 'lock.exception.revoke',
      target: `${gone.dataSetId}/${gone.orgUnitId}/${gone.period}`,
    });
  });
}
