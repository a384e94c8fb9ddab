import { LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartSeries, PlanReport } from './plan-report.js';

echarts.use([
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  SVGRenderer,
]);

export const RAG_COLOURS = { green: '#2e7d32', amber: '#ef8f00', red: '#c62828', grey: '#8a8a8a' } as const;
const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

function render(option: Record<string, unknown>, width: number, height: number): string {
  // Server-side rendering without a DOM: the same option objects serve the web app's charts.
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height, locale: 'ZH' });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** One indicator: the values used each year, against the straight line from baseline to target. */
export function trendChartSvg(
  s: ChartSeries,
  locale: PlanReport['locale'],
  width = 340,
  height = 190,
): string {
  const en = locale === 'en';
  const series: Record<string, unknown>[] = [
    {
      name: en ? 'Actual' : '实际值',
      type: 'line',
      data: s.actual,
      connectNulls: true,
      symbolSize: 6,
      lineStyle: { width: 2, color: RAG_COLOURS[s.rag] },
      itemStyle: { color: RAG_COLOURS[s.rag] },
      label: {
        show: true,
        fontSize: 9,
        formatter: (p: { value: number | null }) =>
          p.value === null ? '' : String(Math.round(p.value * 100) / 100),
      },
    },
  ];
  if (s.trajectory) {
    series.push({
      name: en ? 'Target path' : '目标轨迹',
      type: 'line',
      data: s.trajectory,
      symbol: 'none',
      lineStyle: { type: 'dashed', width: 1.5, color: '#1f4e79' },
      itemStyle: { color: '#1f4e79' },
    });
  } else if (s.target !== null) {
    series.push({
      name: en ? 'Target' : '目标值',
      type: 'line',
      data: s.years.map(() => s.target),
      symbol: 'none',
      lineStyle: { type: 'dashed', width: 1.5, color: '#1f4e79' },
      itemStyle: { color: '#1f4e79' },
    });
  }
  return render(
    {
      title: {
        text: `${s.title}${s.unit ? `（${s.unit}）` : ''}`,
        subtext: s.status,
        left: 'center',
        textStyle: { fontSize: 12, fontWeight: 'bold' },
        subtextStyle: { fontSize: 10, color: RAG_COLOURS[s.rag] },
        itemGap: 2,
      },
      legend: { bottom: 0, itemHeight: 6, itemWidth: 16, textStyle: { fontSize: 9 } },
      grid: { left: 46, right: 14, top: 46, bottom: 40 },
      xAxis: { type: 'category', data: s.years.map(String), axisLabel: { fontSize: 9 } },
      yAxis: {
        type: 'value',
        scale: true,
        axisLabel: { fontSize: 9 },
        splitLine: { lineStyle: { color: '#e6e6e6' } },
      },
      series,
    },
    width,
    height,
  );
}

/** The status mix of all indicators, coloured red / amber / green. */
export function statusChartSvg(r: PlanReport, width = 360, height = 200): string {
  return render(
    {
      legend: { orient: 'vertical', right: 4, top: 'middle', textStyle: { fontSize: 10 } },
      series: [
        {
          type: 'pie',
          radius: ['38%', '70%'],
          center: ['32%', '50%'],
          label: { formatter: '{c}', fontSize: 10 },
          data: r.statusCounts.map((c) => ({
            name: c.label,
            value: c.count,
            itemStyle: { color: statusColour(c.status, c.rag) },
          })),
        },
      ],
    },
    width,
    height,
  );
}

/** Distinct shades within a RAG colour, so each status is told apart in the legend. */
function statusColour(status: string, rag: keyof typeof RAG_COLOURS): string {
  const shades: Record<string, string> = {
    ahead: '#1b5e20',
    faster: '#43a047',
    on_track: '#81c784',
    achieved: '#2e7d32',
    maintained: '#66bb6a',
    no_target: '#bdbdbd',
  };
  return shades[status] ?? RAG_COLOURS[rag];
}
