import { AppError, msg, parsePeriod } from '@healthwatch/core';
import type { Locale } from '@healthwatch/core';
import type { ServiceContext } from '../service-context.js';
import { PeriodIds, loadMetadataIndex, streamValues } from '@healthwatch/store';
import type { Store, ValueRow, ValueStatus } from '@healthwatch/store';
import { importRawValues } from '../data-import/import-data.js';
import type { ImportSummary } from '../data-import/import-summary.js';
import type { RawValue } from '../data-import/raw-values.js';
import { fieldLabel } from '@healthwatch/core';

export interface ValueRef {
  dataElement: string;
  orgUnit: string;
  period: string;
  categoryOptionCombo?: string | undefined;
  attributeOptionCombo?: string | undefined;
}

export interface ValueInput extends ValueRef {
  value?: string | undefined;
  comment?: string | undefined;
  followUp?: boolean | undefined;
  source?: string | undefined;
  status?: ValueStatus | undefined;
}

function raw(v: ValueInput, deleted: boolean): RawValue {
  const fields: RawValue['fields'] = {
    dataElement: v.dataElement,
    orgUnit: v.orgUnit,
    period: v.period,
  };
  const put = (k: keyof RawValue['fields'], s: string | undefined): void => {
    if (s !== undefined && s !== '') {
      fields[k] = s;
    }
  };
  put('categoryOptionCombo', v.categoryOptionCombo);
  put('attributeOptionCombo', v.attributeOptionCombo);
  put('value', v.value);
  put('comment', v.comment);
  put('followUp', v.followUp === undefined ? undefined : String(v.followUp));
  put('source', v.source);
  put('status', v.status);
  if (deleted) {
    fields.deleted = 'true';
  }
  return { row: 1, fields, problems: [] };
}

function rejectOnConflict(s: ImportSummary, locale: Locale): ImportSummary {
  const lock = s.conflicts.find((c) => c.locked);
  if (s.status === 'ERROR' && lock) {
    // Approved or closed: not a wrong value, so its own code (409) and the message that says how to reopen.
    throw new AppError(
      'HW_LOCKED',
      { reason: lock.message },
      { details: [{ path: fieldLabel(locale, lock.field), message: lock.message }], data: s },
    );
  }
  if (s.status === 'ERROR') {
    throw new AppError(
      'HW_VALUE_INVALID',
      { reason: s.conflicts.map((c) => c.message).join('；') },
      {
        details: s.conflicts.map((c) => ({ path: fieldLabel(locale, c.field), message: c.message })),
        data: s,
      },
    );
  }
  return s;
}

/**
 * Sets one value (a data-entry save or a correction). It goes through exactly the same checks,
 * audit and status rules as a file import of one row.
 */
export async function setValue(store: Store, ctx: ServiceContext, v: ValueInput): Promise<ImportSummary> {
  if (v.value === undefined || v.value.trim() === '') {
    throw new AppError('HW_VALUE_INVALID', { reason: msg('reason.valueRequired') });
  }
  const s = await importRawValues(store, ctx, () => [raw(v, false)], ONE_VALUE);
  return rejectOnConflict(s, ctx.locale);
}

/** A one-row import, made as the context may make it (its actor, capture scope, expiry locks and day). */
const ONE_VALUE = { fileName: null, formatName: 'api' } as const;

/** Soft-deletes one value (kept in history; the audit log records the deletion). */
export async function deleteValue(store: Store, ctx: ServiceContext, v: ValueRef): Promise<ImportSummary> {
  const s = await importRawValues(store, ctx, () => [raw(v, true)], ONE_VALUE);
  return rejectOnConflict(s, ctx.locale);
}

async function keyIds(
  store: Store,
  v: ValueRef,
): Promise<{ deId: number; ouId: number; peId: number | undefined }> {
  const index = await loadMetadataIndex(store.db);
  const de = index.findDataElement(v.dataElement);
  if (!de) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataElement'), id: v.dataElement });
  }
  const ou = index.findOrgUnit(v.orgUnit);
  if (!ou || ou === 'ambiguous') {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: v.orgUnit });
  }
  const p = parsePeriod(v.period);
  const peId = (await PeriodIds.lookup(store.db, [p.id])).get(p.id);
  return { deId: de.id, ouId: ou.id, peId };
}

/** The stored values (every disaggregation) of one element, unit and period. */
export async function getValues(store: Store, v: ValueRef): Promise<ValueRow[]> {
  const { deId, ouId, peId } = await keyIds(store, v);
  if (peId === undefined) {
    return [];
  }
  const out: ValueRow[] = [];
  for await (const r of streamValues(store.db, { deIds: [deId], ouIds: [ouId], peIds: [peId] })) {
    if (
      !v.categoryOptionCombo ||
      r.categoryOptionCombo === v.categoryOptionCombo ||
      r.categoryOptionComboName === v.categoryOptionCombo
    ) {
      out.push(r);
    }
  }
  return out;
}
