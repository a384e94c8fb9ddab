import type { Detection } from './detection.js';

/** A count series with its outbreak labels (1 = the period belongs to a recorded outbreak). */
export interface LabelledSeries {
  name: string;
  counts: readonly number[];
  outbreak: readonly boolean[];
}

export interface BacktestMetrics {
  series: number;
  /** Periods monitored, summed over series. */
  periods: number;
  outbreaks: number;
  detected: number;
  /** Probability of detection: outbreaks with at least one alarm during them. */
  pod: number | null;
  /** … with an alarm in their first period. */
  podFirstPeriod: number | null;
  /** Median periods from outbreak start to the first alarm, over detected outbreaks. */
  medianTimeToDetection: number | null;
  /** Alarm periods ÷ outbreak periods. */
  sensitivity: number | null;
  /** Quiet non-outbreak periods ÷ non-outbreak periods. */
  specificity: number | null;
  /** Alarms outside outbreaks per 100 monitored series-periods. */
  falseAlarmsPer100: number;
  /** Alarms inside outbreaks ÷ all alarms. */
  ppv: number | null;
  alarms: number;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function median(xs: number[]): number | null {
  if (xs.length === 0) {
    return null;
  }
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * Runs a method over labelled series and scores it (the scores docs/surveillance.md describes under Backtesting): outbreak-level
 * POD, POD in the first period and median time to detection; period-level sensitivity, specificity,
 * PPV and false alarms per 100 series-periods. Only monitored periods count; an outbreak is a run
 * of consecutive labelled periods inside them.
 */
export function backtest(
  data: readonly LabelledSeries[],
  run: (counts: readonly number[]) => Detection[],
): BacktestMetrics {
  let periods = 0;
  let outbreaks = 0;
  let detected = 0;
  let detectedFirst = 0;
  const ttd: number[] = [];
  let outbreakPeriods = 0;
  let hits = 0;
  let quietPeriods = 0;
  let falseAlarms = 0;
  let alarms = 0;
  for (const s of data) {
    const result = run(s.counts);
    periods += result.length;
    let runStart: number | null = null;
    let firstAlarm: number | null = null;
    const close = (): void => {
      if (runStart !== null) {
        outbreaks++;
        if (firstAlarm !== null) {
          detected++;
          ttd.push(firstAlarm - runStart);
          if (firstAlarm === runStart) {
            detectedFirst++;
          }
        }
      }
      runStart = null;
      firstAlarm = null;
    };
    for (const d of result) {
      const inOutbreak = s.outbreak[d.t - 1] === true;
      if (d.alarm) {
        alarms++;
      }
      if (inOutbreak) {
        outbreakPeriods++;
        if (runStart === null) {
          runStart = d.t;
        }
        if (d.alarm) {
          hits++;
          firstAlarm ??= d.t;
        }
      } else {
        close();
        quietPeriods++;
        if (d.alarm) {
          falseAlarms++;
        }
      }
    }
    close();
  }
  return {
    series: data.length,
    periods,
    outbreaks,
    detected,
    pod: ratio(detected, outbreaks),
    podFirstPeriod: ratio(detectedFirst, outbreaks),
    medianTimeToDetection: median(ttd),
    sensitivity: ratio(hits, outbreakPeriods),
    specificity: ratio(quietPeriods - falseAlarms, quietPeriods),
    falseAlarmsPer100: periods === 0 ? 0 : (falseAlarms / periods) * 100,
    ppv: ratio(hits, alarms),
    alarms,
  };
}
