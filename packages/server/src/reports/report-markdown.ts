import { REPORT_PARTS } from './plan-report.js';
import type { PlanReport } from './plan-report.js';

const cell = (s: string): string => s.replace(/\|/g, '/').replace(/\n/g, ' ');

/** The report as Markdown (for wikis, e-mail and diffs between years). */
export function reportMarkdown(r: PlanReport, dataYear: number): string {
  const en = r.locale === 'en';
  const parts = REPORT_PARTS[r.locale];
  const lines: string[] = [`# ${r.title}${en ? '' : `（数据年份 ${dataYear}）`}`, '', r.subtitle, ''];
  if (r.syntheticNotice) {
    lines.push(`> ${r.syntheticNotice}`, '');
  }
  lines.push(...r.overview, '');
  lines.push(`| ${r.headline.map((h) => h.label).join(' | ')} |`, `|${r.headline.map(() => '---').join('|')}|`, `| ${r.headline.map((h) => h.value).join(' | ')} |`, '');
  lines.push(`## ${parts.indicators}`, '');
  lines.push(`| ${r.table.columns.join(' | ')} |`, `|${r.table.columns.map(() => '---').join('|')}|`);
  for (const row of r.table.rows) {
    lines.push(`| ${row.cells.map(cell).join(' | ')} |`);
  }
  lines.push('', `## ${parts.risks}`, '', ...r.risks.map((x) => `- ${x}`));
  lines.push('', `## ${parts.quality}`, '', ...r.quality.map((x) => `- ${x}`));
  if (r.projects.rows.length > 0) {
    lines.push('', `## ${parts.projects}`, '', `| ${r.projects.columns.join(' | ')} |`, `|${r.projects.columns.map(() => '---').join('|')}|`);
    for (const p of r.projects.rows) {
      lines.push(`| ${p.map(cell).join(' | ')} |`);
    }
  }
  lines.push('', `*${r.thresholds}*`, '', `*${r.generated}*`);
  return `${lines.join('\n')}\n`;
}
