import {
  EVENT_STATUS_LABELS,
  EventGrade,
  GRADE_LABELS,
  periodLabel,
  STATUS_LABELS,
  tryParsePeriod,
} from '@healthwatch/core';
import type { EvaluationStatus } from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import { useEffect, useMemo, useState } from 'react';
import { Card, ErrorBox, Loading, ProgressBars, RAG_COLORS, StatusBadge } from '../components/common';
import { Chart, Sparkline } from '../components/chart';
import type { ChartOption } from '../components/chart';
import { useI18n } from '../i18n/i18n';
import type { ApiError } from '../lib/api';
import { api, query, toApiError } from '../lib/api';
import { completenessPercent, completenessSummary } from '../lib/completeness-rate';
import { defaultPlan, loadEvaluation } from '../lib/plan-year';
import { href } from '../lib/router';
import type { Route } from '../lib/router';
import { can, useSession } from '../lib/session';

/** What the cockpit loads from several answers before it draws. */
interface CockpitData {
  evaluation: Api.EvaluationResponse | null;
  completeness: Api.CompletenessResponse | null;
  completenessSet: string | null;
  events: Api.SurveillanceEvent[] | null;
}

/** The plan at a glance for the user's scope: status counts, binding indicators, trends, completeness, warnings. */
export function CockpitPage({ route }: { route: Route }): React.JSX.Element {
  const { t, pct, num, lang, label } = useI18n();
  const { me } = useSession();
  const wall = route.params.get('screen') === '1';
  const scope = me.view?.[0];
  const [data, setData] = useState<CockpitData | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    const run = async (): Promise<CockpitData> => {
      const { plans } = await api<Api.PlanListResponse>('/api/plans');
      const plan = plans.find((p) => p.code === route.params.get('plan')) ?? defaultPlan(plans);
      const yearParam = Number(route.params.get('year'));
      const [evaluation, sets, events] = await Promise.all([
        plan
          ? loadEvaluation(plan, {
              year: Number.isInteger(yearParam) && yearParam > 0 ? yearParam : undefined,
              ou: scope?.id,
            })
          : Promise.resolve(null),
        api<Api.DataSetList>('/api/metadata/dataSets'),
        can(me, 'SURVEILLANCE')
          ? api<Api.SurveillanceEventsResponse>(`/api/surveillance/events${query({ limit: 100 })}`).then(
              (r) => latestEvents(r.events),
            )
          : Promise.resolve(null),
      ]);
      // Completeness of the monthly routine reports (the set most units fill in) for the latest
      // period due on the server's today: the server picks it when no period is asked.
      const monthly = sets.dataSets.find((d) => d.periodType === 'Monthly' && d.orgUnits.length > 0);
      const root =
        scope?.code ??
        scope?.id ??
        (await api<Api.OrgUnitList>('/api/metadata/orgUnits')).orgUnits.find((o) => !o.parent)?.id;
      const completeness =
        monthly && root
          ? await api<Api.CompletenessResponse>(
              `/api/completeness${query({ ds: monthly.code ?? monthly.id, ou: root })}`,
            ).catch(() => null)
          : null;
      return { evaluation, completeness, completenessSet: monthly?.name ?? null, events };
    };
    run()
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(toApiError(e)));
    return () => {
      live = false;
    };
  }, [route.params, me, scope?.id, scope?.code, lang]);
  const charts = useMemo(
    () => (data?.evaluation ? cockpitCharts(data.evaluation, label, wall) : null),
    [data, label, wall],
  );
  if (error) {
    return <ErrorBox error={error} />;
  }
  if (!data) {
    return <Loading />;
  }
  const e = data.evaluation;
  if (!e || !charts) {
    return <Card title={t('cockpit.title')}>{t('cockpit.noPlan')}</Card>;
  }
  const binding = e.indicators.filter((i) => i.nature === 'binding');
  const headline = [...binding, ...e.indicators.filter((i) => i.nature !== 'binding')]
    .filter((i) => i.series.filter((s) => s.value !== null).length >= 2)
    .slice(0, wall ? 8 : 6);
  return (
    <div className={wall ? 'cockpit wall-grid' : 'cockpit'} data-testid="cockpit">
      <div className="page-head">
        <div>
          <h1>
            {e.plan.name} · {t('cockpit.title')}
          </h1>
          <p className="muted">
            {t('cockpit.dataYear', { year: e.dataYear, progress: pct(e.timeProgress) })}
            {scope ? ` · ${t('cockpit.scope', { scope: scope.name })}` : ''}
            {e.syntheticData ? ` · ${t('app.synthetic')}` : ''}
          </p>
        </div>
        <a className="button" href={wall ? href('/') : href('/', { screen: 1 })}>
          {wall ? t('cockpit.exitScreen') : t('cockpit.largeScreen')}
        </a>
      </div>
      <div className="kpis">
        <div className="kpi">
          <span>{t('plan.indicators')}</span>
          <strong data-testid="kpi-indicators">{e.indicators.length}</strong>
        </div>
        <div className="kpi">
          <span>{t('cockpit.onSchedule')}</span>
          <strong>{pct(e.summary.onScheduleRate.all)}</strong>
        </div>
        <div className="kpi">
          <span>{t('cockpit.atRisk')}</span>
          <strong className="red">{e.summary.atRisk.length}</strong>
        </div>
        {data.completeness && (
          <div className="kpi">
            <span>
              {t('cockpit.completeness', {
                period: data.completeness.periods.map((id) => periodName(id, lang)).join('、'),
              })}
            </span>
            <strong data-testid="kpi-completeness" title={completenessSummary(t, data.completeness)}>
              {completenessPercent(data.completeness.rate)}
            </strong>
            <small data-testid="kpi-completeness-counts">
              {data.completenessSet} ·{' '}
              {t('cockpit.completenessRate', {
                actual: data.completeness.actual,
                expected: data.completeness.expected,
              })}
            </small>
          </div>
        )}
      </div>
      <div className="grid two">
        <Card title={t('cockpit.byStatus')}>
          <Chart option={charts.status} label={t('cockpit.byStatus')} height={wall ? 320 : 240} />
        </Card>
        <Card title={t('cockpit.bySection')}>
          <Chart option={charts.sections} label={t('cockpit.bySection')} height={wall ? 320 : 240} />
        </Card>
      </div>
      <Card title={t('cockpit.binding')}>
        <table className="table" data-testid="binding-table">
          <thead>
            <tr>
              <th>{t('common.name')}</th>
              <th>{t('plan.target')}</th>
              <th>{t('plan.latest')}</th>
              <th>{t('common.status')}</th>
              <th>{t('plan.progress')}</th>
              <th>{t('plan.trend')}</th>
            </tr>
          </thead>
          <tbody>
            {binding.map((i) => (
              <tr key={i.code}>
                <td>
                  <a href={href(`/plans/${e.plan.code}/indicators/${i.code}`, { year: e.dataYear })}>
                    {i.name}
                  </a>
                </td>
                <td>{i.wording}</td>
                <td data-indicator={i.code}>
                  {num(i.latest?.value)} {i.unit ?? ''}{' '}
                  {i.latest ? <small className="muted">({i.latest.year})</small> : null}
                </td>
                <td>
                  <StatusBadge status={i.status} rag={i.rag} />
                </td>
                <td>
                  <ProgressBars completion={i.completion} time={i.timeProgress} />
                </td>
                <td style={{ color: RAG_COLORS[i.rag] }}>
                  <Sparkline values={i.series.map((s) => s.value)} label={`${i.name} ${t('plan.trend')}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <div className="grid two">
        <Card title={t('cockpit.headline')}>
          <ul className="headline">
            {headline.map((i) => (
              <li key={i.code}>
                <a href={href(`/plans/${e.plan.code}/indicators/${i.code}`, { year: e.dataYear })}>
                  {i.name}
                </a>
                <span style={{ color: RAG_COLORS[i.rag] }}>
                  <Sparkline values={i.series.map((s) => s.value)} label={i.name} />
                </span>
                <strong>
                  {num(i.latest?.value)} {i.unit ?? ''}
                </strong>
                <StatusBadge status={i.status} rag={i.rag} />
              </li>
            ))}
          </ul>
        </Card>
        {data.events !== null && (
          <Card title={t('cockpit.events')} actions={<a href={href('/warnings')}>{t('common.details')}</a>}>
            {data.events.length === 0 ? (
              <p className="muted">{t('cockpit.noEvents')}</p>
            ) : (
              <ul className="events">
                {data.events.map((ev) => (
                  <li key={ev.id}>
                    <span className={`grade grade-${ev.grade}`}>{label(GRADE_LABELS[ev.grade])}</span>
                    <a href={href(`/warnings/${ev.id}`)}>
                      {ev.orgUnitName || ev.orgUnit} {ev.diseaseName}
                    </a>
                    <small className="muted">
                      {ev.periodFrom}–{ev.periodTo} · {label(EVENT_STATUS_LABELS[ev.status])}
                    </small>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}
      </div>
    </div>
  );
}

/** A period's name in the reader's language (2026年10月), or its code when it names none. */
function periodName(id: string, lang: 'zh-CN' | 'en'): string {
  const p = tryParsePeriod(id);
  return p ? periodLabel(p, lang) : id;
}

const GRADE_ORDER: readonly EventGrade[] = [
  EventGrade.RED,
  EventGrade.ORANGE,
  EventGrade.YELLOW,
  EventGrade.BLUE,
];

/** Open events of the latest weeks, the most severe first (what a leader should see first). */
function latestEvents(events: Api.SurveillanceEvent[]): Api.SurveillanceEvent[] {
  const open = events.filter((e) => !['dismissed', 'closed'].includes(e.status));
  return open
    .sort(
      (a, b) =>
        GRADE_ORDER.indexOf(a.grade) - GRADE_ORDER.indexOf(b.grade) || b.periodTo.localeCompare(a.periodTo),
    )
    .slice(0, 6);
}

function cockpitCharts(
  e: Api.EvaluationResponse,
  label: (entry: { zh: string; en: string }) => string,
  wall: boolean,
): { status: ChartOption; sections: ChartOption } {
  const text = wall ? { color: '#e8eef5', fontSize: 16 } : { fontSize: 12 };
  const ragOf = new Map<string, Api.Rag>(e.indicators.map((i) => [i.status, i.rag]));
  const status = {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        label: { formatter: '{b}: {c}', ...text },
        data: (Object.entries(e.summary.byStatus) as [EvaluationStatus, number][]).map(([s, n]) => ({
          name: label(STATUS_LABELS[s]),
          value: n,
          itemStyle: { color: RAG_COLORS[ragOf.get(s) ?? 'grey'] },
        })),
      },
    ],
  };
  const rags: Api.Rag[] = ['green', 'amber', 'red', 'grey'];
  const bySection = e.sections.map((s) => {
    const inds = e.indicators.filter((i) => s.indicators.includes(i.code));
    return { name: s.name, counts: rags.map((r) => inds.filter((i) => i.rag === r).length) };
  });
  // Each colour is named by the status it mostly stands for (core's labels).
  const ragName: Record<Api.Rag, EvaluationStatus> = {
    green: 'on_track',
    amber: 'unstable',
    red: 'behind',
    grey: 'no_data',
  };
  const sections = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: text },
    grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: 'value', axisLabel: text },
    yAxis: {
      type: 'category',
      data: bySection.map((s) => s.name),
      axisLabel: { ...text, width: 140, overflow: 'truncate' },
    },
    series: rags.map((r, k) => ({
      type: 'bar',
      stack: 'n',
      name: label(STATUS_LABELS[ragName[r]]),
      itemStyle: { color: RAG_COLORS[r] },
      data: bySection.map((s) => s.counts[k]),
    })),
  };
  return { status, sections };
}
