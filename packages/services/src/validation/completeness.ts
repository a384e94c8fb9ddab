import {
  AppError,
  childPeriods,
  latestDuePeriod,
  msg,
  parsePeriod,
  reportingWindow,
} from '@healthwatch/core';
import type { Period, ReportingCounts } from '@healthwatch/core';
import { cachedMetadataIndex, registrationTimes, reportedUnitPeriods } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { reportingRules } from '../data-entry/reporting-periods.js';
import { dateOf } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';

export interface CompletenessResult {
  dataSet: string;
  periods: string[];
  expected: number;
  actual: number;
  rate: number | null;
  /** Reports marked complete within the data set's timely days after the period end. */
  onTime: number;
  timelyRate: number | null;
  timelyDays: number;
  /** One row per unit below the org unit asked for (e.g. each 镇街), with its institutions summed. */
  byArea: {
    orgUnit: string;
    name: string;
    expected: number;
    actual: number;
    rate: number | null;
    onTime: number;
    timelyRate: number | null;
  }[];
  /** Every expected report that has no value, by institution. */
  missing: { orgUnit: string; name: string; area: string; periods: string[] }[];
  /** Reports marked complete after their due date (period end + timely days), or with values but never marked complete. */
  late: {
    orgUnit: string;
    name: string;
    area: string;
    period: string;
    due: string;
    completedAt: number | null;
  }[];
}

/** A unit is expected to report for a period it is open in (opened before its end, not closed before its start). */
function openIn(u: { openingDate: string | null; closedDate: string | null }, p: Period): boolean {
  return (
    (u.openingDate === null || u.openingDate <= p.endDate) &&
    (u.closedDate === null || u.closedDate > p.startDate)
  );
}

/**
 * Whether a report marked complete at `completedAt` was on time: due through the end of the due
 * day (the reporting window's `dueOn`) in the deployment's day, so a report completed at 07:00
 * Beijing time on the day after is late although the UTC date is still the due day.
 */
function onTimeBy(ctx: ServiceContext, completedAt: number | null | undefined, dueOn: string): boolean {
  return completedAt !== undefined && completedAt !== null && dateOf(ctx, completedAt) <= dueOn;
}

/**
 * Reports expected, made and made on time of a data set for several units (each with its
 * subtree) and periods at once — what `R{dataSet.METRIC}` in an analytics query needs — in one
 * read of the reports and one of the completion times. Keyed `unitUid|periodId`; a period
 * shorter than the data set's has no entry (no rate).
 */
export async function reportingCounts(
  store: Store,
  ctx: ServiceContext,
  o: { dataSet: string; orgUnits: readonly { uid: string; path: string }[]; periods: readonly Period[] },
): Promise<Map<string, ReportingCounts>> {
  const index = await cachedMetadataIndex(store);
  const ds = index.dataSets.find(o.dataSet);
  if (!ds) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataSet'), id: o.dataSet });
  }
  const parts = new Map(
    o.periods.map((p) => [p.id, p.type === ds.periodType ? [p] : childPeriods(p, ds.periodType)]),
  );
  const allParts = [...new Map([...parts.values()].flat().map((p) => [p.id, p])).values()];
  const assigned = [...ds.orgUnitIds]
    .map((id) => index.orgUnits.byId.get(id))
    .filter((u) => u !== undefined && o.orgUnits.some((r) => u.path.startsWith(r.path)));
  const out = new Map<string, ReportingCounts>();
  if (allParts.length === 0) {
    return out;
  }
  const ids = assigned.map((u) => u?.id ?? 0);
  const reported = await reportedUnitPeriods(
    store.db,
    [...ds.elementIds],
    ids,
    allParts.map((p) => p.id),
  );
  const completedAt = await registrationTimes(
    store.db,
    ds.id,
    ids,
    allParts.map((p) => p.id),
  );
  for (const root of o.orgUnits) {
    const under = assigned.filter((u) => u?.path.startsWith(root.path));
    for (const q of o.periods) {
      const ps = parts.get(q.id) ?? [];
      if (ps.length === 0) {
        continue;
      }
      const c = { expected: 0, actual: 0, onTime: 0 };
      for (const u of under) {
        for (const p of ps) {
          if (!u || !openIn(u, p)) {
            continue;
          }
          c.expected++;
          if (reported.has(`${u.id}|${p.id}`)) {
            c.actual++;
            const due = reportingWindow(p, reportingRules(ds), ctx.today).dueOn;
            if (onTimeBy(ctx, completedAt.get(`${u.id}|${p.id}`), due)) {
              c.onTime++;
            }
          }
        }
      }
      out.set(`${root.uid}|${q.id}`, c);
    }
  }
  return out;
}

