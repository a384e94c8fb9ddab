import { AppError, msg, evaluatePlan, parseTargetWording, DEFAULT_THRESHOLDS } from '@healthwatch/core';
import type {
  EvaluationKind,
  EvaluationThresholds,
  PlanEvaluation,
  PlanIndicatorInput,
  YearValue,
} from '@healthwatch/core';
import {
  cachedMetadataIndex,
  findPlan,
  indicatorCodes,
  listPlans,
  planValues,
  readSetting,
  savePlan,
  topOrgUnitUid,
} from '@healthwatch/store';
import type { StoredPlan, Store } from '@healthwatch/store';
import { PlanFile } from '@healthwatch/contract';
import type { EvaluationResponse } from '@healthwatch/contract';
import { queryAnalytics } from '../analytics/analytics-service.js';
import type { ServiceContext } from '../service-context.js';
import { DEMO_SOURCE, SYNTHETIC_SETTING } from '../demo/demo-district.js';
import { readPlanFile, writePlanFile } from './plan-files.js';
import type { PlanFileFormat } from './plan-files.js';

/**
 * The plan file format (docs/plans.md): one JSON document per plan. Its schema is the API
 * contract's (POST /api/plans takes the same document), defined once there.
 */
export const PlanDocument = PlanFile;
export type PlanDocument = PlanFile;

export interface PlanImportResult {
  code: string;
  indicators: number;
  projects: number;
  values: number;
  /** Rows imported with a caveat (a target wording read as qualitative), naming the row. */
  warnings: { path: string; message: string }[];
}

/** Imports a plan file (JSON, YAML or the XLSX template). A target wording no rule knows imports as qualitative, with a warning. */
export async function importPlanFile(store: Store, path: string): Promise<PlanImportResult> {
  return importPlanDocument(store, await readPlanFile(path));
}

/** Writes a stored plan (with its figures) as JSON, YAML or the XLSX template. */
export async function exportPlanFile(
  store: Store,
  code: string,
  path: string,
  format?: PlanFileFormat,
): Promise<void> {
  const plan = await loadPlan(store, code);
  const doc = plan.doc as PlanDocument;
  const values = (await planValues(store.db, plan.id)).map((v) => ({
    indicator: v.indicatorCode,
    year: v.year,
    value: v.value,
    text: v.text,
    statedMet: v.statedMet,
    numerator: v.numerator,
    source: v.source,
    status: v.status as 'final',
    note: v.note,
  }));
  await writePlanFile({ ...doc, values }, path, format);
}

export async function importPlanDocument(store: Store, raw: unknown): Promise<PlanImportResult> {
  const parsed = PlanDocument.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 100)
      .map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new AppError('HW_METADATA_INVALID', { count: details.length }, { details });
  }
  const doc = parsed.data;
  const issues: { path: string; message: string }[] = [];
  const warnings: { path: string; message: string }[] = [];
  const codes = new Set<string>();
  doc.indicators.forEach((ind, i) => {
    if (codes.has(ind.code)) {
      issues.push({ path: `indicators[${i}].code`, message: `重复的指标编码 ${ind.code}` });
    }
    codes.add(ind.code);
    if (!doc.sections.some((s) => s.code === ind.section)) {
      issues.push({ path: `indicators[${i}].section`, message: `未知的篇章 ${ind.section}` });
    }
    // A wording no rule knows never refuses a plan: the indicator comes in as qualitative (定性).
    if (parseTargetWording(ind.target, ind.relativeTo ?? undefined).kind === 'qualitative') {
      warnings.push({
        path: `indicators[${i}].target`,
        message: `第 ${i + 1} 项指标“${ind.name}”的目标表述“${ind.target}”未能识别，按定性指标导入`,
      });
    }
  });
  doc.values.forEach((v, i) => {
    if (!codes.has(v.indicator)) {
      issues.push({ path: `values[${i}].indicator`, message: `未知的规划指标 ${v.indicator}` });
    }
    if ((v.value === null || v.value === undefined) && !v.text) {
      issues.push({ path: `values[${i}]`, message: '需要 value 或 text' });
    }
  });
  if (issues.length > 0) {
    throw new AppError('HW_METADATA_INVALID', { count: issues.length }, { details: issues });
  }
  await store.transaction(async (tx) => {
    await savePlan(
      tx,
      {
        code: doc.code,
        name: doc.name,
        issuer: doc.issuer ?? null,
        baselineYear: doc.baselineYear,
        targetYear: doc.targetYear,
        status: doc.status,
        doc,
      },
      doc.values.map((v) => ({
        indicatorCode: v.indicator,
        year: v.year,
        value: v.value ?? null,
        text: v.text ?? null,
        statedMet: v.statedMet ?? null,
        numerator: v.numerator ?? null,
        source: v.source,
        status: v.status,
        note: v.note ?? null,
      })),
    );
  });
  return {
    code: doc.code,
    indicators: doc.indicators.length,
    projects: doc.projects.length,
    values: doc.values.length,
    warnings,
  };
}

