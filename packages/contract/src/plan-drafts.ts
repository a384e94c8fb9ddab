import { PlanStatus, projectStatusOf } from '@healthwatch/core';
import type {
  DraftIndicator as CoreDraftIndicator,
  DraftPlanDocument as CoreDraftPlanDocument,
  DraftPlanHeader as CoreDraftPlanHeader,
  DraftProject as CoreDraftProject,
  LibraryIndicator as CoreLibraryIndicator,
  TargetRule as CoreTargetRule,
} from '@healthwatch/core';
import * as z from 'zod';

/**
 * Plans from their own documents: POST /api/plans/drafts reads a plan's Word document, text
 * export or spreadsheet into a draft for review; POST /api/plans saves a plan file (the reviewed
 * draft's `document`, or any plan file of docs/plans.md).
 */

/** A plan file (docs/plans.md): what `healthwatch plan import` reads and POST /api/plans takes. */
export const PlanFile = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/),
  name: z.string().min(1),
  issuer: z.string().nullish(),
  issued: z.string().nullish(),
  baselineYear: z.number().int().min(1949).max(2100),
  targetYear: z.number().int().min(1949).max(2100),
  status: z.enum(PlanStatus).default('active'),
  source: z.string().nullish(),
  sections: z.array(z.object({ code: z.string().min(1), name: z.string().min(1) })),
  indicators: z.array(
    z.object({
      code: z.string().min(1),
      section: z.string().min(1),
      name: z.string().min(1),
      unit: z.string().nullish(),
      polarity: z.enum(['higher', 'lower', 'neutral']),
      nature: z.enum(['binding', 'expected']),
      target: z.string(),
      baseline: z.number().nullish(),
      baselineYear: z.number().int().nullish(),
      indicator: z.string().nullish(),
      relativeTo: z.string().nullish(),
      tolerance: z.number().nonnegative().nullish(),
      /** 左右: a figure past the target in the good direction counts as met (only when the plan says so). */
      overshootMet: z.boolean().nullish(),
      note: z.string().nullish(),
    }),
  ),
  projects: z
    .array(
      z.object({
        no: z.number().int(),
        name: z.string().min(1),
        content: z.string().nullish(),
        floorArea: z.number().nullish(),
        beds: z.number().int().nullish(),
        equipment: z.string().nullish(),
        investment: z.number().nullish(),
        status: z
          .preprocess(
            (v) =>
              typeof v === 'string' && v.trim() !== '' ? (projectStatusOf(v) ?? v) : v === '' ? null : v,
            z.enum(['planned', 'in_progress', 'completed', 'cancelled']).nullish(),
          )
          .describe('planned | in_progress | completed | cancelled, or 未开工 / 在建 / 已完工 / 已取消'),
        progress: z.number().min(0).max(100).nullish(),
        progressNote: z.string().nullish(),
        startDate: z.string().nullish(),
        endDate: z.string().nullish(),
      }),
    )
    .default([]),
  values: z
    .array(
      z.object({
        indicator: z.string().min(1),
        year: z.number().int(),
        value: z.number().nullish(),
        text: z.string().nullish(),
        statedMet: z.boolean().nullish(),
        numerator: z.number().nullish(),
        source: z.string().min(1),
        status: z.enum(['preliminary', 'final', 'revised']).default('final'),
        note: z.string().nullish(),
      }),
    )
    .default([]),
});
export type PlanFile = z.infer<typeof PlanFile>;

/** What the evaluator understood from a target wording (core's TargetRule). */
export const TargetRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('atLeast'), value: z.number() }),
  z.strictObject({ kind: z.literal('atMost'), value: z.number() }),
  z.strictObject({ kind: z.literal('point'), value: z.number() }),
  z.strictObject({
    kind: z.literal('approx'),
    value: z.number(),
    tolerance: z.number().optional(),
    overshootMet: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('relative'), to: z.string() }),
  z.strictObject({ kind: z.literal('improve'), direction: z.enum(['higher', 'lower']).optional() }),
  z.strictObject({
    kind: z.literal('change'),
    percent: z.number(),
    baseYear: z.number().int(),
    orMore: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('annualChange'), amount: z.number(), percent: z.boolean() }),
  z.strictObject({ kind: z.literal('delta'), amount: z.number() }),
  z.strictObject({ kind: z.literal('range'), min: z.number(), max: z.number() }),
  z.strictObject({ kind: z.literal('qualitative'), text: z.string() }),
  z.strictObject({ kind: z.literal('none') }),
]);
export type TargetRule = z.infer<typeof TargetRule>;

const Field = z.string().describe('the field: name, unit, baseline, target, nature, link, no, project …');

/** One problem of a draft, rendered in the request's language. */
export const DraftProblem = z.strictObject({
  table: z.number().int().nullable(),
  row: z
    .number()
    .int()
    .nullable()
    .describe('the table row (DOCX), the file line (TXT) or the sheet row (XLSX)'),
  field: Field,
  fieldLabel: z.string().describe('the field as readers call it (目标值, 指标属性)'),
  severity: z
    .enum(['error', 'warning'])
    .describe('error: the row is left out of the plan; warning: check it'),
  origin: z.enum(['plan', 'reading', 'review']).describe('review problems follow the row’s corrections'),
  key: z.string().describe('the catalogue message'),
  message: z.string(),
  at: z.string().describe('where, in words (表 2 第 5 行)'),
});
export type DraftProblem = z.infer<typeof DraftProblem>;

