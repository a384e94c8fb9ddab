import { AppError, msg, parsePeriod } from '@healthwatch/core';
import type { Period } from '@healthwatch/core';
import {
  cachedMetadataIndex,
  findRegistration,
  logEvent,
  PeriodIds,
  registerComplete,
  streamValues,
  unregisterComplete,
} from '@healthwatch/store';
import type { DataSetRow, MetadataIndex, OrgUnitRow, Store } from '@healthwatch/store';
import { assertInScope, ScopeKind } from '../auth/access-scope.js';
import { accessScope } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';

export interface EntryFormRef {
  dataSet: string;
  orgUnit: string;
  period: string;
}

/** A form marked complete (`true`) or its completion taken back (`false`). */
export interface CompletionChange extends EntryFormRef {
  complete: boolean;
}

export interface EntryForm {
  dataSet: { id: string; code: string | null; name: string; periodType: string; expiryDays: number };
  orgUnit: { id: string; code: string | null; name: string };
  period: string;
  /** Whether the data set is assigned to the unit (values for an unassigned unit are refused on save). */
  assigned: boolean;
  elements: {
    id: string;
    code: string | null;
    name: string;
    valueType: string;
    combos: { id: string; name: string }[];
  }[];
  values: {
    dataElement: string;
    categoryOptionCombo: string;
    value: string | null;
    comment: string | null;
    followUp: boolean;
    storedBy: string;
    lastUpdated: number;
  }[];
  complete: { by: string; at: number } | null;
}

export interface ResolvedFormRef {
  index: MetadataIndex;
  ds: DataSetRow;
  ou: OrgUnitRow;
  period: Period;
}

/**
 * A data set, org unit and period of the set's type, each looked up or refused by name: the key of
 * a form, its completion, its approval and its lock exceptions.
 */
export async function resolveFormRef(store: Store, ref: EntryFormRef): Promise<ResolvedFormRef> {
  const index = await cachedMetadataIndex(store);
  const ds = index.dataSets.find(ref.dataSet);
  if (!ds) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataSet'), id: ref.dataSet });
  }
  const ou = index.findOrgUnit(ref.orgUnit);
  if (!ou || ou === 'ambiguous') {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: ref.orgUnit });
  }
  const period = parsePeriod(ref.period);
  if (period.type !== ds.periodType) {
    throw new AppError('HW_VALIDATION', {
      reason: msg('reason.wrongPeriodType', {
        period: ref.period,
        ds: ds.name,
        type: msg(`periodType.${ds.periodType}`),
      }),
    });
  }
  return { index, ds, ou, period };
}

/** The form's key, its unit within the context's scope of that kind (403 outside it). */
async function resolve(
  store: Store,
  ctx: ServiceContext,
  ref: EntryFormRef,
  kind: ScopeKind,
): Promise<{ ds: DataSetRow; ou: OrgUnitRow; period: string }> {
  const { ds, ou, period } = await resolveFormRef(store, ref);
  assertInScope(accessScope(ctx), kind, ou);
  return { ds, ou, period: period.id };
}

/**
 * One data-entry form: the data set's elements with their disaggregations, the stored values of the
 * unit and period, and whether the form is marked complete. The unit must be in the view scope.
 */
export async function entryForm(store: Store, ctx: ServiceContext, ref: EntryFormRef): Promise<EntryForm> {
  const { ds, ou, period } = await resolve(store, ctx, ref, ScopeKind.VIEW);
  const index = await cachedMetadataIndex(store);
  const elements = [...ds.elementIds]
    .map((id) => index.dataElements.byId.get(id))
    .filter((d) => d !== undefined)
    .map((d) => ({
      id: d.uid,
      code: d.code,
      name: d.name,
      valueType: d.valueType,
      combos: (index.cocsByCombo.get(d.comboId) ?? []).map((c) => ({ id: c.uid, name: c.name })),
    }));
  const values: EntryForm['values'] = [];
  const peId = (await PeriodIds.lookup(store.db, [period])).get(period);
  if (peId !== undefined && ds.elementIds.size > 0) {
    for await (const r of streamValues(store.db, {
      deIds: [...ds.elementIds],
      ouIds: [ou.id],
      peIds: [peId],
    })) {
      if (!r.deleted) {
        values.push({
          dataElement: r.dataElement,
          categoryOptionCombo: r.categoryOptionCombo,
          value: r.value,
          comment: r.comment,
          followUp: r.followUp,
          storedBy: r.storedBy,
          lastUpdated: r.lastUpdated,
        });
      }
    }
  }
  const reg = await findRegistration(store.db, { dataSetId: ds.id, orgUnitId: ou.id, period });
  return {
    dataSet: {
      id: ds.uid,
      code: ds.code,
      name: ds.name,
      periodType: ds.periodType,
      expiryDays: ds.expiryDays,
    },
    orgUnit: { id: ou.uid, code: ou.code, name: ou.name },
    period,
    assigned: ds.orgUnitIds.has(ou.id),
    elements,
    values,
    complete: reg ? { by: reg.completedBy, at: reg.completedAt } : null,
  };
}

/** Marks a form of a unit in the capture scope complete or takes the completion back; both are audited. */
export async function setFormComplete(
  store: Store,
  ctx: ServiceContext,
  change: CompletionChange,
): Promise<void> {
  const { ds, ou, period } = await resolve(store, ctx, change, ScopeKind.CAPTURE);
  const key = { dataSetId: ds.id, orgUnitId: ou.id, period };
  await store.transaction(async (tx) => {
    if (change.complete) {
      await registerComplete(tx, key, ctx.actor);
    } else {
      await unregisterComplete(tx, key);
    }
    await logEvent(tx, {
      username: ctx.actor,
      action: change.complete ? 'dataset.complete' : 'dataset.incomplete',
      target: `${ds.code ?? ds.uid}/${ou.code ?? ou.uid}/${period}`,
    });
  });
}
