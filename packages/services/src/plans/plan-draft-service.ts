import { rename, rm } from 'node:fs/promises';
import {
  AppError,
  draftPlan,
  draftProblems,
  draftToPlanDocument,
  msg,
  reviewIndicator,
  reviewProject,
  t,
} from '@healthwatch/core';
import type {
  DraftPlanDocument,
  DraftProblem as CoreProblem,
  LibraryIndicator,
  Locale,
  MessageKey,
  PlanDraft,
  PlanSourceFormat,
} from '@healthwatch/core';
import type { DraftProblem, PlanDraftResponse, PlanFile, PlanImportResponse } from '@healthwatch/contract';
import { cachedMetadataIndex, findPlan } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { coversEverything } from '../auth/access-scope.js';
import type { ServiceContext } from '../service-context.js';
import { planFormatOf, writePlanFile } from './plan-files.js';
import { importPlanDocument, PlanDocument } from './plan-service.js';
import { readPlanSource } from './plan-source-file.js';

export interface PlanDraftInput {
  /** The document on disk (an upload is spooled first). */
  path: string;
  /** Its name as the user knows it (the extension says the format unless `format` does). */
  fileName?: string | undefined;
  format?: PlanSourceFormat | null | undefined;
  code?: string | undefined;
  name?: string | undefined;
  tables?: readonly number[] | undefined;
  baselineYear?: number | undefined;
  targetYear?: number | undefined;
  /** The indicators rows may be linked to (`libraryFromStore`, `libraryFromMetadataFile`). */
  library: readonly LibraryIndicator[];
}

const CODE = /^[a-z0-9][a-z0-9-]{1,63}$/;

/**
 * Reads a plan's own document (DOCX, text, XLSX) into a draft plan for review: every row of its
 * indicator and project tables with the parsed target rule, nature, unit, baseline and library
 * link, and what to check, in the caller's language. Nothing is stored.
 */
export async function draftPlanFromFile(
  ctx: ServiceContext,
  input: PlanDraftInput,
): Promise<PlanDraftResponse> {
  if (input.code !== undefined && !CODE.test(input.code)) {
    throw new AppError('HW_VALIDATION', { reason: msg('draft.codeInvalid', { code: input.code }) });
  }
  const source = await readPlanSource(input.path, { format: input.format, name: input.fileName });
  const draft = draftPlan(source, input.library, {
    code: input.code,
    name: input.name,
    tables: input.tables,
    baselineYear: input.baselineYear,
    targetYear: input.targetYear,
    fileName: input.fileName,
    locale: ctx.locale,
  });
  return renderPlanDraft(draft, input.library, ctx.locale);
}

/** A draft as the API answers it: problems rendered, with the plan file it makes as it stands. */
export function renderPlanDraft(
  draft: PlanDraft,
  library: readonly LibraryIndicator[],
  locale: Locale,
): PlanDraftResponse {
  const render = (p: CoreProblem, origin: DraftProblem['origin']): DraftProblem => ({
    table: p.table,
    row: p.row,
    field: p.field,
    fieldLabel: t(locale, `draftField.${p.field}`),
    severity: p.severity,
    origin,
    key: p.message.key,
    message: t(locale, p.message.key, p.message.params),
    at:
      p.row !== null && p.table !== null
        ? t(locale, `draft.at.${draft.format}` as MessageKey, { table: p.table, row: p.row })
        : '',
  });
  const positions = new Map<number, number>();
  let document: PlanFile | null = null;
  if (draft.plan.baselineYear !== null && draft.plan.targetYear !== null) {
    document = draftToPlanDocument(draft);
  }
  return {
    format: draft.format,
    plan: draft.plan,
    sections: draft.sections,
    indicators: draft.indicators.map(({ reading, ...i }) => ({
      ...i,
      problems: [
        ...reading.map((p) => render(p, 'reading')),
        ...reviewIndicator(i).map((p) => render(p, 'review')),
      ],
    })),
    projects: draft.projects.map(({ reading, ...p }) => {
      const position = (positions.get(p.table) ?? 0) + 1;
      positions.set(p.table, position);
      return {
        ...p,
        problems: [
          ...reading.map((x) => render(x, 'reading')),
          ...reviewProject(p, position).map((x) => render(x, 'review')),
        ],
      };
    }),
    tables: draft.tables.map((x) => ({
      ...x,
      columns: { ...x.columns },
      reason: x.reason ? t(locale, x.reason.key, x.reason.params) : null,
    })),
    problems: draft.problems.map((p) => render(p, 'plan')),
    library: [...library],
    document,
  };
}

/** The number of problems of each severity in a draft (for the command line's summary). */
export function countDraftProblems(draft: Pick<PlanDraft, 'problems' | 'indicators' | 'projects'>): {
  errors: number;
  warnings: number;
} {
  const all = draftProblems(draft);
  return {
    errors: all.filter((p) => p.severity === 'error').length,
    warnings: all.filter((p) => p.severity === 'warning').length,
  };
}

/**
 * Writes a drafted plan file (JSON, YAML or the XLSX template by the extension), checked as an
 * import would check it first, into a temporary file renamed over the target at the end: the
 * file is either written whole or not at all.
 */
export async function writeDraftPlanFile(doc: DraftPlanDocument | PlanFile, path: string): Promise<void> {
  const parsed = PlanDocument.safeParse(doc);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
    }));
    throw new AppError('HW_METADATA_INVALID', { count: details.length }, { details });
  }
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writePlanFile(parsed.data, tmp, planFormatOf(path));
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Saves a plan file sent over HTTP (a reviewed draft's `document`): a plan is the whole district's,
 * so only callers whose capture scope covers it may save one; an existing plan of the same code is
 * replaced (with the figures entered for it) only when the caller says so.
 */
export async function savePlanFile(
  store: Store,
  ctx: ServiceContext,
  raw: unknown,
  o: { replace: boolean },
): Promise<PlanImportResponse> {
  if (
    ctx.scope !== 'everything' &&
    !coversEverything(ctx.scope.capturePaths, await cachedMetadataIndex(store))
  ) {
    throw new AppError('HW_FORBIDDEN', { reason: msg('forbidden.districtWidePlan') });
  }
  const code = typeof raw === 'object' && raw !== null ? (raw as { code?: unknown }).code : undefined;
  if (!o.replace && typeof code === 'string' && (await findPlan(store.db, code))) {
    throw new AppError('HW_CONFLICT', { reason: msg('reason.planExists', { code }) });
  }
  return importPlanDocument(store, raw);
}
