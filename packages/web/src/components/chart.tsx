import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { safeChartOption } from './safe-chart-option';

export type ChartOption = EChartsCoreOption;

export interface ChartHandle {
  /** The chart as a PNG image (the SVG drawn on a canvas at twice the size). */
  png: () => Promise<Blob | null>;
}

interface Props {
  option: EChartsCoreOption;
  height?: number | string;
  label: string;
  className?: string;
}

/**
 * An ECharts chart; the library is loaded on the first chart so the initial page stays light.
 * Tooltip formatters return plain text: their result is escaped before it reaches the page (see
 * safe-chart-option.ts), so names from data never become HTML.
 */
export const Chart = forwardRef<ChartHandle, Props>(function Chart(
  { option, height = 260, label, className },
  ref,
) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const latest = useRef(option);
  useImperativeHandle(
    ref,
    () => ({
      png: () =>
        chart.current
          ? svgToPng(chart.current.renderToSVGString(), chart.current.getWidth(), chart.current.getHeight())
          : Promise.resolve(null),
    }),
    [],
  );
  useEffect(() => {
    let live = true;
    let observer: ResizeObserver | null = null;
    void import('./echarts-setup').then(({ echarts }) => {
      if (!live || !el.current) {
        return;
      }
      chart.current = echarts.init(el.current, undefined, {
        renderer: 'svg',
        locale: document.documentElement.lang === 'en' ? 'EN' : 'ZH',
      });
      chart.current.setOption(safeChartOption(latest.current));
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(el.current);
    });
    return () => {
      live = false;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // Option changes are applied below without re-creating the chart.
  }, []);
  useEffect(() => {
    latest.current = option;
    chart.current?.setOption(safeChartOption(option), true);
  }, [option]);
  return (
    <div
      ref={el}
      className={className}
      role="img"
      aria-label={label}
      style={{ height, width: '100%' }}
      data-chart=""
    />
  );
});

/** A tiny inline trend line (no axes), for tables. */
export function Sparkline({
  values,
  label,
}: {
  values: (number | null)[];
  label: string;
}): React.JSX.Element {
  const nums = values.filter((v): v is number => v !== null);
  if (nums.length < 2) {
    return <span aria-label={label}>—</span>;
  }
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  const w = 80;
  const h = 22;
  const pts = values
    .map((v, i) =>
      v === null
        ? null
        : `${((i / (values.length - 1)) * w).toFixed(1)},${(h - 2 - ((v - min) / (max - min || 1)) * (h - 4)).toFixed(1)}`,
    )
    .filter((p) => p !== null)
    .join(' ');
  return (
    <svg width={w} height={h} role="img" aria-label={label} className="spark">
      <polyline points={pts} fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

function svgToPng(svg: string, width: number, height: number): Promise<Blob | null> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = width * 2;
      canvas.height = height * 2;
      const ctx = canvas.getContext('2d');
      if (!ctx) {
        resolve(null);
        return;
      }
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(resolve, 'image/png');
    };
    img.onerror = () => resolve(null);
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}
