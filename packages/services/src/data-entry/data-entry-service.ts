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

export interface EntryFormRef {
  dataSet: string;
  orgUnit: string;
  period: string;
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

/** Whether a unit (by materialised path) is in the caller's scope; outside it the form is 403. */
export type ScopeCheck = (path: string) => boolean;

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

async function resolve(
  store: Store,
  ref: EntryFormRef,
  allow: ScopeCheck,
  verb: 'view' | 'capture',
): Promise<{ ds: DataSetRow; ou: OrgUnitRow; period: string }> {
  const { ds, ou, period } = await resolveFormRef(store, ref);
  if (!allow(ou.path)) {
    throw new AppError('HW_FORBIDDEN', {
      reason: msg('forbidden.outOfScope', { unit: ou.name, scope: msg(`scope.${verb}`) }),
    });
  }
  return { ds, ou, period: period.id };
}

/**
 * One data-entry form: the data set's elements with their disaggregations, the stored values of the
 * unit and period, and whether the form is marked complete. `allow` is the caller's view scope.
 */
export async function entryForm(store: Store, ref: EntryFormRef, allow: ScopeCheck): Promise<EntryForm> {
  const { ds, ou, period } = await resolve(store, ref, allow, 'view');
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

/** Marks a form complete or takes the completion back (`allow`: the capture scope); both are audited. */
export async function setFormComplete(
  store: Store,
  ref: EntryFormRef,
  complete: boolean,
  actor: string,
  allow: ScopeCheck,
): Promise<void> {
  const { ds, ou, period } = await resolve(store, ref, allow, 'capture');
  const key = { dataSetId: ds.id, orgUnitId: ou.id, period };
  await store.transaction(async (tx) => {
    if (complete) {
      await registerComplete(tx, key, actor);
    } else {
      await unregisterComplete(tx, key);
    }
    await logEvent(tx, {
      username: actor,
      action: complete ? 'dataset.complete' : 'dataset.incomplete',
      target: `${ds.code ?? ds.uid}/${ou.code ?? ou.uid}/${period}`,
    });
  });
}
