import { AppError, msg, t } from '@healthwatch/core';
import { cachedMetadataIndex, insertReminders, logEvent, orgUnitContacts } from '@healthwatch/store';
import type { DataSetRow, MetadataIndex, OrgUnitRow, Store } from '@healthwatch/store';
import { assertInScope, outOfScopeError, ScopeKind } from '../auth/access-scope.js';
import { tableFile } from '../data-export/table-file.js';
import { accessScope, allows } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';
import {
  assignedUnits,
  capturesParent,
  everyAuthority,
  formRows,
  periodFor,
  UNREPORTED,
} from './workspace-forms.js';
import type { WorkspaceRow } from './workspace-forms.js';

export interface ReminderRequest {
  dataSet: string;
  period?: string | undefined;
  /** Units to remind (each in scope); without them every unit not yet reported that the caller oversees. */
  orgUnits?: readonly string[] | undefined;
}

/** Where reminders go besides the record: the deployment's webhook (HEALTHWATCH_NOTIFY_WEBHOOK), if any. */
export interface ReminderNotifier {
  webhookUrl?: string | undefined;
}

export const ReminderDelivery = { SENT: 'sent', FAILED: 'failed', NOT_CONFIGURED: 'not_configured' } as const;
export type ReminderDelivery = (typeof ReminderDelivery)[keyof typeof ReminderDelivery];

export interface ReminderResult {
  dataSet: { code: string | null; name: string };
  period: string;
  units: { id: string; code: string | null; name: string }[];
  delivery: ReminderDelivery;
  deliveryDetail: string | null;
}

export interface ReminderListRow extends WorkspaceRow {
  contactPerson: string | null;
  contactPhone: string | null;
}

/** How long the webhook may take: a slow receiver must not hold the request. */
const WEBHOOK_TIMEOUT_MS = 3000;

async function resolveSet(store: Store, ref: string): Promise<{ index: MetadataIndex; ds: DataSetRow }> {
  const index = await cachedMetadataIndex(store);
  const ds = index.dataSets.find(ref);
  if (!ds) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataSet'), id: ref });
  }
  return { index, ds };
}

/** The assigned units in the view scope the caller oversees (captures the parent of). */
function overseen(ctx: ServiceContext, index: MetadataIndex, units: OrgUnitRow[]): OrgUnitRow[] {
  return units.filter((u) => allows(ctx, ScopeKind.VIEW, u.path) && capturesParent(ctx, index, u));
}

/**
 * Records a reminder (催报) for every unit of the request not yet reported (未报, 逾期, 退回) and
 * posts one JSON payload to the webhook when one is configured. A failed delivery is recorded on
 * the rows and never thrown: the record of who was reminded matters more than the message.
 */
export async function remind(
  store: Store,
  ctx: ServiceContext,
  req: ReminderRequest,
  notifier: ReminderNotifier = {},
): Promise<ReminderResult> {
  const { index, ds } = await resolveSet(store, req.dataSet);
  const p = periodFor(ctx, ds, req.period);
  let units: OrgUnitRow[];
  if (req.orgUnits && req.orgUnits.length > 0) {
    units = req.orgUnits.map((ref) => {
      const ou = index.findOrgUnit(ref);
      if (!ou || ou === 'ambiguous') {
        throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: ref });
      }
      assertInScope(accessScope(ctx), ScopeKind.VIEW, ou);
      if (!capturesParent(ctx, index, ou)) {
        throw outOfScopeError(ou, ScopeKind.CAPTURE);
      }
      return ou;
    });
    const assigned = new Set(ds.orgUnitIds);
    units = units.filter((u) => assigned.has(u.id));
  } else {
    units = overseen(ctx, index, assignedUnits(index, ds, p));
  }
  const rows = await formRows(store, ctx, everyAuthority, index, ds, [p], units);
  const due = new Set(rows.filter((r) => UNREPORTED.has(r.status)).map((r) => r.orgUnit.id));
  const targets = units.filter((u) => due.has(u.uid));
  const result: ReminderResult = {
    dataSet: { code: ds.code, name: ds.name },
    period: p.id,
    units: targets.map((u) => ({ id: u.uid, code: u.code, name: u.name })),
    delivery: ReminderDelivery.NOT_CONFIGURED,
    deliveryDetail: null,
  };
  if (targets.length === 0) {
    return result;
  }
  const at = Date.now();
  if (notifier.webhookUrl) {
    const contacts = await orgUnitContacts(
      store.db,
      targets.map((u) => u.id),
    );
    const payload = {
      event: 'report.reminder',
      dataSet: { code: ds.code, name: ds.name },
      period: p.id,
      units: targets.map((u) => ({
        code: u.code,
        name: u.name,
        contactPerson: contacts.get(u.id)?.contactPerson ?? null,
        contactPhone: contacts.get(u.id)?.contactPhone ?? null,
      })),
      by: ctx.actor,
      at: new Date(at).toISOString(),
    };
    const sent = await postWebhook(notifier.webhookUrl, payload);
    result.delivery = sent.delivery;
    result.deliveryDetail = sent.detail;
  }
  await store.transaction(async (tx) => {
    await insertReminders(
      tx,
      targets.map((u) => ({
        dataSetId: ds.id,
        orgUnitId: u.id,
        period: p.id,
        remindedBy: ctx.actor,
        remindedAt: at,
        channel: notifier.webhookUrl ? 'webhook' : 'record',
        delivery: result.delivery,
        deliveryDetail: result.deliveryDetail,
      })),
    );
    await logEvent(tx, {
      username: ctx.actor,
      action: 'dataset.remind',
      target: `${ds.code ?? ds.uid}/${p.id}`,
      detail: `${targets.length} ${result.delivery}`,
    });
  });
  return result;
}

