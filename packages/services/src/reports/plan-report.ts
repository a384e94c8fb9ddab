import { FAILING_STATUSES, PROJECT_STATUS_LABELS, STATUS_LABELS } from '@healthwatch/core';
import type { EvaluationKind, EvaluationStatus, IndicatorEvaluation, Locale } from '@healthwatch/core';
import type { PlanEvaluationResult } from '../plans/plan-service.js';

/**
 * What an evaluation report says, independent of its format: Markdown, HTML (and the PDF printed
 * from it) and DOCX all render this one model, so the formats never disagree.
 */
export interface PlanReport {
  locale: Locale;
  title: string;
  subtitle: string;
  /** Printed as a banner when the computed figures come from the synthetic demo district. */
  syntheticNotice: string | null;
  overview: string[];
  headline: { label: string; value: string }[];
  statusCounts: { status: EvaluationStatus; label: string; count: number; rag: IndicatorEvaluation['rag'] }[];
  table: {
    columns: string[];
    rows: {
      cells: string[];
      status: EvaluationStatus;
      label: string;
      rag: IndicatorEvaluation['rag'];
      atRisk: boolean;
    }[];
  };
  sections: { name: string; indicators: ChartSeries[] }[];
  risks: string[];
  quality: string[];
  projects: { columns: string[]; rows: string[][] };
  thresholds: string;
  generated: string;
}

/** One indicator's trend against its target trajectory (a chart). */
export interface ChartSeries {
  code: string;
  title: string;
  unit: string;
  years: number[];
  actual: (number | null)[];
  /** Straight line from the baseline to the target in the target year, when both are numbers. */
  trajectory: (number | null)[] | null;
  target: number | null;
  status: string;
  rag: IndicatorEvaluation['rag'];
}

