import { REPORT_PARTS } from './plan-report.js';
import type { PlanReport } from './plan-report.js';

/**
 * A text of the report as Markdown that means only that text: a name such as
 * `<img src=x onerror=…>` or `[点此](javascript:…)` reaches a wiki or mail client as the characters
 * it is, never as HTML, a link, an image or emphasis. HTML's `& < >` become entities (which
 * Markdown shows as the characters); the inline marks `\ ` * _ ~ [ ] |` are backslash-escaped;
 * line breaks become spaces (a new line could start a heading, list or HTML block); a block mark
 * at the start (`#`, `+`, `-`, `=`, `1.`) is escaped.
 */
export function markdownText(s: string): string {
  return s
    .replace(/\r\n?|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_~[\]|]/g, '\\$&')
    .replace(/^(\s*)([#+=-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** The report as Markdown (for wikis, e-mail and diffs between years); every text is escaped. */
export function reportMarkdown(r: PlanReport, dataYear: number): string {
  const md = markdownText;
  const en = r.locale === 'en';
  const parts = REPORT_PARTS[r.locale];
  const row = (cells: readonly string[]): string => `| ${cells.map(md).join(' | ')} |`;
  const rule = (cells: readonly unknown[]): string => `|${cells.map(() => '---').join('|')}|`;
  const lines: string[] = [`# ${md(r.title)}${en ? '' : `（数据年份 ${dataYear}）`}`, '', md(r.subtitle), ''];
  if (r.syntheticNotice) {
    lines.push(`> ${md(r.syntheticNotice)}`, '');
  }
  lines.push(...r.overview.map(md), '');
  lines.push(row(r.headline.map((h) => h.label)), rule(r.headline), row(r.headline.map((h) => h.value)), '');
  lines.push(`## ${md(parts.indicators)}`, '');
  lines.push(row(r.table.columns), rule(r.table.columns));
  for (const x of r.table.rows) {
    lines.push(row(x.cells));
  }
  lines.push('', `## ${md(parts.risks)}`, '', ...r.risks.map((x) => `- ${md(x)}`));
  lines.push('', `## ${md(parts.quality)}`, '', ...r.quality.map((x) => `- ${md(x)}`));
  if (r.projects.rows.length > 0) {
    lines.push('', `## ${md(parts.projects)}`, '', row(r.projects.columns), rule(r.projects.columns));
    for (const p of r.projects.rows) {
      lines.push(row(p));
    }
  }
  lines.push('', `*${md(r.thresholds)}*`, '', `*${md(r.generated)}*`);
  return `${lines.join('\n')}\n`;
}
