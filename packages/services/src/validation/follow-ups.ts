import { AppError, msg } from '@healthwatch/core';
import { cachedMetadataIndex, streamValues } from '@healthwatch/store';
import type { Store, ValueRow } from '@healthwatch/store';
import { getValues, setValue } from '../data-values/value-service.js';
import type { ServiceContext } from '../service-context.js';

export interface FollowUpRef {
  dataElement: string;
  orgUnit: string;
  period: string;
  categoryOptionCombo?: string | undefined;
}

/**
 * Flags a stored value for follow-up, or clears the flag once checked, with a comment; the value
 * itself is unchanged and the change is audited. It rewrites the stored comment and flag, so the
 * same locks hold as for a data change: an approval always, expiry days for users without the
 * right to edit expired data (a lock exception reopens the period for both).
 */
export async function setFollowUp(
  store: Store,
  ctx: ServiceContext,
  ref: FollowUpRef,
  followUp: boolean,
  comment: string | undefined,
): Promise<ValueRow> {
  const current = (await getValues(store, ref)).filter((v) => !v.deleted);
  const v = current[0];
  if (!v || current.length > 1 || v.value === null) {
    throw new AppError(
      current.length > 1 ? 'HW_VALIDATION' : 'HW_NOT_FOUND',
      current.length > 1
        ? { reason: msg('reason.cocRequired') }
        : { kind: msg('kind.dataValue'), id: `${ref.dataElement}/${ref.orgUnit}/${ref.period}` },
    );
  }
  await setValue(store, ctx, {
    ...ref,
    categoryOptionCombo: v.categoryOptionCombo,
    value: v.value,
    followUp,
    comment: comment ?? undefined,
  });
  const [after] = await getValues(store, { ...ref, categoryOptionCombo: v.categoryOptionCombo });
  return after ?? v;
}

/** Values flagged for follow-up under an org unit (newest change first). */
export async function listFollowUps(
  store: Store,
  o: { orgUnit: string; limit?: number },
): Promise<ValueRow[]> {
  const index = await cachedMetadataIndex(store);
  const ou = index.findOrgUnit(o.orgUnit);
  if (!ou || ou === 'ambiguous') {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: o.orgUnit });
  }
  const out: ValueRow[] = [];
  for await (const r of streamValues(store.db, { ouPathPrefixes: [ou.path], followUpOnly: true })) {
    out.push(r);
  }
  return out.sort((a, b) => b.lastUpdated - a.lastUpdated).slice(0, o.limit ?? 500);
}
