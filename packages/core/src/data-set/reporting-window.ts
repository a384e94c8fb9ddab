import { dayNumberOf, isoDate } from '../period/calendar.js';
import type { Period } from '../period/period.js';
import { periodOfDate, shiftPeriod } from '../period/period.js';
import type { PeriodType } from '../period/period-type.js';

/**
 * The one notion of "the reporting period" every default uses (cockpit completeness, data quality,
 * entry, explorer, the reporting workspace). A period opens for reporting the day after it ends
 * (earlier only when the data set allows future periods), is due by its end plus the data set's
 * timely days, and closes for entry after its expiry days (0: never closes).
 */
export const ReportingState = {
  /** Not ended yet and not opened early: nothing to report. */
  notOpen: 'notOpen',
  /** Open and not yet due. */
  open: 'open',
  /** Due date passed, still accepting entry. */
  overdue: 'overdue',
  /** Expired: closed for entry. */
  closed: 'closed',
} as const;
export type ReportingState = (typeof ReportingState)[keyof typeof ReportingState];

export interface ReportingRules {
  /** Days after the period's end by which a report is on time. */
  timelyDays: number;
  /** Days after the period's end after which entry closes; 0: never. */
  expiryDays: number;
  /** How many periods after the current one are open early (DHIS2's openFuturePeriods); default 0. */
  openFuturePeriods?: number;
}

export interface ReportingWindow {
  period: Period;
  /** First day a report may be entered (yyyy-mm-dd). */
  opensOn: string;
  /** Last day a report is on time (yyyy-mm-dd). */
  dueOn: string;
  /** Last day entry is accepted, or null when the period never closes. */
  closesOn: string | null;
  state: ReportingState;
}

/** The window of one period on `today` (yyyy-mm-dd, the deployment's date). */
export function reportingWindow(period: Period, rules: ReportingRules, today: string): ReportingWindow {
  const end = dayNumberOf(period.endDate);
  const now = dayNumberOf(today);
  const dueOn = isoDate(end + Math.max(0, rules.timelyDays));
  const closesOn = rules.expiryDays > 0 ? isoDate(end + rules.expiryDays) : null;
  const early = earlyOpen(period, rules, today);
  const opensOn = early ? today : isoDate(end + 1);
  let state: ReportingState;
  if (closesOn !== null && now > dayNumberOf(closesOn)) {
    state = ReportingState.closed;
  } else if (now > dayNumberOf(dueOn)) {
    state = ReportingState.overdue;
  } else if (now > end || early) {
    state = ReportingState.open;
  } else {
    state = ReportingState.notOpen;
  }
  return { period, opensOn, dueOn, closesOn, state };
}

function earlyOpen(period: Period, rules: ReportingRules, today: string): boolean {
  const ahead = rules.openFuturePeriods ?? 0;
  if (ahead <= 0) {
    return false;
  }
  const current = periodOfDate(period.type, today);
  const last = shiftPeriod(current, ahead - 1);
  return period.startDate <= last.startDate;
}

/**
 * The latest period of `type` whose due date has passed on `today`: what "the last period" means in
 * every default. For a monthly data set with 10 timely days on 2026-12-01 that is 202610 (202611 is
 * due on 2026-12-10).
 */
export function latestDuePeriod(type: PeriodType, rules: ReportingRules, today: string): Period {
  let p = shiftPeriod(periodOfDate(type, today), -1);
  // At most a few steps: timely days longer than a period push it further back.
  while (reportingWindow(p, rules, today).state === ReportingState.open) {
    p = shiftPeriod(p, -1);
  }
  return p;
}

/**
 * The periods a clerk may enter on `today`, newest first: every period that has opened and not
 * closed, at most `count` of them (periods that never close are cut at `count`).
 */
export function reportablePeriods(
  type: PeriodType,
  rules: ReportingRules,
  today: string,
  count: number,
): Period[] {
  const ahead = Math.max(0, rules.openFuturePeriods ?? 0);
  let p = shiftPeriod(periodOfDate(type, today), ahead > 0 ? ahead - 1 : -1);
  const out: Period[] = [];
  for (let guard = 0; out.length < count && guard < count + 400; guard += 1) {
    const w = reportingWindow(p, rules, today);
    if (w.state === ReportingState.closed) {
      break;
    }
    if (w.state !== ReportingState.notOpen) {
      out.push(p);
    }
    p = shiftPeriod(p, -1);
  }
  return out;
}
