import {
  AppError,
  latestDuePeriod,
  msg,
  periodLabel,
  reportablePeriods,
  reportingWindow,
} from '@healthwatch/core';
import type { PeriodType, ReportingRules, ReportingState } from '@healthwatch/core';
import { cachedMetadataIndex } from '@healthwatch/store';
import type { DataSetRow, Store } from '@healthwatch/store';
import { enforcesExpiry } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';

/** A data set's reporting rules as core's reporting window reads them. */
export function reportingRules(
  ds: Pick<DataSetRow, 'timelyDays' | 'expiryDays' | 'openFuturePeriods'>,
): ReportingRules {
  return { timelyDays: ds.timelyDays, expiryDays: ds.expiryDays, openFuturePeriods: ds.openFuturePeriods };
}

/** How many periods the entry picker offers at most, by type (about two to ten years back). */
const PICKER_LENGTH: Readonly<Record<PeriodType, number>> = {
  Daily: 120,
  Weekly: 160,
  Monthly: 72,
  Quarterly: 24,
  SixMonthly: 12,
  Yearly: 12,
  FinancialOct: 12,
};

export interface ReportingPeriodEntry {
  id: string;
  /** The period's name in the caller's language (2026年11月). */
  name: string;
  state: ReportingState;
  opensOn: string;
  dueOn: string;
  closesOn: string | null;
}

export interface ReportingPeriods {
  dataSet: { id: string; code: string | null; name: string; periodType: PeriodType };
  /** The server's today (the deployment's date) the states are computed on. */
  today: string;
  /** The latest period whose due date has passed: the default of entry, completeness and quality. */
  latestDue: ReportingPeriodEntry;
  /**
   * The periods the caller may enter today, newest first (not yet ended ones only when the set
   * allows; closed ones only for those who may edit expired data).
   */
  periods: ReportingPeriodEntry[];
  /** Closed periods the caller may look at but not enter (a lock exception re-opens one), newest first. */
  closed: ReportingPeriodEntry[];
}

/**
 * The reporting periods of a data set on the context's today: what the entry page offers and
 * defaults to, so the browser never decides "the latest period" with its own clock.
 */
export async function reportingPeriods(
  store: Store,
  ctx: ServiceContext,
  o: { dataSet: string },
): Promise<ReportingPeriods> {
  const index = await cachedMetadataIndex(store);
  const ds = index.dataSets.find(o.dataSet);
  if (!ds) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataSet'), id: o.dataSet });
  }
  const rules = reportingRules(ds);
  const entry = (p: Parameters<typeof periodLabel>[0]): ReportingPeriodEntry => {
    const w = reportingWindow(p, rules, ctx.today);
    return {
      id: p.id,
      name: periodLabel(p, ctx.locale),
      state: w.state,
      opensOn: w.opensOn,
      dueOn: w.dueOn,
      closesOn: w.closesOn,
    };
  };
  // Every period that has opened, newest first; whoever may edit expired data may enter the closed
  // ones too (their state still says closed), others may only look at them.
  const opened = reportablePeriods(
    ds.periodType,
    { ...rules, expiryDays: 0 },
    ctx.today,
    PICKER_LENGTH[ds.periodType],
  ).map(entry);
  const shut = enforcesExpiry(ctx) ? (p: ReportingPeriodEntry): boolean => p.state === 'closed' : () => false;
  const enterable = opened.filter((p) => !shut(p));
  const closed = opened.filter(shut);
  return {
    dataSet: { id: ds.uid, code: ds.code, name: ds.name, periodType: ds.periodType },
    today: ctx.today,
    latestDue: entry(latestDuePeriod(ds.periodType, rules, ctx.today)),
    periods: enterable,
    closed,
  };
}
