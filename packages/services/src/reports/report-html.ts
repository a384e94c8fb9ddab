import { headingNumberer, REPORT_PARTS } from './plan-report.js';
import type { PlanReport } from './plan-report.js';
import { RAG_COLOURS, statusChartSvg, trendChartSvg } from './report-charts.js';
import { DOCUMENT_META_CSP } from './document-csp.js';

const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const STYLE = `
@page { size: A4; margin: 18mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; color: #1a1a1a; font-size: 10.5pt; line-height: 1.6; margin: 0 auto; max-width: 210mm; padding: 12mm 10mm; }
@media print { body { padding: 0; max-width: none; } }
h1 { font-family: "Noto Serif CJK SC", "SimSun", serif; font-weight: 900; font-size: 20pt; text-align: center; color: #b00000; margin: 0 0 4pt; letter-spacing: 1pt; }
.subtitle { text-align: center; color: #444; font-size: 10pt; margin-bottom: 6pt; }
.rule { border: 0; border-top: 2px solid #b00000; margin: 6pt 0 10pt; }
h2 { font-family: "Noto Sans CJK SC", "SimHei", sans-serif; font-size: 13pt; margin: 16pt 0 6pt; break-after: avoid; }
h3 { font-family: "Noto Sans CJK SC", "SimHei", sans-serif; font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
p { text-indent: 2em; margin: 4pt 0; }
.banner { border: 1px solid #ef8f00; background: #fff4e0; padding: 6pt 8pt; margin: 6pt 0; font-size: 9.5pt; }
.cards { display: flex; gap: 6pt; margin: 8pt 0; }
.card { flex: 1; border: 1px solid #ccd6e0; border-radius: 4pt; padding: 4pt 6pt; text-align: center; background: #f6f9fc; }
.card .v { font-family: "Noto Sans CJK SC", sans-serif; font-size: 15pt; font-weight: 700; color: #1f4e79; }
.card .l { font-size: 8.5pt; color: #555; }
.overview { display: flex; align-items: center; gap: 8pt; }
.overview .text { flex: 1; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; line-height: 1.35; margin: 4pt 0; }
th, td { border: 1px solid #9aa5b1; padding: 2.5pt 4pt; vertical-align: top; }
th { background: #e8eef4; font-family: "Noto Sans CJK SC", sans-serif; font-weight: 700; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.pill { display: inline-block; padding: 0 4pt; border-radius: 3pt; color: #fff; white-space: nowrap; font-family: "Noto Sans CJK SC", sans-serif; }
tr.risk td:first-child { border-left: 3px solid ${RAG_COLOURS.red}; }
.charts { display: flex; flex-wrap: wrap; gap: 4pt; }
.chart { width: calc(50% - 2pt); break-inside: avoid; border: 1px solid #e3e3e3; }
.chart svg { width: 100%; height: auto; display: block; }
ul { margin: 4pt 0; padding-left: 1.6em; }
.foot { font-size: 8.5pt; color: #555; margin-top: 12pt; border-top: 1px solid #ccc; padding-top: 4pt; }
`;

/**
 * A self-contained HTML report (inline CSS and SVG charts, no scripts), printable to A4. Every
 * text from data is escaped; the document's own policy forbids scripts and outside resources
 * wherever it is opened (the HTTP answer, the PDF printer's page, a saved copy).
 */
export function reportHtml(r: PlanReport): string {
  const parts = REPORT_PARTS[r.locale];
  const numbered = headingNumberer(r.locale);
  const h = [
    numbered(parts.overview),
    numbered(parts.indicators),
    numbered(parts.trends),
    numbered(parts.risks),
    numbered(parts.quality),
    r.projects.rows.length > 0 ? numbered(parts.projects) : '',
  ];
  const pill = (label: string, rag: keyof typeof RAG_COLOURS): string =>
    `<span class="pill" style="background:${RAG_COLOURS[rag]}">${esc(label)}</span>`;
  const numeric = new Set([2, 4, 5]);
  const cls = (k: number): string => (numeric.has(k) ? ' class="num"' : k === 1 ? ' class="nowrap"' : '');
  const rows = r.table.rows
    .map(
      (row) =>
        `<tr${row.atRisk ? ' class="risk"' : ''}>${row.cells
          .map((c, k) => (k === 6 ? `<td>${pill(row.label, row.rag)}</td>` : `<td${cls(k)}>${esc(c)}</td>`))
          .join('')}</tr>`,
    )
    .join('\n');
  const sections = r.sections
    .filter((s) => s.indicators.length > 0)
    .map(
      (s) =>
        `<h3>${esc(s.name)}</h3><div class="charts">${s.indicators.map((i) => `<div class="chart">${trendChartSvg(i, r.locale)}</div>`).join('')}</div>`,
    )
    .join('\n');
  const projects =
    r.projects.rows.length === 0
      ? ''
      : `<h2>${h[5]}</h2><table><thead><tr>${r.projects.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${r.projects.rows
          .map(
            (p) =>
              `<tr>${p.map((c, k) => `<td${k === 2 || k === 3 ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`,
          )
          .join('\n')}</tbody></table>`;
  return `<!DOCTYPE html>
<html lang="${r.locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${DOCUMENT_META_CSP}">
<meta name="generator" content="HealthWatch">
<title>${esc(r.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(r.title)}</h1>
<div class="subtitle">${esc(r.subtitle)}</div>
<hr class="rule">
${r.syntheticNotice ? `<div class="banner" role="note">${esc(r.syntheticNotice)}</div>` : ''}
<h2>${h[0]}</h2>
<div class="overview"><div class="text">${r.overview.map((p) => `<p>${esc(p)}</p>`).join('')}</div><div>${statusChartSvg(r)}</div></div>
<div class="cards">${r.headline.map((c) => `<div class="card"><div class="v">${esc(c.value)}</div><div class="l">${esc(c.label)}</div></div>`).join('')}</div>
<h2>${h[1]}</h2>
<table><colgroup>${[21, 7, 7, 8, 12, 8, 10, 27].map((w) => `<col style="width:${w}%">`).join('')}</colgroup><thead><tr>${r.table.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>${h[2]}</h2>
${sections}
<h2>${h[3]}</h2>
<ul>${r.risks.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>
<h2>${h[4]}</h2>
<ul>${r.quality.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>
${projects}
<div class="foot"><div>${esc(r.thresholds)}</div><div>${esc(r.generated)}</div></div>
</body>
</html>
`;
}
