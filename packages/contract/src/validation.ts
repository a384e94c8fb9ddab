import { OutlierMethod } from '@healthwatch/core';
import * as z from 'zod';
import { StoredValue } from './data-values.js';

/** Data quality: validation-rule runs and their stored results, completeness, outliers, follow-up. */

export const ValidationRunRequest = z.object({
  orgUnit: z.string().min(1),
  descendants: z.boolean().optional(),
  periods: z.array(z.string().min(4)).min(1).max(400),
  dataSet: z.string().optional(),
});
export type ValidationRunRequest = z.infer<typeof ValidationRunRequest>;

export const Violation = z.strictObject({
  rule: z.string(),
  ruleName: z.string(),
  importance: z.string(),
  instruction: z.string(),
  orgUnit: z.string(),
  orgUnitName: z.string(),
  period: z.string(),
  left: z.number().nullable(),
  right: z.number().nullable(),
  message: z.string().describe('e.g. 婴儿死亡数 31 ≤ 活产数 12, as written for the data clerk'),
});
export type Violation = z.infer<typeof Violation>;

export const ValidationRunResponse = z.strictObject({
  evaluated: z.number().int(),
  violations: z.array(Violation),
});
export type ValidationRunResponse = z.infer<typeof ValidationRunResponse>;

export const StoredViolation = Violation.extend({ foundAt: z.number(), foundBy: z.string() });
export type StoredViolation = z.infer<typeof StoredViolation>;

export const ValidationResultsResponse = z.strictObject({ violations: z.array(StoredViolation) });
export type ValidationResultsResponse = z.infer<typeof ValidationResultsResponse>;

export const CompletenessResponse = z.strictObject({
  dataSet: z.string(),
  periods: z.array(z.string()),
  expected: z.number().int(),
  actual: z.number().int(),
  rate: z.number().nullable(),
  onTime: z.number().int().describe('reports marked complete by period end + timelyDays'),
  timelyRate: z.number().nullable(),
  timelyDays: z.number().int(),
  byArea: z.array(
    z.strictObject({
      orgUnit: z.string(),
      name: z.string(),
      expected: z.number().int(),
      actual: z.number().int(),
      rate: z.number().nullable(),
      onTime: z.number().int(),
      timelyRate: z.number().nullable(),
    }),
  ),
  missing: z.array(
    z.strictObject({ orgUnit: z.string(), name: z.string(), area: z.string(), periods: z.array(z.string()) }),
  ),
  late: z.array(
    z.strictObject({
      orgUnit: z.string(),
      name: z.string(),
      area: z.string(),
      period: z.string(),
      due: z.string(),
      completedAt: z.number().nullable().describe('null: values but never marked complete'),
    }),
  ),
});
export type CompletenessResponse = z.infer<typeof CompletenessResponse>;

export const OutlierFinding = z.strictObject({
  dataElement: z.string(),
  dataElementName: z.string(),
  orgUnit: z.string(),
  orgUnitName: z.string(),
  categoryOptionCombo: z.string(),
  period: z.string(),
  value: z.number(),
  score: z.number(),
  lower: z.number(),
  upper: z.number(),
  method: z.enum(OutlierMethod),
});
export type OutlierFinding = z.infer<typeof OutlierFinding>;

export const OutliersResponse = z.strictObject({
  series: z.number().int(),
  findings: z.array(OutlierFinding),
});
export type OutliersResponse = z.infer<typeof OutliersResponse>;

export const FollowUpRequest = z.object({
  dataElement: z.string().min(1),
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  categoryOptionCombo: z.string().optional(),
  followUp: z.boolean(),
  comment: z.string().max(5000).optional(),
});
export type FollowUpRequest = z.infer<typeof FollowUpRequest>;

/** The flagged value after the change. */
export const FollowUpResponse = StoredValue;
export type FollowUpResponse = z.infer<typeof FollowUpResponse>;

export const FollowUpListResponse = z.strictObject({ dataValues: z.array(StoredValue) });
export type FollowUpListResponse = z.infer<typeof FollowUpListResponse>;
