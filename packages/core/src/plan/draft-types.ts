import type { MessageRef } from '../i18n/translate.js';
import type { DraftField, TableKind } from './draft-columns.js';
import type { DraftLink } from './draft-link.js';
import type { PlanSourceFormat } from './plan-source.js';
import type { TargetRule } from './target-rule.js';

/**
 * A draft plan read from a plan's own document: every row of its indicator and project tables
 * with what was understood from it and what the reviewer should look at, before it becomes a
 * plan file (`draftToPlanDocument`).
 */

/**
 * One thing to look at, where it is: the table, the row (as its reader counts rows: the table's
 * row in a Word document, the file's line in a text file, the sheet's row in a spreadsheet) and the field.
 * `error`: the row cannot become part of the plan as it is (left out); `warning`: it can, check it.
 */
export interface DraftProblem {
  table: number | null;
  row: number | null;
  field: DraftField;
  severity: 'error' | 'warning';
  message: MessageRef;
}

export type DraftPolarity = 'higher' | 'lower' | 'neutral';
export type DraftNature = 'binding' | 'expected';

export interface DraftIndicator {
  table: number;
  row: number;
  /** The 序号 cell, when there is one. */
  no: number | null;
  code: string;
  /** The section's code (see `PlanDraft.sections`). */
  section: string;
  name: string;
  unit: string | null;
  /** Where the unit came from: the document (the 单位 column or the name's brackets) or the linked library indicator. */
  unitFrom: 'document' | 'library' | 'user' | null;
  baseline: number | null;
  /** The baseline cell as written (`84左右`, `—`). */
  baselineText: string;
  baselineYear: number | null;
  /** The target as worded; '' when the cell is empty. */
  target: string;
  rule: TargetRule;
  nature: DraftNature;
  /** The 指标属性 cell as written; null when the table has no such column. */
  natureText: string | null;
  natureFrom: 'document' | 'default' | 'user';
  polarity: DraftPolarity;
  polarityFrom: 'library' | 'wording' | 'guess' | 'user';
  /** The linked library indicator's code. */
  indicator: string | null;
  link: DraftLink | null;
  /** A library indicator of the same name whose unit differs (not linked). */
  unitDiffers: { code: string; name: string; unit: string | null } | null;
  relativeTo: string | null;
  note: string | null;
  /** The result the table reports for the target year (a completed plan's 实际值). */
  actual: { year: number; value: number | null; text: string | null } | null;
  /** Where the row's figures come from, as the plan file's `source` (`《…规划》专栏2`). */
  source: string;
  /** Problems of reading the row (cells missing); the review's problems are `reviewIndicator(row)`. */
  reading: DraftProblem[];
}

export interface DraftProject {
  table: number;
  row: number;
  /** The 序号 as written (null when the cell has no number). */
  no: number | null;
  name: string;
  content: string | null;
  floorArea: number | null;
  beds: number | null;
  equipment: string | null;
  investment: number | null;
  /** The investment cell as written. */
  investmentText: string | null;
  startDate: string | null;
  endDate: string | null;
  reading: DraftProblem[];
}

export interface DraftTable {
  index: number;
  caption: string | null;
  kind: TableKind | null;
  /** Whether the draft is made from it. */
  used: boolean;
  /** Why it was left aside. */
  reason: MessageRef | null;
  /** The header's row, and the columns it names (field → header as written). */
  headerRow: number | null;
  columns: Partial<Record<DraftField, string>>;
  baselineYear: number | null;
  targetYear: number | null;
  rows: number;
}

export interface DraftPlanHeader {
  code: string;
  name: string;
  issuer: string | null;
  issued: string | null;
  baselineYear: number | null;
  targetYear: number | null;
  status: 'active' | 'completed';
  source: string | null;
}

export interface PlanDraft {
  format: PlanSourceFormat;
  plan: DraftPlanHeader;
  sections: { code: string; name: string }[];
  indicators: DraftIndicator[];
  projects: DraftProject[];
  tables: DraftTable[];
  /** Problems of the plan as a whole (its code, name, period) and of tables left aside. */
  problems: DraftProblem[];
}
