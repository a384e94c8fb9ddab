import type * as Api from '@healthwatch/contract';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Card, downloadBlob, ErrorBox, Loading } from '../components/common';
import { Chart } from '../components/chart';
import type { ChartHandle, ChartOption } from '../components/chart';
import { useI18n } from '../i18n/i18n';
import { api, ApiError, query, toApiError } from '../lib/api';
import { navigate } from '../lib/router';
import type { Route } from '../lib/router';
import { useApi } from '../lib/use-api';
import { useSession } from '../lib/session';

const DIMS = ['dx', 'pe', 'ou'] as const;
type Dim = (typeof DIMS)[number];
const CHARTS = ['line', 'bar', 'stacked'] as const;

/** Pick data, periods and org units; a pivot table and a chart; export CSV, Excel or PNG. */
export default function ExplorerPage({ route }: { route: Route }): React.JSX.Element {
  const { t, num } = useI18n();
  const p = route.params;
  const [dx, setDx] = useState<string[]>((p.get('dx') ?? '').split(';').filter(Boolean));
  // The server's year, not the browser's clock (a wrong PC date must not move the default).
  const year = Number(useSession().me.today.slice(0, 4));
  const [pe, setPe] = useState<string>(
    p.get('pe') ?? Array.from({ length: 5 }, (_, k) => year - 6 + k).join(';'),
  );
  const [ou, setOu] = useState<string>(p.get('ou') ?? '');
  const [children, setChildren] = useState(p.get('children') !== '0');
  const [rows, setRows] = useState<Dim>((p.get('rows') as Dim | null) ?? 'ou');
  const [cols, setCols] = useState<Dim>((p.get('cols') as Dim | null) ?? 'pe');
  const [chartType, setChartType] = useState<(typeof CHARTS)[number]>(
    (p.get('chart') as 'line' | null) ?? 'bar',
  );
  const [filter, setFilter] = useState('');
  const [result, setResult] = useState<Api.AnalyticsResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const chart = useRef<ChartHandle>(null);
  const indicators = useApi<Api.IndicatorList>('/api/metadata/indicators');
  const elements = useApi<Api.DataElementList>('/api/metadata/dataElements');
  const units = useApi<Api.OrgUnitList>('/api/metadata/orgUnits');
  const topUnits = useMemo(() => {
    const list = units.data?.orgUnits ?? [];
    const root = list.filter((u) => !u.parent);
    const ids = new Set(root.map((u) => u.id));
    return [...root, ...list.filter((u) => u.parent && ids.has(u.parent))];
  }, [units.data]);
  useEffect(() => {
    if (!ou && topUnits[0]) {
      setOu(topUnits[0].id);
    }
  }, [ou, topUnits]);
  const dimensionParams = (): string[] => [
    `dx:${dx.join(';')}`,
    `pe:${pe.replace(/[,\s]+/g, ';')}`,
    `ou:${ou}${children ? ';CHILDREN' : ''}`,
  ];
  const run = async (): Promise<void> => {
    if (dx.length === 0) {
      setError(new ApiError(400, 'HW_VALIDATION', t('explorer.pickData')));
      return;
    }
    setBusy(true);
    setError(null);
    navigate('/explorer', {
      dx: dx.join(';'),
      pe,
      ou,
      children: children ? '1' : '0',
      rows,
      cols,
      chart: chartType,
    });
    try {
      setResult(await api<Api.AnalyticsResponse>(`/api/analytics${query({ dimension: dimensionParams() })}`));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  // An address that names data (a bookmark, a link someone sent) opens with its table drawn.
  const opened = useRef(false);
  useEffect(() => {
    if (!opened.current && dx.length > 0 && ou !== '' && indicators.data && elements.data) {
      opened.current = true;
      void run();
    }
  });
  const pivot = useMemo(() => (result ? pivotOf(result, rows, cols) : null), [result, rows, cols]);
  const option = useMemo(() => (pivot ? chartOf(pivot, chartType) : null), [pivot, chartType]);
  const choices = [
    ...(indicators.data?.indicators ?? []).map((i) => ({ ...i, kind: 'I' })),
    ...(elements.data?.dataElements ?? []).map((d) => ({ ...d, kind: 'D' })),
  ].filter(
    (o) =>
      filter === '' ||
      o.name.includes(filter) ||
      (o.code ?? '').toLowerCase().includes(filter.toLowerCase()) ||
      dx.includes(o.code ?? o.id),
  );
  if (indicators.error || elements.error || units.error) {
    return <ErrorBox error={indicators.error ?? elements.error ?? units.error} />;
  }
  if (!indicators.data || !elements.data || !units.data) {
    return <Loading />;
  }
  const exportFile = async (format: 'csv' | 'xlsx'): Promise<void> => {
    const res = await fetch(`/api/analytics${query({ dimension: dimensionParams(), format })}`, {
      credentials: 'same-origin',
    });
    if (res.ok) {
      downloadBlob(await res.blob(), `analytics.${format}`);
    }
  };
  return (
    <div>
      <h1>{t('explorer.title')}</h1>
      <Card>
        <form
          className="explorer-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <fieldset>
            <legend>{t('explorer.data')}</legend>
            <input
              type="search"
              placeholder={t('common.search')}
              aria-label={t('common.search')}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
            <select
              multiple
              size={8}
              aria-label={t('explorer.data')}
              value={dx}
              onChange={(e) => setDx([...e.target.selectedOptions].map((o) => o.value))}
              data-testid="explorer-dx"
            >
              {choices.map((o) => (
                <option key={o.id} value={o.code ?? o.id}>
                  {o.kind === 'I' ? '◆ ' : '· '}
                  {o.name}
                </option>
              ))}
            </select>
          </fieldset>
          <fieldset>
            <legend>{t('explorer.periods')}</legend>
            <input
              aria-label={t('explorer.periods')}
              value={pe}
              onChange={(e) => setPe(e.target.value)}
              placeholder="2023;2024 / 202401;202402 / LAST_12_MONTHS"
              data-testid="explorer-pe"
            />
            <legend>{t('explorer.units')}</legend>
            <select aria-label={t('explorer.units')} value={ou} onChange={(e) => setOu(e.target.value)}>
              {topUnits.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            <label className="check">
              <input type="checkbox" checked={children} onChange={(e) => setChildren(e.target.checked)} />{' '}
              {t('explorer.withChildren')}
            </label>
          </fieldset>
          <fieldset>
            <legend>{t('explorer.chart')}</legend>
            <label>
              {t('explorer.rows')}
              <select value={rows} onChange={(e) => setRows(e.target.value as Dim)}>
                {DIMS.map((d) => (
                  <option key={d} value={d}>
                    {t(`explorer.dim.${d}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('explorer.columns')}
              <select value={cols} onChange={(e) => setCols(e.target.value as Dim)}>
                {DIMS.filter((d) => d !== rows).map((d) => (
                  <option key={d} value={d}>
                    {t(`explorer.dim.${d}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('explorer.chart')}
              <select value={chartType} onChange={(e) => setChartType(e.target.value as 'line')}>
                {CHARTS.map((c) => (
                  <option key={c} value={c}>
                    {t(`explorer.chart.${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="primary" disabled={busy} data-testid="explorer-run">
              {t('explorer.run')}
            </button>
          </fieldset>
        </form>
        <ErrorBox error={error} />
      </Card>
      {pivot && option && (
        <Card
          actions={
            <span className="actions">
              <button type="button" onClick={() => void exportFile('csv')}>
                {t('explorer.exportCsv')}
              </button>
              <button type="button" onClick={() => void exportFile('xlsx')}>
                {t('explorer.exportXlsx')}
              </button>
              <button
                type="button"
                onClick={() => {
                  void chart.current?.png().then((b) => b && downloadBlob(b, 'analytics.png'));
                }}
              >
                {t('explorer.exportPng')}
              </button>
            </span>
          }
          title={t('explorer.title')}
        >
          <Chart ref={chart} option={option} label={t('explorer.chart')} height={340} />
          <div className="scroll">
            <table className="table pivot" data-testid="pivot">
              <thead>
                <tr>
                  <th />
                  {pivot.cols.map((c) => (
                    <th key={c.id} scope="col">
                      {c.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {pivot.rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.name}</th>
                    {pivot.cols.map((c) => (
                      <td key={c.id}>{num(pivot.cells.get(`${r.id}|${c.id}`) ?? null)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </div>
  );
}

/** The grid drawn: rows and columns with names, and the value of each cell. */
interface Pivot {
  rows: { id: string; name: string }[];
  cols: { id: string; name: string }[];
  cells: Map<string, number>;
}

/** Rows: the row dimension combined with the dimension on neither axis; columns: the column dimension. */
function pivotOf(r: Api.AnalyticsResponse, rowDim: Dim, colDim: Dim): Pivot {
  const idx = (d: string): number => r.headers.findIndex((h) => h.name === d);
  const other = DIMS.find((d) => d !== rowDim && d !== colDim) ?? 'dx';
  const name = (id: string): string => r.metaData.items[id]?.name ?? id;
  const order = (d: Dim): string[] =>
    r.metaData.dimensions[d] ?? [...new Set(r.rows.map((row) => row[idx(d)] ?? ''))];
  const otherIds = order(other);
  const rows = order(rowDim).flatMap((a) =>
    otherIds.length > 1
      ? otherIds.map((b) => ({ id: `${a}~${b}`, name: `${name(a)} · ${name(b)}` }))
      : [{ id: a, name: name(a) }],
  );
  const cols = order(colDim).map((c) => ({ id: c, name: name(c) }));
  const cells = new Map<string, number>();
  for (const row of r.rows) {
    const a = row[idx(rowDim)] ?? '';
    const b = row[idx(other)] ?? '';
    const c = row[idx(colDim)] ?? '';
    cells.set(`${otherIds.length > 1 ? `${a}~${b}` : a}|${c}`, Number(row[row.length - 1]));
  }
  return { rows, cols, cells };
}

function chartOf(p: Pivot, type: (typeof CHARTS)[number]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: p.cols.map((c) => c.name) },
    yAxis: { type: 'value', scale: type === 'line' },
    series: p.rows.slice(0, 40).map((r) => ({
      type: type === 'line' ? 'line' : 'bar',
      name: r.name,
      ...(type === 'stacked' ? { stack: 'all' } : {}),
      data: p.cols.map((c) => p.cells.get(`${r.id}|${c.id}`) ?? null),
    })),
  };
}
