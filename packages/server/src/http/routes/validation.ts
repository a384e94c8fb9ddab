import { ValidationRunRequest } from '@healthwatch/contract';
import { t } from '@healthwatch/core';
import { runValidation, storedViolations, tableFile } from '@healthwatch/services';
import { Hono } from 'hono';
import { checkUnit } from '../check-unit.js';
import { contentDisposition } from '../content-disposition.js';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { jsonBody } from '../middleware/validate.js';

const VIOLATION_COLUMNS = [
  'column.rule',
  'column.importance',
  'column.orgUnitCode',
  'column.orgUnit',
  'column.period',
  'column.left',
  'column.right',
  'column.message',
] as const;

/** Validation rules: a run over units and periods in the view scope, and the stored results. */
export function validationRoutes({ store }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .post(
      '/validation/run',
      authorize('DATA_READ'),
      jsonBody(ValidationRunRequest, 'orgUnit, periods'),
      async (c) => {
        const body = c.req.valid('json');
        // The unit is checked against the view scope by the service.
        const r = await runValidation(store, c.get('ctx'), {
          orgUnits: [body.orgUnit],
          descendants: body.descendants ?? false,
          periods: body.periods,
          dataSet: body.dataSet,
        });
        return c.json(r);
      },
    )
    .get('/validation/results', authorize('DATA_READ'), async (c) => {
      const ou = c.req.query('ou') ?? '';
      await checkUnit(store, c.get('principal'), ou, 'view');
      const list = await storedViolations(store, {
        orgUnit: ou,
        periods: (c.req.query('pe') ?? '').split(',').filter(Boolean),
      });
      if (c.req.query('format') === 'csv') {
        const file = await tableFile(
          // The header row in the request's language, like every message.
          VIOLATION_COLUMNS.map((k) => t(c.get('locale'), k)),
          list.map((v) => [
            v.ruleName,
            v.importance,
            v.orgUnit,
            v.orgUnitName,
            v.period,
            v.left === null ? '' : String(v.left),
            v.right === null ? '' : String(v.right),
            v.message,
          ]),
          'csv',
        );
        return c.body(new Uint8Array(file), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': contentDisposition('validation-results.csv'),
        });
      }
      return c.json({ violations: list });
    });
}
