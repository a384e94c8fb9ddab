import { describe, expect, it } from 'vitest';
import { escapeHtml, safeChartOption, tooltipHtml } from './safe-chart-option';

const PAYLOAD = '白沙镇<img src=x onerror=alert(1)>"\'&';
const ESCAPED = '白沙镇&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;';

type Fn = (params: unknown, ticket?: string, callback?: (t: string, html: string) => void) => string;

describe('safeChartOption', () => {
  it('escapes what a top-level tooltip formatter returns, keeping line breaks', () => {
    const option = {
      tooltip: { trigger: 'item', formatter: (p: { name: string }) => `${p.name}: 3\n第二行` },
    };
    const safe = safeChartOption(option);
    expect((safe.tooltip.formatter as Fn)({ name: PAYLOAD })).toBe(`${ESCAPED}: 3<br/>第二行`);
    expect(safe.tooltip.trigger).toBe('item');
    // The page's own option is left as it was.
    expect(option.tooltip.formatter({ name: PAYLOAD })).toBe(`${PAYLOAD}: 3\n第二行`);
  });

  it('escapes formatters of series, data items and arrays of tooltips, and async callbacks', () => {
    const option = {
      tooltip: [{ formatter: () => PAYLOAD }],
      series: [
        {
          type: 'scatter',
          tooltip: { formatter: () => PAYLOAD },
          data: [{ value: [1, 2], tooltip: { formatter: () => PAYLOAD } }],
        },
      ],
      legend: { tooltip: { show: true, formatter: () => PAYLOAD } },
    };
    const safe = safeChartOption(option);
    expect((safe.tooltip[0]?.formatter as Fn)({})).toBe(ESCAPED);
    expect((safe.series[0]?.tooltip.formatter as Fn)({})).toBe(ESCAPED);
    expect((safe.series[0]?.data[0]?.tooltip.formatter as Fn)({})).toBe(ESCAPED);
    expect((safe.legend.tooltip.formatter as Fn)({})).toBe(ESCAPED);
    const async = safeChartOption({
      tooltip: {
        formatter: (_p: unknown, ticket: string, cb: (t: string, html: string) => void) => (
          cb(ticket, PAYLOAD),
          'loading'
        ),
      },
    });
    let shown = '';
    expect((async.tooltip.formatter as Fn)({}, 't1', (_t, html) => (shown = html))).toBe('loading');
    expect(shown).toBe(ESCAPED);
  });

  it('escapes the text of a string template but keeps its placeholders; a formatter returning nothing shows nothing', () => {
    expect(safeChartOption({ tooltip: { formatter: `${PAYLOAD} {b}: {c}` } }).tooltip.formatter).toBe(
      `${ESCAPED} {b}: {c}`,
    );
    expect(
      (
        safeChartOption({ tooltip: { formatter: (): string | undefined => undefined } }).tooltip
          .formatter as unknown as Fn
      )({}),
    ).toBe('');
  });

  it('leaves formatters outside tooltips (SVG text, not HTML), non-plain objects and values alone', () => {
    const label = (p: { name: string }): string => p.name;
    const gradient = new (class Gradient {
      colorStops = [0, 1];
    })();
    const when = new Date(0);
    const option = {
      xAxis: { axisLabel: { formatter: '{value}°E' } },
      series: [{ label: { formatter: label }, itemStyle: { color: gradient }, data: [1, null, 'a'], when }],
    };
    const safe = safeChartOption(option);
    expect(safe.xAxis.axisLabel.formatter).toBe('{value}°E');
    expect(safe.series[0]?.label.formatter).toBe(label);
    expect(safe.series[0]?.itemStyle.color).toBe(gradient);
    expect(safe.series[0]?.when).toBe(when);
    expect(safe.series[0]?.data).toEqual([1, null, 'a']);
  });
});

describe('escapeHtml / tooltipHtml', () => {
  it('escapes the five HTML-significant characters and nothing else', () => {
    expect(escapeHtml(PAYLOAD)).toBe(ESCAPED);
    expect(escapeHtml('{{constructor.constructor}} javascript:')).toBe(
      '{{constructor.constructor}} javascript:',
    );
    expect(tooltipHtml(3.5)).toBe('3.5');
    expect(tooltipHtml(null)).toBe('');
  });
});
