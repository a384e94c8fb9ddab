import { PeriodType, ReportingState, ValueType } from '@healthwatch/core';
import * as z from 'zod';

/** The data-entry form of a data set for a unit and period, and marking it complete. */

export const EntryFormQuery = z.object({
  ds: z.string().min(1),
  ou: z.string().min(1),
  pe: z.string().min(1),
});
export type EntryFormQuery = z.infer<typeof EntryFormQuery>;

export const EntryFormElement = z.strictObject({
  id: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  valueType: z.enum(ValueType),
  combos: z.array(z.strictObject({ id: z.string(), name: z.string() })),
});
export type EntryFormElement = z.infer<typeof EntryFormElement>;

export const EntryFormResponse = z.strictObject({
  dataSet: z.strictObject({
    id: z.string(),
    code: z.string().nullable(),
    name: z.string(),
    periodType: z.enum(PeriodType),
    expiryDays: z.number(),
  }),
  orgUnit: z.strictObject({ id: z.string(), code: z.string().nullable(), name: z.string() }),
  period: z.string(),
  assigned: z.boolean().describe('values for a unit the data set is not assigned to are refused on save'),
  elements: z.array(EntryFormElement),
  values: z.array(
    z.strictObject({
      dataElement: z.string(),
      categoryOptionCombo: z.string(),
      value: z.string().nullable(),
      comment: z.string().nullable(),
      followUp: z.boolean(),
      storedBy: z.string(),
      lastUpdated: z.number(),
    }),
  ),
  complete: z.strictObject({ by: z.string(), at: z.number() }).nullable(),
});
export type EntryFormResponse = z.infer<typeof EntryFormResponse>;

export const CompletionRequest = z.object({
  dataSet: z.string().min(1),
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  complete: z.boolean(),
});
export type CompletionRequest = z.infer<typeof CompletionRequest>;

export const ReportingPeriodsQuery = z.object({ ds: z.string().min(1) });
export type ReportingPeriodsQuery = z.infer<typeof ReportingPeriodsQuery>;

export const ReportingPeriodEntry = z.strictObject({
  id: z.string().describe('the period code (202611)'),
  name: z.string().describe("the period's name in the caller's language (2026年11月)"),
  state: z
    .enum(ReportingState)
    .describe(
      'open: not yet due; overdue: due date passed, entry accepted; closed: expired (offered only to those who may edit expired data)',
    ),
  opensOn: z.string(),
  dueOn: z.string(),
  closesOn: z.string().nullable(),
});
export type ReportingPeriodEntry = z.infer<typeof ReportingPeriodEntry>;

/** The periods of a data set a clerk may enter today (the server's date), and the latest due one. */
export const ReportingPeriodsResponse = z.strictObject({
  dataSet: z.strictObject({
    id: z.string(),
    code: z.string().nullable(),
    name: z.string(),
    periodType: z.enum(PeriodType),
  }),
  today: z.string(),
  latestDue: ReportingPeriodEntry.describe('the latest period whose due date has passed: the default'),
  periods: z
    .array(ReportingPeriodEntry)
    .describe('the periods the caller may enter, newest first; periods not yet ended are not offered'),
  closed: z
    .array(ReportingPeriodEntry)
    .describe('closed periods the caller may only look at (read-only unless a lock exception re-opens one)'),
});
export type ReportingPeriodsResponse = z.infer<typeof ReportingPeriodsResponse>;