async function postWebhook(
  url: string,
  payload: unknown,
): Promise<{ delivery: ReminderDelivery; detail: string | null }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.ok
      ? { delivery: ReminderDelivery.SENT, detail: null }
      : { delivery: ReminderDelivery.FAILED, detail: `HTTP ${res.status}` };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return {
      delivery: ReminderDelivery.FAILED,
      detail: (err.cause?.code ?? err.name ?? 'error').slice(0, 200),
    };
  }
}

/** The 催报 list: the units of the data set and period not yet reported in the view scope, with contacts. */
export async function reminderList(
  store: Store,
  ctx: ServiceContext,
  q: { dataSet: string; period?: string | undefined },
): Promise<ReminderListRow[]> {
  const { index, ds } = await resolveSet(store, q.dataSet);
  const p = periodFor(ctx, ds, q.period);
  const units = assignedUnits(index, ds, p).filter((u) => allows(ctx, ScopeKind.VIEW, u.path));
  const rows = (await formRows(store, ctx, everyAuthority, index, ds, [p], units)).filter((r) =>
    UNREPORTED.has(r.status),
  );
  const byUid = new Map(units.map((u) => [u.uid, u.id]));
  const contacts = await orgUnitContacts(
    store.db,
    rows.map((r) => byUid.get(r.orgUnit.id) ?? 0),
  );
  return rows.map((r) => {
    const c = contacts.get(byUid.get(r.orgUnit.id) ?? 0);
    return { ...r, contactPerson: c?.contactPerson ?? null, contactPhone: c?.contactPhone ?? null };
  });
}

/** The 催报 list as a spreadsheet with Chinese (or English) headers. */
export async function reminderListFile(
  store: Store,
  ctx: ServiceContext,
  q: { dataSet: string; period?: string | undefined },
): Promise<Buffer> {
  const rows = await reminderList(store, ctx, q);
  const tz = ctx.timeZone ?? 'Asia/Shanghai';
  const when = (ms: number | null): string =>
    ms === null ? '' : new Date(ms).toLocaleString('sv-SE', { timeZone: tz, hour12: false }).slice(0, 16);
  const headers = (
    ['unit', 'unitCode', 'contactPerson', 'contactPhone', 'status', 'lastReminded'] as const
  ).map((h) => t(ctx.locale, `workspace.column.${h}`));
  return tableFile(
    headers,
    rows.map((r) => [
      r.orgUnit.name,
      r.orgUnit.code ?? '',
      r.contactPerson ?? '',
      r.contactPhone ?? '',
      r.statusLabel,
      when(r.lastRemindedAt),
    ]),
    'xlsx',
    { sheetName: t(ctx.locale, 'workspace.reminderSheet'), numberColumns: [] },
  );
}