const TEXT = {
  'zh-CN': {
    kinds: { annual: '年度监测报告', midterm: '中期评估报告', final: '终期评估报告' } satisfies Record<
      EvaluationKind,
      string
    >,
    subtitle: (p: PlanEvaluationResult) =>
      `规划期 ${p.baselineYear}—${p.targetYear} 年 · 数据年份 ${p.dataYear} 年 · 时间进度 ${pct(p.timeProgress)}${p.plan.issuer ? ` · ${p.plan.issuer}` : ''}`,
    synthetic:
      '本报告中由 HealthWatch 计算的数值来自合成的演示区县数据（synthetic demo data），不代表江津区的真实情况。',
    columns: ['指标', '性质', '基线', '目标', '最新值（年份）', '完成进度', '状态', '说明'],
    binding: '约束性',
    expected: '预期性',
    headline: ['指标总数', '进度达标率', '约束性指标达标率', '预期性指标达标率', '时间进度'],
    overview: (p: PlanEvaluationResult, counts: string) => [
      `${p.plan.name}共设 ${p.indicators.length} 项主要指标。截至 ${p.dataYear} 年，规划期时间进度为 ${pct(p.timeProgress)}。`,
      `${counts}。进度达标率 ${pct(p.summary.onScheduleRate.all)}，其中约束性指标 ${pct(p.summary.onScheduleRate.binding)}，预期性指标 ${pct(p.summary.onScheduleRate.expected)}。`,
    ],
    countItem: (label: string, n: number) => `${label} ${n} 项`,
    riskBinding: (names: string) => `约束性指标存在风险：${names}，须重点推进。`,
    riskBehind: (i: IndicatorEvaluation) => `${i.name}：${i.explanation}。`,
    noRisk: '无明显滞后的指标。',
    conflict: (i: IndicatorEvaluation) =>
      `${i.name}：${i.latest?.year ?? ''}年数据来源不一致，采用 ${num(i.latest?.value)}（${i.latest?.source ?? ''}），另有 ${i.conflicts.map((c) => `${num(c.value)}（${c.source}）`).join('、')}。`,
    baselineFromData: (i: IndicatorEvaluation) =>
      `${i.name}：规划未给出基线值，采用 ${i.baseline.year} 年数据 ${num(i.baseline.value)}（${i.baseline.source ?? ''}）。`,
    unstable: (i: IndicatorEvaluation) => `${i.name}：${i.explanation}。`,
    noData: (names: string) => `无数据的指标：${names}。`,
    none: '无。',
    projectColumns: ['序号', '项目名称', '建筑面积（㎡）', '床位（张）', '状态', '进展'],
    thresholds: (p: PlanEvaluationResult) =>
      `判定阈值：完成进度/时间进度 ≥ ${p.thresholds.faster} 为“快于预期”，≥ ${p.thresholds.onTrack} 为“基本符合预期”，否则为“滞后”；“左右”类目标容差为目标值的 ${pct(p.thresholds.approxTolerance)}；分子少于 ${p.thresholds.smallNumbers} 例为“小数波动”。完成进度 =（最新值 − 基线值）/（目标值 − 基线值）；时间进度 =（数据年份 − 基线年）/（目标年 − 基线年）。`,
    generated: (d: string) => `HealthWatch 健康守望 生成于 ${d}`,
    notes: (i: IndicatorEvaluation) => i.explanation,
  },
  en: {
    kinds: {
      annual: 'annual monitoring report',
      midterm: 'mid-term evaluation',
      final: 'final evaluation',
    } satisfies Record<EvaluationKind, string>,
    subtitle: (p: PlanEvaluationResult) =>
      `Plan period ${p.baselineYear}–${p.targetYear} · data year ${p.dataYear} · time elapsed ${pct(p.timeProgress)}${p.plan.issuer ? ` · ${p.plan.issuer}` : ''}`,
    synthetic:
      'Figures computed by HealthWatch in this report come from the synthetic demo district; they do not describe the real district.',
    columns: ['Indicator', 'Nature', 'Baseline', 'Target', 'Latest (year)', 'Completion', 'Status', 'Note'],
    binding: 'Binding',
    expected: 'Expected',
    headline: ['Indicators', 'On schedule', 'Binding on schedule', 'Expected on schedule', 'Time elapsed'],
    overview: (p: PlanEvaluationResult, counts: string) => [
      `The plan sets ${p.indicators.length} main indicators. By ${p.dataYear}, ${pct(p.timeProgress)} of the plan period has elapsed.`,
      `${counts}. On schedule: ${pct(p.summary.onScheduleRate.all)} (binding ${pct(p.summary.onScheduleRate.binding)}, expected ${pct(p.summary.onScheduleRate.expected)}).`,
    ],
    countItem: (label: string, n: number) => `${label}: ${n}`,
    riskBinding: (names: string) => `Binding indicators at risk: ${names}.`,
    riskBehind: (i: IndicatorEvaluation) =>
      `${i.name}: ${STATUS_LABELS[i.status].en}${i.completion !== null ? `, completion ${pct(i.completion)} against time ${pct(i.timeProgress)}` : ''}.`,
    noRisk: 'No indicator is behind schedule.',
    conflict: (i: IndicatorEvaluation) =>
      `${i.name}: sources disagree for ${i.latest?.year ?? ''}; used ${num(i.latest?.value)} (${i.latest?.source ?? ''}), also ${i.conflicts.map((c) => `${num(c.value)} (${c.source})`).join(', ')}.`,
    baselineFromData: (i: IndicatorEvaluation) =>
      `${i.name}: no declared baseline; the ${i.baseline.year} figure ${num(i.baseline.value)} (${i.baseline.source ?? ''}) is used.`,
    unstable: (i: IndicatorEvaluation) =>
      `${i.name}: fewer than the small-number threshold of events${i.pooled ? `; pooled ${i.pooled.fromYear}–${i.pooled.toYear}: ${num(i.pooled.value)} (${i.pooled.numerator} events)` : ''}.`,
    noData: (names: string) => `No data: ${names}.`,
    none: 'None.',
    projectColumns: ['No.', 'Project', 'Floor area (m²)', 'Beds', 'Status', 'Progress'],
    thresholds: (p: PlanEvaluationResult) =>
      `Thresholds: completion ÷ time elapsed ≥ ${p.thresholds.faster} is "faster than expected", ≥ ${p.thresholds.onTrack} "on track", otherwise "behind"; "approximately" targets allow ${pct(p.thresholds.approxTolerance)} of the target; fewer than ${p.thresholds.smallNumbers} events is "unstable". Completion = (latest − baseline) ÷ (target − baseline).`,
    generated: (d: string) => `Generated by HealthWatch on ${d}`,
    notes: (i: IndicatorEvaluation) =>
      i.completion !== null
        ? `completion ${pct(i.completion)}, time ${pct(i.timeProgress)}`
        : i.latest
          ? `${i.latest.year}: ${num(i.latest.value)}`
          : '',
  },
} as const;

/** The parts of a report, in order; renderers number the ones they print. */
export const REPORT_PARTS = {
  'zh-CN': {
    overview: '总体情况',
    indicators: '指标完成情况',
    trends: '分领域趋势（实际值与目标轨迹）',
    risks: '风险与问题',
    quality: '数据质量说明',
    projects: '重大工程项目',
  },
  en: {
    overview: 'Overview',
    indicators: 'Indicators',
    trends: 'Trends by area (actual against the target path)',
    risks: 'Risks',
    quality: 'Data quality',
    projects: 'Major projects',
  },
} as const;

/** Numbers headings the way each language does: 一、二、… or 1. 2. … */
export function headingNumberer(locale: Locale): (text: string) => string {
  let n = 0;
  return (text) => {
    n++;
    return locale === 'en' ? `${n}. ${text}` : `${'一二三四五六七八九十'[n - 1] ?? String(n)}、${text}`;
  };
}

export const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);
export const num = (x: number | null | undefined): string =>
  x === null || x === undefined ? '—' : String(Math.round(x * 100) / 100);

