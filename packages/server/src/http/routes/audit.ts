import { AppError, msg } from '@healthwatch/core';
import { queryAudit } from '@healthwatch/services';
import { listEvents } from '@healthwatch/store';
import { Hono } from 'hono';
import { checkUnit } from '../check-unit.js';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';

/** The audit trail of data values (within the view scope) and the security event log (admins). */
export function auditRoutes({ store }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/audit', authorize('AUDIT_READ'), async (c) => {
      const p = c.get('principal');
      const ou = c.req.query('ou');
      if (ou) {
        await checkUnit(store, p, ou, 'view');
      } else if (p.viewPaths !== null) {
        throw new AppError('HW_VALIDATION', { reason: msg('reason.scopeOuRequired') });
      }
      const limit = Math.min(10_000, Math.max(1, Number(c.req.query('limit') ?? 100) || 100));
      return c.json({
        audit: await queryAudit(store, {
          dataElement: c.req.query('de'),
          orgUnit: ou,
          period: c.req.query('pe'),
          user: c.req.query('user'),
          limit,
        }),
      });
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
