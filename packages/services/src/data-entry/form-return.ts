import { AppError, msg } from '@healthwatch/core';
import {
  findRegistration,
  insertReturn,
  listApprovals,
  lockDataSetsFor,
  logEvent,
  unregisterComplete,
} from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { assertInScope, outOfScopeError, ScopeKind } from '../auth/access-scope.js';
import { accessScope } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';
import { resolveFormRef } from './data-entry-service.js';
import { capturesParent } from './workspace-forms.js';

export interface FormReturn {
  dataSet: string;
  orgUnit: string;
  period: string;
  /** The 审核意见: why the form goes back to the clerk. */
  comment: string;
}

/** The longest 审核意见 (the database refuses longer ones too). */
export const RETURN_COMMENT_MAX = 500;

/**
 * Sends a completed, unapproved form back to its unit with a 审核意见: the level above (a caller
 * capturing the unit's parent) records the return and takes the completion back in one
 * transaction, so the clerk can edit again and sees 退回 with the comment until completing again.
 */
export async function returnForm(store: Store, ctx: ServiceContext, input: FormReturn): Promise<void> {
  const { index, ds, ou, period } = await resolveFormRef(store, input);
  assertInScope(accessScope(ctx), ScopeKind.VIEW, ou);
  if (!capturesParent(ctx, index, ou)) {
    throw outOfScopeError(ou, ScopeKind.CAPTURE);
  }
  const comment = input.comment.trim();
  if (comment === '' || [...comment].length > RETURN_COMMENT_MAX) {
    throw new AppError('HW_VALIDATION', {
      reason: msg('workspace.commentRequired', { max: RETURN_COMMENT_MAX }),
    });
  }
  const key = { dataSetId: ds.id, orgUnitId: ou.id, period: period.id };
  const target = `${ds.code ?? ds.uid}/${ou.code ?? ou.uid}/${period.id}`;
  await store.transaction(async (tx) => {
    // Serialised with approvals and edits of the set, so the checks below still hold at the write.
    await lockDataSetsFor(tx, store, 'approval', [ds.id]);
    const approved = (await listApprovals(tx, { dataSetIds: [ds.id], periods: [period.id] })).some(
      (a) => a.orgUnitId === ou.id,
    );
    if (approved) {
      throw new AppError('HW_CONFLICT', { reason: msg('workspace.returnApproved', { unit: ou.name }) });
    }
    if (!(await findRegistration(tx, key))) {
      throw new AppError('HW_CONFLICT', { reason: msg('workspace.returnNotComplete', { unit: ou.name }) });
    }
    await insertReturn(tx, key, comment, ctx.actor, Date.now());
    await unregisterComplete(tx, key);
    await logEvent(tx, { username: ctx.actor, action: 'dataset.return', target, detail: comment });
  });
}
