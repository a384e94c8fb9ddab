import { AppError } from '../errors.js';
import { msg } from '../i18n/translate.js';
import { reviewIndicator, reviewProject } from './draft-review.js';
import type {
  DraftIndicator,
  DraftNature,
  DraftPlanHeader,
  DraftProject,
  DraftPolarity,
} from './draft-types.js';

/** The plan file (docs/plans.md) a reviewed draft becomes; `healthwatch plan import` and `POST /api/plans` take it. */
export interface DraftPlanDocument {
  code: string;
  name: string;
  issuer: string | null;
  issued: string | null;
  baselineYear: number;
  targetYear: number;
  status: 'active' | 'completed';
  source: string | null;
  sections: { code: string; name: string }[];
  indicators: {
    code: string;
    section: string;
    name: string;
    unit: string | null;
    polarity: DraftPolarity;
    nature: DraftNature;
    target: string;
    baseline: number | null;
    baselineYear?: number;
    indicator: string | null;
    relativeTo?: string;
    note?: string;
  }[];
  projects: {
    no: number;
    name: string;
    content: string | null;
    floorArea: number | null;
    beds: number | null;
    equipment: string | null;
    investment: number | null;
    status: null;
    progress: null;
    progressNote: null;
    startDate: string | null;
    endDate: string | null;
  }[];
  values: {
    indicator: string;
    year: number;
    value?: number;
    text?: string;
    source: string;
    status: 'final';
  }[];
}

type Indicator = Pick<
  DraftIndicator,
  | 'code'
  | 'section'
  | 'name'
  | 'unit'
  | 'polarity'
  | 'nature'
  | 'target'
  | 'baseline'
  | 'baselineYear'
  | 'indicator'
  | 'relativeTo'
  | 'note'
  | 'actual'
  | 'source'
> &
  Parameters<typeof reviewIndicator>[0];
type Project = Omit<DraftProject, 'reading'>;

/**
 * The plan file of a draft as it stands (after the reviewer's corrections): rows with an error
 * (no name) are left out; an empty target is written `—` (no quantified target); the baselines and
 * a completed plan's results become the plan's figures of their year, with the table as source.
 */
export function draftToPlanDocument(d: {
  plan: DraftPlanHeader;
  sections: readonly { code: string; name: string }[];
  indicators: readonly Indicator[];
  projects: readonly Project[];
}): DraftPlanDocument {
  const { baselineYear, targetYear } = d.plan;
  if (baselineYear === null || targetYear === null) {
    throw new AppError('HW_VALIDATION', { reason: msg('draft.yearsMissing') });
  }
  const indicators = d.indicators.filter((i) => !reviewIndicator(i).some((p) => p.severity === 'error'));
  const positions = new Map<number, number>();
  const projects = d.projects
    .map((p) => {
      const position = (positions.get(p.table) ?? 0) + 1;
      positions.set(p.table, position);
      return { p, position };
    })
    .filter(({ p, position }) => !reviewProject(p, position).some((x) => x.severity === 'error'));
  const used = new Set(indicators.map((i) => i.section));
  const values: DraftPlanDocument['values'] = [];
  for (const i of indicators) {
    const year = i.baselineYear;
    if (i.baseline !== null && year !== null) {
      values.push({ indicator: i.code, year, value: i.baseline, source: i.source, status: 'final' });
    }
    if (i.actual) {
      values.push({
        indicator: i.code,
        year: i.actual.year,
        ...(i.actual.value !== null ? { value: i.actual.value } : { text: i.actual.text ?? '' }),
        source: i.source,
        status: 'final',
      });
    }
  }
  return {
    code: d.plan.code,
    name: d.plan.name,
    issuer: d.plan.issuer,
    issued: d.plan.issued,
    baselineYear,
    targetYear,
    status: d.plan.status,
    source: d.plan.source,
    sections: d.sections.filter((s) => used.has(s.code)).map((s) => ({ code: s.code, name: s.name })),
    indicators: indicators.map((i) => ({
      code: i.code,
      section: i.section,
      name: i.name,
      unit: i.unit,
      polarity: i.polarity,
      nature: i.nature,
      target: i.target.trim() === '' ? '—' : i.target,
      baseline: i.baseline,
      ...(i.baselineYear !== null ? { baselineYear: i.baselineYear } : {}),
      indicator: i.indicator,
      ...(i.relativeTo ? { relativeTo: i.relativeTo } : {}),
      ...(i.note ? { note: i.note } : {}),
    })),
    projects: projects.map(({ p, position }) => ({
      no: p.no ?? position,
      name: p.name,
      content: p.content,
      floorArea: p.floorArea,
      beds: p.beds,
      equipment: p.equipment,
      investment: p.investment,
      status: null,
      progress: null,
      progressNote: null,
      startDate: p.startDate,
      endDate: p.endDate,
    })),
    values,
  };
}
