import { EvaluationStatus, PlanStatus, ProjectStatus } from '@healthwatch/core';
import type {
  IndicatorEvaluation as CoreIndicatorEvaluation,
  PlanEvaluation as CorePlanEvaluation,
  YearValue as CoreYearValue,
} from '@healthwatch/core';
import * as z from 'zod';

/** Plans (规划) and their evaluation against the data. */

export const PlanSummary = z.strictObject({
  code: z.string(),
  name: z.string(),
  issuer: z.string().nullable(),
  baselineYear: z.number().int(),
  targetYear: z.number().int(),
  status: z.enum(PlanStatus),
  indicators: z.number().int(),
  projects: z.number().int(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

export const PlanListResponse = z.strictObject({ plans: z.array(PlanSummary) });
export type PlanListResponse = z.infer<typeof PlanListResponse>;

export const Rag = z.enum(['green', 'amber', 'red', 'grey']);
export type Rag = z.infer<typeof Rag>;

/** One yearly figure with where it came from (core's YearValue). */
export const YearValue = z.strictObject({
  year: z.number().int(),
  value: z.number().nullable(),
  text: z
    .string()
    .nullish()
    .describe('a statement when the plan reports no number (e.g. "比2015年下降10%以上")'),
  statedMet: z.boolean().nullish(),
  source: z.string(),
  status: z.string(),
  provenance: z.enum(['computed', 'reported']),
  numerator: z.number().nullish(),
  denominator: z.number().nullish(),
  factor: z.number().nullish(),
});
export type YearValue = z.infer<typeof YearValue>;

/** One plan indicator evaluated for the data year (core's IndicatorEvaluation). */
export const IndicatorEvaluation = z.strictObject({
  code: z.string(),
  name: z.string(),
  nature: z.enum(['binding', 'expected']),
  wording: z.string().describe('the target as the plan words it'),
  unit: z.string().nullable(),
  baseline: z.strictObject({
    year: z.number().int(),
    value: z.number().nullable(),
    source: z.string().optional(),
  }),
  target: z.number().nullable(),
  latest: YearValue.nullable(),
  conflicts: z.array(YearValue).describe('other figures of the same year that disagree with latest'),
  series: z.array(z.strictObject({ year: z.number().int(), value: z.number().nullable() })),
  timeProgress: z.number(),
  completion: z.number().nullable(),
  growthRatio: z.number().nullable(),
  projection: z.number().nullable(),
  pooled: z
    .strictObject({
      value: z.number(),
      fromYear: z.number().int(),
      toYear: z.number().int(),
      numerator: z.number(),
    })
    .nullable(),
  status: z.enum(EvaluationStatus),
  rag: Rag,
  atRisk: z.boolean(),
  explanation: z.string(),
});
export type IndicatorEvaluation = z.infer<typeof IndicatorEvaluation>;

/** Core's PlanEvaluation: the evaluator's own result. */
const PlanEvaluation = z.strictObject({
  kind: z.enum(['annual', 'midterm', 'final']),
  dataYear: z.number().int(),
  baselineYear: z.number().int(),
  targetYear: z.number().int(),
  timeProgress: z.number(),
  thresholds: z.strictObject({
    faster: z.number(),
    onTrack: z.number(),
    approxTolerance: z.number(),
    smallNumbers: z.number(),
  }),
  indicators: z.array(IndicatorEvaluation),
  summary: z.strictObject({
    byStatus: z.partialRecord(z.enum(EvaluationStatus), z.number().int()),
    onScheduleRate: z.strictObject({
      all: z.number().nullable(),
      binding: z.number().nullable(),
      expected: z.number().nullable(),
    }),
    atRisk: z
      .array(z.string())
      .describe('codes of binding indicators behind, off target, breached or not achieved'),
  }),
});

export const PlanProject = z.strictObject({
  no: z.number().int(),
  name: z.string(),
  content: z.string().nullish(),
  floorArea: z.number().nullish(),
  beds: z.number().int().nullish(),
  equipment: z.string().nullish(),
  investment: z.number().nullish(),
  status: z.enum(ProjectStatus).nullish(),
  progress: z.number().nullish(),
  progressNote: z.string().nullish(),
  startDate: z.string().nullish(),
  endDate: z.string().nullish(),
});
export type PlanProject = z.infer<typeof PlanProject>;

/**
 * GET /api/plans/{code}/evaluation: core's evaluation plus what the plan service adds (the plan,
 * its sections and projects, links to library indicators, every figure by indicator).
 */
export const EvaluationResponse = PlanEvaluation.extend({
  plan: z.strictObject({ code: z.string(), name: z.string(), issuer: z.string().nullable() }),
  syntheticData: z.boolean().describe('the computed figures come from the synthetic demo district'),
  sections: z.array(z.strictObject({ code: z.string(), name: z.string(), indicators: z.array(z.string()) })),
  projects: z.array(PlanProject),
  links: z
    .record(z.string(), z.string())
    .describe('plan indicator code → the library indicator it is computed from (for breakdowns by area)'),
  orgUnit: z.string().nullable().describe('the org unit the computed figures are for'),
  figures: z
    .record(z.string(), z.array(YearValue))
    .describe('every figure known per plan indicator, by year'),
});
export type EvaluationResponse = z.infer<typeof EvaluationResponse>;

// The schemas above restate core's types so the OpenAPI document and the tests can check the
// answer; these lines make the compiler refuse any difference between the two.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _YearValueIsCore = Assert<Same<YearValue, CoreYearValue>>;
type _IndicatorEvaluationIsCore = Assert<Same<IndicatorEvaluation, CoreIndicatorEvaluation>>;
type _PlanEvaluationIsCore = Assert<Same<z.infer<typeof PlanEvaluation>, CorePlanEvaluation>>;