export async function listPlanSummaries(store: Store): Promise<
  {
    code: string;
    name: string;
    issuer: string | null;
    baselineYear: number;
    targetYear: number;
    status: string;
    indicators: number;
    projects: number;
  }[]
> {
  return (await listPlans(store.db)).map((p) => {
    const doc = p.doc as PlanDocument;
    return {
      code: p.code,
      name: p.name,
      issuer: p.issuer,
      baselineYear: p.baselineYear,
      targetYear: p.targetYear,
      status: p.status,
      indicators: doc.indicators.length,
      projects: doc.projects.length,
    };
  });
}

export interface PlanEvaluationResult extends PlanEvaluation {
  plan: { code: string; name: string; issuer: string | null };
  /** The data behind computed values are the synthetic demo district. */
  syntheticData: boolean;
  sections: { code: string; name: string; indicators: string[] }[];
  projects: PlanDocument['projects'];
  /** Plan indicator code → the library indicator HealthWatch computes it from (for breakdowns by area). */
  links: Record<string, string>;
  /** The org unit the computed values are for. */
  orgUnit: string | null;
  /** Every figure known per plan indicator (reported and computed, each with its source), by year. */
  figures: Record<string, YearValue[]>;
}

async function loadPlan(store: Store, code: string): Promise<StoredPlan> {
  const plan = await findPlan(store.db, code);
  if (!plan) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.plan'), id: code });
  }
  return plan;
}

/**
 * Evaluates a plan for a data year: reported figures come from the plan's values; indicators
 * linked to a computable library indicator also get the value HealthWatch computes from the data
 * (at `orgUnit`, by default the top of the hierarchy), so both appear with their provenance.
 */
