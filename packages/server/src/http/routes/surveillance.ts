import { EventTransitionRequest, SurveillanceRunRequest } from '@healthwatch/contract';
import {
  eventDetail,
  importCaseLineList,
  listVisibleEvents,
  runSurveillance,
  surveillanceSeries,
  transitionEvent,
  visibleEvent,
} from '@healthwatch/services';
import { Hono } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { jsonBody } from '../middleware/validate.js';
import { withSpooledUpload } from '../spool-upload.js';

/** Early warning: events in the caller's view scope, their workflow, case line lists and a run (epidemiologists). */
export function surveillanceRoutes({ store, options, maxBody }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/surveillance/events', authorize('SURVEILLANCE'), async (c) =>
      c.json({
        events: await listVisibleEvents(store, c.get('ctx'), {
          status: c.req.query('status'),
          disease: c.req.query('disease'),
          limit: Math.min(2000, Number(c.req.query('limit') ?? 500) || 500),
        }),
      }),
    )
    .get('/surveillance/events/:id', authorize('SURVEILLANCE'), async (c) => {
      const e = await visibleEvent(store, c.get('ctx'), c.req.param('id'));
      return c.json(await eventDetail(store, c.get('ctx'), e));
    })
    .post(
      '/surveillance/events/:id/transition',
      authorize('SURVEILLANCE'),
      // The event is looked up before the body is read: an invisible event is 404 whatever the body says.
      async (c, next) => {
        await visibleEvent(store, c.get('ctx'), c.req.param('id'));
        await next();
      },
      jsonBody(EventTransitionRequest, 'status'),
      async (c) => {
        const ctx = c.get('ctx');
        const e = await visibleEvent(store, ctx, c.req.param('id'));
        const moved = await transitionEvent(store, ctx, e.id, c.req.valid('json'));
        return c.json(await eventDetail(store, ctx, moved));
      },
    )
    .get('/surveillance/series', authorize('SURVEILLANCE'), async (c) => {
      const weeks = Number(c.req.query('weeks') ?? 26);
      return c.json(
        await surveillanceSeries(store, c.get('ctx'), {
          disease: c.req.query('disease') ?? '',
          orgUnit: c.req.query('ou') ?? '',
          to: c.req.query('to') ?? '',
          weeks: Number.isInteger(weeks) ? weeks : 26,
        }),
      );
    })
    .post('/surveillance/cases', authorize('SURVEILLANCE'), async (c) => {
      const type = c.req.header('content-type') ?? '';
      const ext = type.includes('spreadsheetml') || type.includes('xlsx') ? 'xlsx' : 'csv';
      // The CDC's jurisdiction is its view scope: cases outside it are conflicts of their rows.
      const summary = await withSpooledUpload(
        c.req.raw.body,
        { dir: options.uploadDir, maxBytes: maxBody, ext },
        (file) => importCaseLineList(store, c.get('ctx'), file, { dryRun: c.req.query('dryRun') === 'true' }),
      );
      if (!summary.dryRun && summary.status !== 'ERROR' && summary.imported + summary.updated > 0) {
        options.onDataChanged?.();
      }
      return c.json(summary, summary.status === 'ERROR' ? 409 : 200);
    })
    .post(
      '/surveillance/run',
      authorize('SURVEILLANCE'),
      jsonBody(SurveillanceRunRequest, 'from, to'),
      async (c) => {
        const body = c.req.valid('json');
        // A run covers every township: district-wide users only (the service checks).
        const r = await runSurveillance(store, c.get('ctx'), { from: body.from, to: body.to });
        return c.json({
          from: r.from,
          to: r.to,
          places: r.places,
          diseases: r.diseases,
          events: r.events.length,
          created: r.created,
          updated: r.updated,
        });
      },
    );
}
