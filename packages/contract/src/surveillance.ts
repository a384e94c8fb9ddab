import { EventGrade, EventStatus } from '@healthwatch/core';
import * as z from 'zod';
import { ImportSummaryResponse } from './import-summary.js';

/** Early warning: events with their evidence and workflow, a place's weekly series, runs, case imports. */

export const EventTransitionRequest = z.object({
  status: z.enum(['verifying', 'confirmed', 'dismissed', 'responded', 'closed']),
  note: z.string().max(5000).nullish(),
  assignee: z.string().max(64).nullish(),
});
export type EventTransitionRequest = z.infer<typeof EventTransitionRequest>;

const IsoWeek = z.string().regex(/^\d{4}W\d{1,2}$/);
export const SurveillanceRunRequest = z.object({ from: IsoWeek, to: IsoWeek });
export type SurveillanceRunRequest = z.infer<typeof SurveillanceRunRequest>;

/** An event with its place (code, uid, name) and disease name, for people and pages. */
export const SurveillanceEvent = z.strictObject({
  id: z.number().int(),
  disease: z.string(),
  diseaseName: z.string(),
  dataElement: z.string().nullable().describe('the data element of the disease’s counts'),
  orgUnitId: z.number().int(),
  orgUnit: z.string().describe('the place’s code (its uid when without one)'),
  orgUnitUid: z.string(),
  orgUnitName: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  grade: z.enum(EventGrade),
  points: z.number().int(),
  evidence: z.unknown().describe('what each method found, as the detector recorded it'),
  explanation: z.string(),
  status: z.enum(EventStatus),
  assignee: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type SurveillanceEvent = z.infer<typeof SurveillanceEvent>;

export const SurveillanceEventsResponse = z.strictObject({ events: z.array(SurveillanceEvent) });
export type SurveillanceEventsResponse = z.infer<typeof SurveillanceEventsResponse>;

export const EventLogEntry = z.strictObject({
  at: z.number(),
  username: z.string(),
  fromStatus: z.enum(EventStatus).nullable(),
  toStatus: z.enum(EventStatus),
  assignee: z.string().nullable(),
  note: z.string().nullable(),
});
export type EventLogEntry = z.infer<typeof EventLogEntry>;

export const SurveillanceEventResponse = SurveillanceEvent.extend({ log: z.array(EventLogEntry) });
export type SurveillanceEventResponse = z.infer<typeof SurveillanceEventResponse>;

export const SurveillanceRunResponse = z.strictObject({
  from: z.string(),
  to: z.string(),
  places: z.number().int(),
  diseases: z.number().int(),
  events: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
});
export type SurveillanceRunResponse = z.infer<typeof SurveillanceRunResponse>;

export const SurveillanceSeriesResponse = z.strictObject({
  disease: z.string(),
  diseaseName: z.string(),
  orgUnit: z.string(),
  orgUnitName: z.string(),
  weeks: z.array(z.string()),
  counts: z.array(z.number()),
  methods: z.array(
    z.strictObject({
      label: z.string(),
      upper: z.array(z.number().nullable()).describe('null where the method cannot compute a bound'),
      alarm: z.array(z.boolean()),
    }),
  ),
});
export type SurveillanceSeriesResponse = z.infer<typeof SurveillanceSeriesResponse>;

export const CaseImportResponse = ImportSummaryResponse.extend({
  cases: z.number().int().describe('case rows read'),
});
export type CaseImportResponse = z.infer<typeof CaseImportResponse>;
