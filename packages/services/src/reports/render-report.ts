import { AppError, msg } from '@healthwatch/core';
import type { PlanEvaluationResult } from '../plans/plan-service.js';
import type { ServiceContext } from '../service-context.js';
import { planReport } from './plan-report.js';
import { reportMarkdown } from './report-markdown.js';
import type { PdfPrinter } from './report-pdf.js';

export const REPORT_FORMATS = ['json', 'md', 'html', 'pdf', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

/**
 * Renders an evaluation in one of the report formats, in the context's language and dated its
 * today. PDF needs the printer (Chromium); DOCX uses it, when given, to add the trend charts as
 * images.
 */
export async function renderEvaluation(
  ctx: ServiceContext,
  e: PlanEvaluationResult,
  format: string,
  opts: { printer?: PdfPrinter | undefined } = {},
): Promise<Buffer> {
  if (!isReportFormat(format)) {
    throw new AppError('HW_UNSUPPORTED_FORMAT', { format, allowed: REPORT_FORMATS.join(', ') });
  }
  const { locale } = ctx;
  if (format === 'json') {
    return Buffer.from(`${JSON.stringify(e, null, 2)}\n`);
  }
  const report = planReport(e, locale, ctx.today);
  // The HTML and DOCX renderers are loaded here, not with the services: they bring the chart
  // library (echarts) and docx, which no other command needs.
  switch (format) {
    case 'md':
      return Buffer.from(reportMarkdown(report, e.dataYear));
    case 'html':
      return Buffer.from((await import('./report-html.js')).reportHtml(report));
    case 'pdf':
      if (!opts.printer) {
        throw new AppError('HW_RENDERER_UNAVAILABLE', { reason: msg('reason.noPrinter') });
      }
      return opts.printer.pdf((await import('./report-html.js')).reportHtml(report), { locale });
    case 'docx': {
      const printer = opts.printer?.available() ? opts.printer : undefined;
      const { reportDocx } = await import('./report-docx.js');
      return reportDocx(report, printer ? (svg, w, h) => printer.png(svg, w, h) : undefined);
    }
  }
}

/** A file name for a downloaded report: `jiangjin-14th-midterm-2023.pdf`. */
export function reportFileName(e: PlanEvaluationResult, format: ReportFormat): string {
  return `${e.plan.code}-${e.kind}-${e.dataYear}.${format}`;
}
