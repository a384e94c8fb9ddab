import { AppError, OutlierMethod } from '@healthwatch/core';
import { FollowUpRequest } from '@healthwatch/contract';
import { dataSetCompleteness, listFollowUps, scanOutliers, setFollowUp } from '@healthwatch/services';
import { Hono } from 'hono';
import { checkUnit } from '../check-unit.js';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { jsonBody } from '../middleware/validate.js';

/** Data quality within the caller's view scope: completeness, follow-ups and outliers. */
export function dataQualityRoutes({ store }: RouteDeps): Hono<Env> {
  return (
    new Hono<Env>()
      .get('/completeness', authorize('DATA_READ'), async (c) => {
        const ou = c.req.query('ou') ?? '';
        await checkUnit(store, c.get('principal'), ou, 'view');
        return c.json(
          await dataSetCompleteness(store, c.get('ctx'), {
            dataSet: c.req.query('ds') ?? '',
            orgUnit: ou,
            periods: (c.req.query('pe') ?? '').split(',').filter(Boolean),
          }),
        );
      })
      // Follow-up: flag a value (an outlier, a doubtful figure) and clear it once checked, with a comment.
      .get('/followups', authorize('DATA_READ'), async (c) => {
        const ou = c.req.query('ou') ?? '';
        await checkUnit(store, c.get('principal'), ou, 'view');
        return c.json({
          dataValues: await listFollowUps(store, {
            orgUnit: ou,
            limit: Math.min(2000, Number(c.req.query('limit') ?? 500) || 500),
          }),
        });
      })
      .post(
        '/followups',
        authorize('DATA_WRITE'),
        jsonBody(FollowUpRequest, 'dataElement, orgUnit, period, followUp'),
        async (c) => {
          const p = c.get('principal');
          const body = c.req.valid('json');
          // Flagging rewrites the value's comment and flag: a write, so the capture scope and the locks hold.
          await checkUnit(store, p, body.orgUnit, 'capture');
          return c.json(await setFollowUp(store, c.get('ctx'), body, body.followUp, body.comment));
        },
      )
      .get('/outliers', authorize('DATA_READ'), async (c) => {
        const p = c.get('principal');
        const ou = c.req.query('ou') ?? '';
        await checkUnit(store, p, ou, 'view');
        const method = c.req.query('method') ?? 'modified-z';
        if (!(Object.values(OutlierMethod) as string[]).includes(method)) {
          throw new AppError('HW_UNSUPPORTED_FORMAT', {
            format: method,
            allowed: Object.values(OutlierMethod).join(', '),
          });
        }
        const threshold =
          c.req.query('threshold') === undefined ? undefined : Number(c.req.query('threshold'));
        const r = await scanOutliers(store, c.get('ctx'), {
          dataElements: (c.req.query('de') ?? '').split(',').filter(Boolean),
          orgUnit: ou,
          descendants: c.req.query('descendants') === 'true',
          from: c.req.query('from') ?? '',
          to: c.req.query('to') ?? '',
          method: method as OutlierMethod,
          ...(threshold !== undefined && threshold > 0 ? { threshold } : {}),
        });
        return c.json(r);
      })
  );
}
