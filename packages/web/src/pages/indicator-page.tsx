import type * as Api from '@healthwatch/contract';
import { useEffect, useMemo, useState } from 'react';
import { Card, ErrorBox, Loading, StatusBadge } from '../components/common';
import { Chart } from '../components/chart';
import type { ChartOption } from '../components/chart';
import { useI18n } from '../i18n/i18n';
import { api, ApiError, query, toApiError } from '../lib/api';
import { loadEvaluation } from '../lib/plan-year';
import { href } from '../lib/router';
import type { Route } from '../lib/router';

/** One bar of the breakdown: a unit's value with where to draw it on the map. */
interface AreaRow {
  id: string;
  name: string;
  value: number;
  lat?: number | undefined;
  lng?: number | undefined;
}

/** One plan indicator: trend against the target path, breakdown by township and institution, provenance. */
export default function IndicatorPage({
  plan: code,
  indicator,
  route,
}: {
  plan: string;
  indicator: string;
  route: Route;
}): React.JSX.Element {
  const { t, num, pct } = useI18n();
  const [e, setE] = useState<Api.EvaluationResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [areas, setAreas] = useState<AreaRow[] | null>(null);
  const yearParam = Number(route.params.get('year')) || undefined;
  const drill = route.params.get('area');
  useEffect(() => {
    let live = true;
    api<Api.PlanListResponse>('/api/plans')
      .then(async ({ plans }) => {
        const plan = plans.find((p) => p.code === code);
        if (!plan) {
          throw new ApiError(404, 'HW_NOT_FOUND', code);
        }
        const ev = await loadEvaluation(plan, {
          year: yearParam,
          kind: route.params.get('kind') ?? 'annual',
        });
        if (live) {
          setE(ev);
        }
      })
      .catch((err: unknown) => live && setError(toApiError(err)));
    return () => {
      live = false;
    };
  }, [code, yearParam, route.params]);
  const ind = e?.indicators.find((i) => i.code === indicator);
  const lib = e?.links[indicator];
  useEffect(() => {
    if (!e || !lib || !e.orgUnit) {
      setAreas(null);
      return;
    }
    let live = true;
    const parent = drill ?? e.orgUnit;
    Promise.all([
      api<Api.AnalyticsResponse>(
        `/api/analytics${query({ dimension: [`dx:${lib}`, `pe:${e.dataYear}`, `ou:${parent};CHILDREN`] })}`,
      ),
      api<Api.OrgUnitList>('/api/metadata/orgUnits'),
    ])
      .then(([r, { orgUnits }]) => {
        const byId = new Map(orgUnits.map((o) => [o.id, o]));
        const ouCol = r.headers.findIndex((h) => h.name === 'ou');
        const rows = r.rows
          .map((row) => {
            const id = row[ouCol] ?? '';
            const o = byId.get(id);
            return {
              id,
              name: r.metaData.items[id]?.name ?? o?.name ?? id,
              value: Number(row[row.length - 1]),
              lat: o?.latitude ?? undefined,
              lng: o?.longitude ?? undefined,
            };
          })
          .filter((a) => Number.isFinite(a.value))
          .sort((a, b) => b.value - a.value);
        if (live) {
          setAreas(rows);
        }
      })
      .catch(() => live && setAreas([]));
    return () => {
      live = false;
    };
  }, [e, lib, drill]);
  const trend = useMemo(
    () => (e && ind ? trendOption(e, ind, t('indicator.actual'), t('indicator.path')) : null),
    [e, ind, t],
  );
  if (error) {
    return <ErrorBox error={error} />;
  }
  if (!e) {
    return <Loading />;
  }
  if (!ind || !trend) {
    return <ErrorBox error={new Error(indicator)} />;
  }
  const figures = e.figures[indicator] ?? [];
  const hasMap = (areas ?? []).some((a) => a.lat !== undefined && a.lng !== undefined);
  return (
    <div>
      <p>
        <a href={href(`/plans/${code}`, { year: e.dataYear })}>← {e.plan.name}</a>
      </p>
      <div className="page-head">
        <h1 data-testid="indicator-name">{ind.name}</h1>
        <StatusBadge status={ind.status} rag={ind.rag} />
      </div>
      {e.syntheticData && <p className="banner">{t('app.synthetic')}</p>}
      <div className="kpis">
        <div className="kpi">
          <span>{t('plan.baseline')}</span>
          <strong>{num(ind.baseline.value)}</strong>
          <small>{ind.baseline.year}</small>
        </div>
        <div className="kpi">
          <span>{t('plan.target')}</span>
          <strong>{ind.wording}</strong>
          <small>{e.targetYear}</small>
        </div>
        <div className="kpi">
          <span>{t('plan.latest')}</span>
          <strong data-testid="indicator-latest">{num(ind.latest?.value)}</strong>
          <small>
            {ind.latest?.year} {ind.unit ?? ''}
          </small>
        </div>
        <div className="kpi">
          <span>{t('plan.progress')}</span>
          <strong>
            {pct(ind.completion)} / {pct(ind.timeProgress)}
          </strong>
        </div>
      </div>
      <p>
        <strong>{t('indicator.explanation')}：</strong>
        {ind.explanation}
      </p>
      <Card title={t('indicator.trend')}>
        <Chart option={trend} label={t('indicator.trend')} height={300} />
      </Card>
      <Card
        title={t('indicator.byArea', { year: e.dataYear })}
        actions={
          drill ? (
            <a href={href(`/plans/${code}/indicators/${indicator}`, { year: e.dataYear })}>
              {t('common.back')}
            </a>
          ) : undefined
        }
      >
        {!lib ? (
          <p className="muted">{t('indicator.noBreakdown')}</p>
        ) : areas === null ? (
          <Loading />
        ) : areas.length === 0 ? (
          <p className="muted">{t('common.none')}</p>
        ) : (
          <div className="grid two">
            <div>
              <Chart
                option={barOption(areas)}
                label={t('indicator.breakdown')}
                height={Math.max(240, areas.length * 18)}
              />
              {hasMap && <Chart option={mapOption(areas)} label={t('indicator.map')} height={320} />}
            </div>
            <table className="table" data-testid="area-table">
              <thead>
                <tr>
                  <th>{t('common.orgUnit')}</th>
                  <th>{t('common.value')}</th>
                </tr>
              </thead>
              <tbody>
                {areas.map((a) => (
                  <tr key={a.id}>
                    <td>
                      {drill ? (
                        a.name
                      ) : (
                        <a
                          href={href(`/plans/${code}/indicators/${indicator}`, {
                            year: e.dataYear,
                            area: a.id,
                          })}
                        >
                          {a.name}
                        </a>
                      )}
                    </td>
                    <td>{num(a.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title={t('indicator.provenance')}>
        <table className="table" data-testid="provenance">
          <thead>
            <tr>
              <th>{t('common.year')}</th>
              <th>{t('common.value')}</th>
              <th>{t('common.source')}</th>
              <th>{t('common.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {figures.map((f, k) => {
              const conflict = ind.conflicts.some(
                (c) => c.year === f.year && c.source === f.source && c.value === f.value,
              );
              return (
                <tr key={k} className={conflict ? 'conflict' : undefined}>
                  <td>{f.year}</td>
                  <td>{f.value === null ? (f.text ?? '—') : num(f.value)}</td>
                  <td>{f.source}</td>
                  <td>
                    {t(
                      f.provenance === 'computed'
                        ? 'indicator.provenance.computed'
                        : 'indicator.provenance.reported',
                    )}
                  </td>
                  <td>{conflict && <span className="badge rag-amber">{t('indicator.conflict')}</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>
    </div>
  );
}

function trendOption(
  e: Api.EvaluationResponse,
  ind: Api.IndicatorEvaluation,
  actual: string,
  path: string,
): ChartOption {
  const years = Array.from({ length: e.targetYear - e.baselineYear + 1 }, (_, k) => e.baselineYear + k);
  const b = ind.baseline.value;
  const target = ind.target;
  const pathValues = years.map((y) =>
    b !== null && target !== null
      ? Math.round((b + ((target - b) * (y - e.baselineYear)) / (e.targetYear - e.baselineYear)) * 100) / 100
      : null,
  );
  const byYear = new Map(ind.series.map((s) => [s.year, s.value]));
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 8, right: 24, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', scale: true, name: ind.unit ?? '' },
    series: [
      {
        type: 'line',
        name: actual,
        data: years.map((y) => byYear.get(y) ?? null),
        symbolSize: 8,
        lineStyle: { width: 3 },
        connectNulls: false,
      },
      { type: 'line', name: path, data: pathValues, lineStyle: { type: 'dashed' }, symbol: 'none' },
    ],
  };
}

function barOption(areas: AreaRow[]): ChartOption {
  const rows = [...areas].reverse();
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', scale: true },
    yAxis: { type: 'category', data: rows.map((a) => a.name) },
    series: [{ type: 'bar', data: rows.map((a) => a.value), itemStyle: { color: '#1565c0' } }],
  };
}

/** Township centroids on longitude/latitude axes: a map without boundary files. */
function mapOption(areas: AreaRow[]): ChartOption {
  const pts = areas.filter((a) => a.lat !== undefined && a.lng !== undefined);
  const values = pts.map((a) => a.value);
  const lo = Math.min(...values);
  const span = Math.max(...values) - lo || 1;
  // Light to dark blue by value (a choropleth of points, without the visual-map component's weight).
  const shade = (v: number): string => `hsl(212, 70%, ${Math.round(80 - ((v - lo) / span) * 55)}%)`;
  return {
    tooltip: {
      formatter: (p: { data: { value: [number, number, number, string] } }) =>
        `${p.data.value[3]}: ${p.data.value[2]}`,
    },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', scale: true, axisLabel: { formatter: '{value}°E' } },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: '{value}°N' } },
    series: [
      {
        type: 'scatter',
        symbolSize: 22,
        data: pts.map((a) => ({
          value: [a.lng, a.lat, a.value, a.name],
          itemStyle: { color: shade(a.value) },
        })),
        label: {
          show: true,
          formatter: (p: { data: { value: [number, number, number, string] } }) => p.data.value[3],
          position: 'bottom',
          fontSize: 10,
        },
      },
    ],
  };
}
