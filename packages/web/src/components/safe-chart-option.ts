// ECharts' HTML tooltip puts what a `formatter` returns into the page as HTML (innerHTML). Its
// default tooltip escapes names and values itself, but a formatter's result is taken as it is, so
// a formatter that names an org unit would run the markup a user typed into that name. The chart
// component passes every option through here, so a formatter returns plain text and a page cannot
// forget the escaping.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * A formatter's text as the HTML the tooltip shows: escaped, line breaks kept. Formatters return
 * text (a string or a number); anything else, an element built by hand included, shows nothing.
 */
export function tooltipHtml(text: unknown): string {
  const s = typeof text === 'string' ? text : typeof text === 'number' ? String(text) : '';
  return escapeHtml(s).replace(/\r?\n/g, '<br/>');
}

type Formatter = (
  params: unknown,
  ticket: string,
  callback?: (ticket: string, html: string) => void,
) => unknown;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) {
    return false;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function safeTooltip(tooltip: unknown): unknown {
  if (Array.isArray(tooltip)) {
    return tooltip.map(safeTooltip);
  }
  if (!isPlainObject(tooltip)) {
    return tooltip;
  }
  const out = safeChartOption(tooltip);
  const f = tooltip.formatter;
  if (typeof f === 'function') {
    const formatter = f as Formatter;
    out.formatter = (params: unknown, ticket: string, callback?: (t: string, html: string) => void): string =>
      tooltipHtml(
        formatter(params, ticket, callback ? (t, html) => callback(t, tooltipHtml(html)) : undefined),
      );
  } else if (typeof f === 'string') {
    // A template's own text is HTML too ({b}, {c} are filled in escaped by ECharts); `{` is kept.
    out.formatter = tooltipHtml(f);
  }
  return out;
}

/**
 * The option with every tooltip formatter (top level, per series, per data item, per component)
 * made to return text: its result is HTML-escaped before ECharts inserts it. The option itself is
 * not changed; objects that are not plain (gradients, dates) are passed through as they are.
 */
export function safeChartOption<T>(option: T): T {
  if (Array.isArray(option)) {
    return option.map((v: unknown) => safeChartOption(v)) as T;
  }
  if (!isPlainObject(option)) {
    return option;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(option)) {
    out[k] = k === 'tooltip' ? safeTooltip(v) : safeChartOption(v);
  }
  return out as T;
}
