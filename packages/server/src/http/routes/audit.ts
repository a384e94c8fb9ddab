import { t } from '@healthwatch/core';
import { exportAudit, queryAudit } from '@healthwatch/services';
import type { AuditQuery } from '@healthwatch/services';
import { listEvents } from '@healthwatch/store';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { contentDisposition } from '../content-disposition.js';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';

function auditQuery(c: Context<Env>): AuditQuery {
  const q = (k: string): string | undefined => c.req.query(k) || undefined;
  const actions = q('auditType')?.split(',').filter(Boolean);
  return {
    orgUnit: q('ou'),
    dataElement: q('de'),
    dataSet: q('ds'),
    period: q('pe'),
    periodFrom: q('peFrom'),
    periodTo: q('peTo'),
    user: q('user'),
    actions,
    page: Number(q('page') ?? 1),
    // `limit` was the only size parameter before pagination; it still works as the page size.
    pageSize: Number(q('pageSize') ?? q('limit') ?? 100),
  };
}

/**
 * The audit trail of data values and the security event log (admins). A unit covers everything
 * below it; without one the caller's whole view scope is searched.
 */
export function auditRoutes({ store }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/audit', authorize('AUDIT_READ'), async (c) => {
      const ctx = c.get('ctx');
      const format = c.req.query('format');
      if (format === 'csv' || format === 'xlsx') {
        const r = await exportAudit(store, ctx, auditQuery(c), format);
        const name = `${t(ctx.locale, 'audit.sheet')}-${ctx.today}.${format}`;
        return c.body(new Uint8Array(r.file), 200, {
          'content-type':
            format === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': contentDisposition(name),
          'x-healthwatch-rows': String(r.rows),
          'x-healthwatch-truncated': String(r.truncated),
        });
      }
      return c.json(await queryAudit(store, ctx, auditQuery(c)));
    })
    .get('/audit/events', authorize('USER_ADMIN'), async (c) =>
      c.json({
        events: await listEvents(store.db, {
          action: c.req.query('action'),
          username: c.req.query('user'),
          limit: Number(c.req.query('limit') ?? 100) || 100,
        }),
      }),
    );
}