/** Builds the report model of an evaluation. `today` (yyyy-mm-dd) is printed as the generation date. */
export function planReport(e: PlanEvaluationResult, locale: Locale, today: string): PlanReport {
  const tx = TEXT[locale];
  const label = (s: EvaluationStatus): string =>
    locale === 'en' ? STATUS_LABELS[s].en : STATUS_LABELS[s].zh;
  const statusCounts = (Object.keys(STATUS_LABELS) as EvaluationStatus[])
    .filter((s) => (e.summary.byStatus[s] ?? 0) > 0)
    .map((s) => ({
      status: s,
      label: label(s),
      count: e.summary.byStatus[s] ?? 0,
      rag: STATUS_LABELS[s].rag,
    }));
  const counts = statusCounts.map((c) => tx.countItem(c.label, c.count)).join(locale === 'en' ? '; ' : '，');
  const latestText = (i: IndicatorEvaluation): string =>
    i.latest
      ? i.latest.value === null
        ? (i.latest.text ?? '')
        : `${num(i.latest.value)}（${i.latest.year}）`
      : '—';
  const rows = e.indicators.map((i) => ({
    cells: [
      `${i.name}${i.unit ? `（${i.unit}）` : ''}`,
      i.nature === 'binding' ? tx.binding : tx.expected,
      `${num(i.baseline.value)}${i.baseline.source ? '*' : ''}`,
      i.wording,
      latestText(i),
      pct(i.completion),
      label(i.status),
      tx.notes(i),
    ],
    status: i.status,
    label: label(i.status),
    rag: i.rag,
    atRisk: i.atRisk,
  }));
  const byCode = new Map(e.indicators.map((i) => [i.code, i]));
  const sections = e.sections.map((s) => ({
    name: s.name,
    indicators: s.indicators.flatMap((code) => {
      const i = byCode.get(code);
      return i ? [chartSeries(i, e, label(i.status))] : [];
    }),
  }));
  const risks: string[] = [];
  const atRisk = e.indicators.filter((i) => i.atRisk);
  if (atRisk.length > 0) {
    risks.push(tx.riskBinding(atRisk.map((i) => i.name).join(locale === 'en' ? ', ' : '、')));
  }
  for (const i of [...atRisk, ...e.indicators.filter((x) => !x.atRisk && FAILING_STATUSES.has(x.status))]) {
    risks.push(tx.riskBehind(i));
  }
  if (risks.length === 0) {
    risks.push(tx.noRisk);
  }
  const quality: string[] = [];
  for (const i of e.indicators.filter((x) => x.conflicts.length > 0)) {
    quality.push(tx.conflict(i));
  }
  for (const i of e.indicators.filter((x) => x.baseline.source)) {
    quality.push(tx.baselineFromData(i));
  }
  for (const i of e.indicators.filter((x) => x.status === 'unstable')) {
    quality.push(tx.unstable(i));
  }
  const noData = e.indicators.filter((i) => i.status === 'no_data');
  if (noData.length > 0) {
    quality.push(tx.noData(noData.map((i) => i.name).join(locale === 'en' ? ', ' : '、')));
  }
  if (quality.length === 0) {
    quality.push(tx.none);
  }
  const r = e.summary.onScheduleRate;
  return {
    locale,
    title:
      locale === 'en'
        ? `${e.plan.name}: ${tx.kinds[e.kind]} (data year ${e.dataYear})`
        : `${e.plan.name}${tx.kinds[e.kind]}`,
    subtitle: tx.subtitle(e),
    syntheticNotice: e.syntheticData ? tx.synthetic : null,
    overview: [...tx.overview(e, counts)],
    headline: [
      { label: tx.headline[0], value: String(e.indicators.length) },
      { label: tx.headline[1], value: pct(r.all) },
      { label: tx.headline[2], value: pct(r.binding) },
      { label: tx.headline[3], value: pct(r.expected) },
      { label: tx.headline[4], value: pct(e.timeProgress) },
    ],
    statusCounts,
    table: { columns: [...tx.columns], rows },
    sections,
    risks,
    quality,
    projects: {
      columns: [...tx.projectColumns],
      rows: e.projects.map((p) => [
        String(p.no),
        p.name,
        num(p.floorArea),
        num(p.beds),
        p.status
          ? locale === 'en'
            ? PROJECT_STATUS_LABELS[p.status].en
            : PROJECT_STATUS_LABELS[p.status].zh
          : '—',
        p.progressNote ?? (p.progress !== null && p.progress !== undefined ? `${p.progress}%` : '—'),
      ]),
    },
    thresholds: tx.thresholds(e),
    generated: tx.generated(today),
  };
}

function chartSeries(i: IndicatorEvaluation, e: PlanEvaluationResult, status: string): ChartSeries {
  const years = Array.from({ length: e.targetYear - e.baselineYear + 1 }, (_, k) => e.baselineYear + k);
  const byYear = new Map(i.series.map((s) => [s.year, s.value]));
  const x0 = i.baseline.value;
  const target = i.target;
  const trajectory =
    x0 !== null && target !== null
      ? years.map((y) => x0 + ((target - x0) * (y - e.baselineYear)) / (e.targetYear - e.baselineYear))
      : null;
  return {
    code: i.code,
    title: i.name,
    unit: i.unit ?? '',
    years,
    actual: years.map((y) => byYear.get(y) ?? null),
    trajectory,
    target,
    status,
    rag: i.rag,
  };
}