/**
 * Completeness of a data set: every unit the data set is assigned to under `orgUnit`, open in the
 * period, is expected to report each period; a report counts as made when the unit has at least
 * one value of the data set's elements for that period. Periods of a longer type expand to the
 * data set's (`2024` → 202401…202412 for a monthly set). No period asked: the latest period due
 * on the context's today (`latestDuePeriod`), the "last period" of every default.
 */
export async function dataSetCompleteness(
  store: Store,
  ctx: ServiceContext,
  o: { dataSet: string; orgUnit: string; periods: readonly string[] },
): Promise<CompletenessResult> {
  const index = await cachedMetadataIndex(store);
  const ds = index.dataSets.find(o.dataSet);
  if (!ds) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataSet'), id: o.dataSet });
  }
  const root = index.findOrgUnit(o.orgUnit);
  if (!root || root === 'ambiguous') {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: o.orgUnit });
  }
  // No period asked: the latest one due today — not the latest with any data, which would be the
  // unfinished current month as soon as one value is typed into it.
  const latest =
    o.periods.length === 0 ? latestDuePeriod(ds.periodType, reportingRules(ds), ctx.today).id : null;
  const periods: Period[] = (latest ? [latest] : o.periods).flatMap((raw) => {
    const p = parsePeriod(raw);
    return p.type === ds.periodType ? [p] : childPeriods(p, ds.periodType);
  });
  if (periods.length === 0) {
    throw new AppError('HW_VALIDATION', {
      reason: msg('reason.wrongPeriodType', {
        period: o.periods.join(','),
        ds: ds.name,
        type: msg(`periodType.${ds.periodType}`),
      }),
    });
  }
  const units = [...ds.orgUnitIds]
    .map((id) => index.orgUnits.byId.get(id))
    .filter((u) => u !== undefined && u.path.startsWith(root.path));
  const reported = await reportedUnitPeriods(
    store.db,
    [...ds.elementIds],
    units.map((u) => u?.id ?? 0),
    periods.map((p) => p.id),
  );
  const completedAt = await registrationTimes(
    store.db,
    ds.id,
    units.map((u) => u?.id ?? 0),
    periods.map((p) => p.id),
  );
  const dueOf = (p: Period): string => reportingWindow(p, reportingRules(ds), ctx.today).dueOn;
  // Areas: the units one level below the root (paths are made of uids), or the root itself.
  const areaOf = (path: string): string => {
    const parts = path.split('/').filter(Boolean);
    const rootDepth = root.path.split('/').filter(Boolean).length;
    return parts[rootDepth] ?? parts[rootDepth - 1] ?? '';
  };
  const areas = new Map<string, { expected: number; actual: number; onTime: number }>();
  const missing: CompletenessResult['missing'] = [];
  const late: CompletenessResult['late'] = [];
  let expected = 0;
  let actual = 0;
  let onTime = 0;
  for (const u of units) {
    if (!u) {
      continue;
    }
    const gaps: string[] = [];
    for (const p of periods) {
      if (!openIn(u, p)) {
        continue;
      }
      expected++;
      const a = areas.get(areaOf(u.path)) ?? { expected: 0, actual: 0, onTime: 0 };
      a.expected++;
      if (reported.has(`${u.id}|${p.id}`)) {
        actual++;
        a.actual++;
        const done = completedAt.get(`${u.id}|${p.id}`) ?? null;
        const due = dueOf(p);
        if (onTimeBy(ctx, done, due)) {
          onTime++;
          a.onTime++;
        } else {
          late.push({
            orgUnit: u.code ?? u.uid,
            name: u.name,
            area: index.orgUnits.find(areaOf(u.path))?.name ?? '',
            period: p.id,
            due,
            completedAt: done,
          });
        }
      } else {
        gaps.push(p.id);
      }
      areas.set(areaOf(u.path), a);
    }
    if (gaps.length > 0) {
      const area = index.orgUnits.find(areaOf(u.path));
      missing.push({ orgUnit: u.code ?? u.uid, name: u.name, area: area?.name ?? '', periods: gaps });
    }
  }
  const rate = (a: number, e: number): number | null => (e === 0 ? null : a / e);
  const byArea = [...areas.entries()]
    .map(([key, a]) => {
      const unit = index.orgUnits.find(key);
      return {
        orgUnit: unit?.code ?? key,
        name: unit?.name ?? key,
        expected: a.expected,
        actual: a.actual,
        rate: rate(a.actual, a.expected),
        onTime: a.onTime,
        timelyRate: rate(a.onTime, a.expected),
      };
    })
    .sort((x, y) => (x.rate ?? 1) - (y.rate ?? 1) || x.orgUnit.localeCompare(y.orgUnit));
  return {
    dataSet: ds.code ?? ds.uid,
    periods: periods.map((p) => p.id),
    expected,
    actual,
    rate: rate(actual, expected),
    onTime,
    timelyRate: rate(onTime, expected),
    timelyDays: ds.timelyDays,
    byArea,
    missing,
    late,
  };
}
