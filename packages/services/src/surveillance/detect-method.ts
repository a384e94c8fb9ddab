import {
  cusum,
  earsC,
  farrington,
  farringtonFlexible,
  fixedThreshold,
  movingPercentile,
} from '@healthwatch/core';
import type { Detection, DetectionMethod } from '@healthwatch/core';

/*
 * The detection methods by name, apart from the file readers of detect-file.ts: the early-warning
 * worker thread loads this and the algorithms only (no CSV or spreadsheet libraries).
 */

// The names are defined in core (the CLI lists them without loading the services).
export { DETECTION_METHODS, isDetectionMethod } from '@healthwatch/core';
export type { DetectionMethod } from '@healthwatch/core';

/** Method options as given on the command line or in a request (all optional; defaults as R). */
export interface DetectionOptions {
  alpha?: number;
  baseline?: number;
  minSigma?: number;
  c3?: 'r' | 'textbook';
  k?: number;
  h?: number;
  reset?: boolean;
  years?: number;
  halfWindow?: number;
  percentile?: number;
  strict?: boolean;
  minCases?: number;
  threshold?: number;
  b?: number;
  w?: number;
  noPeriods?: number;
  weightsThreshold?: number;
  pastWeeksNotIncluded?: number;
  pThresholdTrend?: number;
  thresholdMethod?: 'delta' | 'nbPlugin';
  periodsPerYear?: number;
  trend?: boolean;
  reweight?: boolean;
  /** First and last time point (1-based) to monitor; earlier points are history only. */
  from?: number;
  to?: number;
}

/** Runs one method over a count series (oldest first). */
export function detect(y: readonly number[], method: DetectionMethod, o: DetectionOptions = {}): Detection[] {
  const strip = <T extends object>(x: T): T =>
    Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as T;
  switch (method) {
    case 'fixed':
      return fixedThreshold(y, strip({ threshold: o.threshold, from: o.from, to: o.to }));
    case 'moving-percentile':
      return movingPercentile(
        y,
        strip({
          years: o.years,
          halfWindow: o.halfWindow,
          percentile: o.percentile,
          periodsPerYear: o.periodsPerYear,
          strict: o.strict,
          minCases: o.minCases,
          from: o.from,
          to: o.to,
        }),
      );
    case 'ears-c1':
    case 'ears-c2':
    case 'ears-c3':
      return earsC(
        y,
        strip({
          method: method === 'ears-c1' ? 'C1' : method === 'ears-c2' ? 'C2' : 'C3',
          alpha: o.alpha,
          baseline: o.baseline,
          minSigma: o.minSigma,
          c3: o.c3,
          from: o.from,
          to: o.to,
        } as const),
      );
    case 'cusum':
      return cusum(
        y,
        strip({ k: o.k, h: o.h, reset: o.reset, periodsPerYear: o.periodsPerYear, from: o.from, to: o.to }),
      );
    case 'farrington':
      return farrington(
        y,
        strip({
          alpha: o.alpha,
          b: o.b,
          w: o.w,
          trend: o.trend,
          reweight: o.reweight,
          periodsPerYear: o.periodsPerYear,
          from: o.from,
          to: o.to,
        }),
      );
    case 'farrington-flexible':
      return farringtonFlexible(
        y,
        strip({
          alpha: o.alpha,
          b: o.b,
          w: o.w,
          noPeriods: o.noPeriods,
          weightsThreshold: o.weightsThreshold,
          pastWeeksNotIncluded: o.pastWeeksNotIncluded,
          pThresholdTrend: o.pThresholdTrend,
          thresholdMethod: o.thresholdMethod,
          periodsPerYear: o.periodsPerYear,
          trend: o.trend,
          reweight: o.reweight,
          from: o.from,
          to: o.to,
        }),
      );
  }
}