export const DraftLink = z.strictObject({
  code: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  match: z.enum(['exact', 'normalised', 'partial', 'chosen']),
});

export const DraftIndicator = z.strictObject({
  table: z.number().int(),
  row: z.number().int(),
  no: z.number().int().nullable(),
  code: z.string(),
  section: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  unitFrom: z.enum(['document', 'library', 'user']).nullable(),
  baseline: z.number().nullable(),
  baselineText: z.string(),
  baselineYear: z.number().int().nullable(),
  target: z.string().describe('the wording as written'),
  rule: TargetRule,
  nature: z.enum(['binding', 'expected']),
  natureText: z.string().nullable(),
  natureFrom: z.enum(['document', 'default', 'user']),
  polarity: z.enum(['higher', 'lower', 'neutral']),
  polarityFrom: z.enum(['library', 'wording', 'guess', 'user']),
  indicator: z.string().nullable().describe('the linked library indicator'),
  link: DraftLink.nullable(),
  unitDiffers: z.strictObject({ code: z.string(), name: z.string(), unit: z.string().nullable() }).nullable(),
  relativeTo: z.string().nullable(),
  note: z.string().nullable(),
  actual: z
    .strictObject({ year: z.number().int(), value: z.number().nullable(), text: z.string().nullable() })
    .nullable(),
  source: z.string(),
  problems: z.array(DraftProblem),
});
export type DraftIndicator = z.infer<typeof DraftIndicator>;

export const DraftProject = z.strictObject({
  table: z.number().int(),
  row: z.number().int(),
  no: z.number().int().nullable(),
  name: z.string(),
  content: z.string().nullable(),
  floorArea: z.number().nullable(),
  beds: z.number().int().nullable(),
  equipment: z.string().nullable(),
  investment: z.number().nullable().describe('万元'),
  investmentText: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  problems: z.array(DraftProblem),
});
export type DraftProject = z.infer<typeof DraftProject>;

export const DraftTable = z.strictObject({
  index: z.number().int(),
  caption: z.string().nullable(),
  kind: z.enum(['indicators', 'projects']).nullable(),
  used: z.boolean(),
  reason: z.string().nullable().describe('why it was left aside'),
  headerRow: z.number().int().nullable(),
  columns: z.record(z.string(), z.string()).describe('field → the header as written'),
  baselineYear: z.number().int().nullable(),
  targetYear: z.number().int().nullable(),
  rows: z.number().int(),
});

export const DraftPlanHeader = z.strictObject({
  code: z.string(),
  name: z.string(),
  issuer: z.string().nullable(),
  issued: z.string().nullable(),
  baselineYear: z.number().int().nullable(),
  targetYear: z.number().int().nullable(),
  status: z.enum(['active', 'completed']),
  source: z.string().nullable(),
});

export const LibraryIndicator = z.strictObject({
  code: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  polarity: z.enum(['higher', 'lower', 'neutral']).nullable(),
});

/** POST /api/plans/drafts: the draft, every row with what was understood and its problems. */
export const PlanDraftResponse = z.strictObject({
  format: z.enum(['docx', 'txt', 'xlsx']),
  plan: DraftPlanHeader,
  sections: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  indicators: z.array(DraftIndicator),
  projects: z.array(DraftProject),
  tables: z.array(DraftTable),
  problems: z.array(DraftProblem).describe('the plan’s and the tables’ (rows carry their own)'),
  library: z.array(LibraryIndicator).describe('the indicators rows may be linked to'),
  document: PlanFile.nullable().describe(
    'the plan file of the draft as it stands (null while its years are unknown)',
  ),
});
export type PlanDraftResponse = z.infer<typeof PlanDraftResponse>;

/** POST /api/plans: what was saved, and the rows saved with a caveat. */
export const PlanImportResponse = z.strictObject({
  code: z.string(),
  indicators: z.number().int(),
  projects: z.number().int(),
  values: z.number().int(),
  warnings: z.array(z.strictObject({ path: z.string(), message: z.string() })),
});
export type PlanImportResponse = z.infer<typeof PlanImportResponse>;

// Restated from core so the OpenAPI document shows them; the compiler refuses any difference.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _TargetRuleIsCore = Assert<Same<TargetRule, CoreTargetRule>>;
type _IndicatorIsCore = Assert<Same<Omit<DraftIndicator, 'problems'>, Omit<CoreDraftIndicator, 'reading'>>>;
type _ProjectIsCore = Assert<Same<Omit<DraftProject, 'problems'>, Omit<CoreDraftProject, 'reading'>>>;
type _HeaderIsCore = Assert<Same<z.infer<typeof DraftPlanHeader>, CoreDraftPlanHeader>>;
type _LibraryIsCore = Assert<Same<z.infer<typeof LibraryIndicator>, CoreLibraryIndicator>>;
// A drafted plan document is a plan file.
type _DraftDocumentIsPlanFile = Assert<CoreDraftPlanDocument extends z.input<typeof PlanFile> ? true : false>;