export async function evaluatePlanService(
  store: Store,
  ctx: ServiceContext,
  opts: {
    plan: string;
    year: number;
    kind: EvaluationKind;
    orgUnit?: string | undefined;
    thresholds?: Partial<EvaluationThresholds>;
  },
): Promise<PlanEvaluationResult> {
  const plan = await loadPlan(store, opts.plan);
  const doc = plan.doc as PlanDocument;
  if (opts.year < plan.baselineYear || opts.year > plan.targetYear + 5) {
    throw new AppError('HW_VALIDATION', {
      reason: msg('reason.planYearOutside', {
        year: opts.year,
        from: plan.baselineYear,
        to: plan.targetYear,
      }),
    });
  }
  const stored = await planValues(store.db, plan.id);
  const computed = new Map<string, YearValue[]>();
  const linked = doc.indicators.filter((i) => i.indicator);
  const top = await topOrgUnitUid(store.db);
  // The unit as the caller wrote it (code, uid or name), compared as a uid with the top.
  const ou = opts.orgUnit === undefined ? top : await orgUnitUid(store, opts.orgUnit);
  // Reported figures (statistics bureau, plan documents …) are the plan area's: they describe the
  // top of the hierarchy, never a town or an institution evaluated on its own.
  const areaWide = ou === top;
  const synthetic = (await readSetting(store.db, SYNTHETIC_SETTING)) === 'true';
  if (ou && linked.length > 0) {
    const codeOf = await indicatorCodes(store.db);
    const known = new Set([...codeOf.entries()].flat());
    const refs = linked.map((i) => i.indicator ?? '').filter((r) => known.has(r));
    if (refs.length > 0) {
      const years = Array.from({ length: opts.year - plan.baselineYear + 1 }, (_, k) =>
        String(plan.baselineYear + k),
      );
      const r = await queryAnalytics(store, ctx, {
        dx: [...new Set(refs)],
        pe: years,
        ou: [ou],
        includeNumDen: true,
      });
      for (const row of r.rows) {
        const libCode = codeOf.get(row.dx) ?? row.dx;
        for (const ind of linked.filter((i) => i.indicator === libCode || i.indicator === row.dx)) {
          const list = computed.get(ind.code) ?? [];
          list.push({
            year: Number(row.pe),
            value: row.value,
            source: synthetic ? `HealthWatch 由原始数据计算（${DEMO_SOURCE}）` : 'HealthWatch 由原始数据计算',
            status: 'preliminary',
            provenance: 'computed',
            ...(row.numerator !== undefined
              ? { numerator: row.numerator, denominator: row.denominator ?? null, factor: row.factor ?? null }
              : {}),
          });
          computed.set(ind.code, list);
        }
      }
    }
  }
  const inputs: PlanIndicatorInput[] = doc.indicators.map((ind) => ({
    code: ind.code,
    name: ind.name,
    nature: ind.nature,
    polarity: ind.polarity,
    unit: ind.unit ?? null,
    wording: ind.target,
    rule: (() => {
      const r = parseTargetWording(ind.target, ind.relativeTo ?? undefined);
      return r.kind === 'approx'
        ? {
            ...r,
            ...(ind.tolerance !== null && ind.tolerance !== undefined ? { tolerance: ind.tolerance } : {}),
            ...(ind.overshootMet ? { overshootMet: true } : {}),
          }
        : r;
    })(),
    baseline: { year: ind.baselineYear ?? plan.baselineYear, value: ind.baseline ?? null },
    values: [
      ...stored
        .filter((v) => areaWide && v.indicatorCode === ind.code)
        .map((v): YearValue => ({
          year: v.year,
          value: v.value,
          text: v.text,
          statedMet: v.statedMet,
          source: v.source,
          status: v.status,
          provenance: 'reported',
          numerator: v.numerator,
        })),
      ...(computed.get(ind.code) ?? []),
    ],
  }));
  const evaluation = evaluatePlan(
    { baselineYear: plan.baselineYear, targetYear: plan.targetYear },
    opts.year,
    opts.kind,
    inputs,
    { ...DEFAULT_THRESHOLDS, ...opts.thresholds },
  );
  return {
    ...evaluation,
    plan: { code: plan.code, name: plan.name, issuer: plan.issuer },
    syntheticData: synthetic,
    sections: doc.sections.map((s) => ({
      ...s,
      indicators: doc.indicators.filter((i) => i.section === s.code).map((i) => i.code),
    })),
    projects: doc.projects,
    links: Object.fromEntries(linked.map((i) => [i.code, i.indicator ?? ''])),
    orgUnit: ou ?? null,
    figures: Object.fromEntries(inputs.map((i) => [i.code, [...i.values].sort((a, b) => a.year - b.year)])),
    // This is the JSON answer of GET /api/plans/{code}/evaluation: the compiler holds it to the contract.
  } satisfies EvaluationResponse;
}

/** Reads threshold overrides (CLI options or query parameters); a bad number is rejected by name. */
export function parseThresholds(
  raw: Partial<Record<keyof EvaluationThresholds, string | undefined>>,
): Partial<EvaluationThresholds> {
  const out: Partial<EvaluationThresholds> = {};
  const bounds: Record<keyof EvaluationThresholds, [number, number]> = {
    faster: [0, 10],
    onTrack: [0, 10],
    approxTolerance: [0, 1],
    smallNumbers: [0, 1000],
  };
  for (const key of Object.keys(bounds) as (keyof EvaluationThresholds)[]) {
    const text = raw[key];
    if (text === undefined || text === '') {
      continue;
    }
    const n = Number(text);
    const [lo, hi] = bounds[key];
    if (!Number.isFinite(n) || n < lo || n > hi) {
      throw new AppError('HW_VALIDATION', {
        reason: msg('reason.thresholdRange', { key, value: text, lo, hi }),
      });
    }
    out[key] = n;
  }
  if ((out.faster ?? DEFAULT_THRESHOLDS.faster) < (out.onTrack ?? DEFAULT_THRESHOLDS.onTrack)) {
    throw new AppError('HW_VALIDATION', { reason: msg('reason.fasterBelowOnTrack') });
  }
  return out;
}

/** The uid of a unit written by code, uid or name; 404 when there is none (or several by that name). */
async function orgUnitUid(store: Store, ref: string): Promise<string> {
  const found = (await cachedMetadataIndex(store)).findOrgUnit(ref);
  if (!found || found === 'ambiguous') {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: ref });
  }
  return found.uid;
}
