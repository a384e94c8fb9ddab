import { AppError, msg } from '@healthwatch/core';
import {
  evaluatePlanService,
  isReportFormat,
  listPlanSummaries,
  parseThresholds,
  renderEvaluation,
  REPORT_CONTENT_TYPES,
  REPORT_FORMATS,
  reportFileName,
  unitOrDefault,
} from '@healthwatch/services';
import { cachedMetadataIndex } from '@healthwatch/store';
import { Hono } from 'hono';
import { contentDisposition } from '../content-disposition.js';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';

/** Plans and their evaluation, as JSON or as a report (HTML, Markdown, DOCX, PDF). */
export function plansRoutes({ store, options }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/plans', authorize('ANALYTICS_READ'), async (c) =>
      c.json({ plans: await listPlanSummaries(store) }),
    )
    .get('/plans/:code/evaluation', authorize('ANALYTICS_READ'), async (c) => {
      const p = c.get('principal');
      const year = Number(c.req.query('year'));
      const kind = c.req.query('kind') ?? 'annual';
      if (!Number.isInteger(year) || !['annual', 'midterm', 'final'].includes(kind)) {
        throw new AppError('HW_VALIDATION', {
          reason: msg('validation.expectedFields', { fields: 'year, kind=annual|midterm|final' }),
        });
      }
      const format = c.req.query('format') ?? 'json';
      if (!isReportFormat(format)) {
        throw new AppError('HW_UNSUPPORTED_FORMAT', { format, allowed: REPORT_FORMATS.join(', ') });
      }
      const q = (k: string): string | undefined => c.req.query(k);
      const thresholds = parseThresholds({
        faster: q('faster'),
        onTrack: q('onTrack'),
        approxTolerance: q('approxTolerance'),
        smallNumbers: q('smallNumbers'),
      });
      // Figures for one org unit within the view scope: the one named, else the top for users who
      // see everything, else the user's own view root (never wider than the scope).
      const orgUnit = unitOrDefault(p, await cachedMetadataIndex(store), c.req.query('ou')).uid;
      const ctx = c.get('ctx');
      const e = await evaluatePlanService(store, ctx, {
        plan: c.req.param('code'),
        year,
        kind: kind as 'annual',
        thresholds,
        orgUnit,
      });
      if (format === 'json') {
        return c.json(e);
      }
      const body = await renderEvaluation(ctx, e, format, { printer: options.printer });
      const name = reportFileName(e, format);
      const disposition = format === 'pdf' || format === 'docx' ? 'attachment' : 'inline';
      return c.body(new Uint8Array(body), 200, {
        'content-type': REPORT_CONTENT_TYPES[format],
        'content-disposition': contentDisposition(name, disposition),
      });
    });
}
