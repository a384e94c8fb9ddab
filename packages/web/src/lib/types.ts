/** The shapes of the API answers the pages read (the server's zod schemas are the contract). */

export interface ScopeUnit {
  id: string;
  code: string | null;
  name: string;
  level: number;
}

export interface Me {
  username: string;
  displayName: string | null;
  role: string;
  roleName: string;
  authorities: string[];
  csrfToken: string | null;
  capture: ScopeUnit[] | null;
  view: ScopeUnit[] | null;
}

export interface PlanSummary {
  code: string;
  name: string;
  issuer: string | null;
  baselineYear: number;
  targetYear: number;
  status: string;
  indicators: number;
  projects: number;
}

// The evaluation's shapes are the domain's own (core is pure and may be imported by the web app).
export type { IndicatorEvaluation, YearValue } from '@healthwatch/core';

export type Rag = 'green' | 'amber' | 'red' | 'grey';

export interface Project {
  no: number;
  name: string;
  content?: string | null;
  investment?: number | null;
  status?: string | null;
  progress?: number | null;
  progressNote?: string | null;
}

import type { IndicatorEvaluation, YearValue } from '@healthwatch/core';

export interface Evaluation {
  kind: 'annual' | 'midterm' | 'final';
  dataYear: number;
  baselineYear: number;
  targetYear: number;
  timeProgress: number;
  indicators: IndicatorEvaluation[];
  summary: { byStatus: Record<string, number>; onScheduleRate: { all: number | null; binding: number | null; expected: number | null }; atRisk: string[] };
  plan: { code: string; name: string; issuer: string | null };
  syntheticData: boolean;
  sections: { code: string; name: string; indicators: string[] }[];
  projects: Project[];
  links: Record<string, string>;
  orgUnit: string | null;
  figures: Record<string, YearValue[]>;
}

export interface OrgUnit {
  id: string;
  code?: string;
  name: string;
  parent?: string;
  latitude?: number;
  longitude?: number;
}

export interface NamedObject {
  id: string;
  code?: string;
  name: string;
  [k: string]: unknown;
}

export interface DataSet extends NamedObject {
  periodType: string;
  dataElements: string[];
  orgUnits: string[];
}

export interface EntryForm {
  dataSet: { id: string; code: string | null; name: string; periodType: string; expiryDays: number };
  orgUnit: { id: string; code: string | null; name: string };
  period: string;
  assigned: boolean;
  elements: { id: string; code: string | null; name: string; valueType: string; combos: { id: string; name: string }[] }[];
  values: { dataElement: string; categoryOptionCombo: string; value: string | null; comment: string | null; followUp: boolean; storedBy: string; lastUpdated: number }[];
  complete: { by: string; at: number } | null;
}

export interface ImportSummary {
  status: 'SUCCESS' | 'WARNING' | 'ERROR';
  dryRun?: boolean;
  imported: number;
  updated: number;
  deleted: number;
  ignored: number;
  conflicts: { row?: number | null; field?: string; value?: string; message: string }[];
}

export interface AnalyticsResponse {
  headers: { name: string }[];
  rows: string[][];
  metaData: { items: Record<string, { name: string }>; dimensions: Record<string, string[]> };
}

export interface SurveillanceEvent {
  id: number;
  disease: string;
  diseaseName?: string;
  orgUnitId: number;
  orgUnit?: string;
  orgUnitUid?: string;
  orgUnitName?: string;
  dataElement?: string | null;
  periodFrom: string;
  periodTo: string;
  grade: 'blue' | 'yellow' | 'orange' | 'red';
  points: number;
  evidence: unknown;
  explanation: string;
  status: string;
  assignee: string | null;
  log?: { at: number; username: string; fromStatus: string | null; toStatus: string; assignee: string | null; note: string | null }[];
}

export interface Completeness {
  dataSet: string;
  periods: string[];
  expected: number;
  actual: number;
  rate: number | null;
  onTime: number;
  timelyRate: number | null;
  timelyDays: number;
  byArea: { orgUnit: string; name: string; expected: number; actual: number; rate: number | null; onTime: number; timelyRate: number | null }[];
  missing: { orgUnit: string; name: string; area: string; periods: string[] }[];
  late: { orgUnit: string; name: string; area: string; period: string; due: string; completedAt: number | null }[];
}

export interface AuditRow {
  id: number;
  auditType: string;
  dataElementName: string;
  period: string;
  orgUnitName: string;
  categoryOptionComboName: string;
  oldValue: string | null;
  newValue: string | null;
  newComment: string | null;
  changedBy: string;
  changedAt: number;
}

export type ApprovalStateId = 'waiting' | 'ready' | 'approved' | 'accepted' | 'approved_above';

export interface ApprovalView {
  orgUnit: { id: string; code: string | null; name: string; level: number };
  period: string;
  state: ApprovalStateId;
  stateName: string;
  approval: { level: number; approvedBy: string; approvedAt: number; acceptedBy: string | null; acceptedAt: number | null } | null;
  children: { orgUnit: string; name: string; state: ApprovalStateId; stateName: string }[];
  locked: { by: 'approved' | 'expired'; message: string } | null;
}
