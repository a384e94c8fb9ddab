import { DataValueRequest } from '@healthwatch/contract';
import { checkRulesOnSave, deleteValue, getValues, setValue } from '@healthwatch/services';
import { Hono } from 'hono';
import * as z from 'zod';
import { checkUnit } from '../check-unit.js';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { jsonBody, queryOf } from '../middleware/validate.js';

const ValueQuery = z.object({
  de: z.string().min(1),
  ou: z.string().min(1),
  pe: z.string().min(1),
  co: z.string().optional(),
  cc: z.string().optional(),
});

/** Single data values: read, enter/correct, delete (soft). */
export function dataValuesRoutes({ store, options }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/dataValues', authorize('DATA_READ'), queryOf(ValueQuery, 'de, ou, pe'), async (c) => {
      const q = c.req.valid('query');
      await checkUnit(store, c.get('principal'), q.ou, 'view');
      return c.json({
        dataValues: await getValues(store, {
          dataElement: q.de,
          orgUnit: q.ou,
          period: q.pe,
          categoryOptionCombo: q.co,
        }),
      });
    })
    .post(
      '/dataValues',
      authorize('DATA_WRITE'),
      jsonBody(DataValueRequest, 'dataElement, orgUnit, period, value'),
      async (c) => {
        const p = c.get('principal');
        const body = c.req.valid('json');
        await checkUnit(store, p, body.orgUnit, 'capture');
        // Validation rules on save: a blocking rule refuses the value (400), the others come back as warnings.
        const ctx = c.get('ctx');
        const validation = await checkRulesOnSave(store, ctx, body);
        const summary = await setValue(store, ctx, body);
        if (summary.imported + summary.updated > 0) {
          options.onDataChanged?.({ dataElements: [body.dataElement] });
        }
        return c.json({ ...summary, validation });
      },
    )
    .delete('/dataValues', authorize('DATA_WRITE'), queryOf(ValueQuery, 'de, ou, pe'), async (c) => {
      const p = c.get('principal');
      const q = c.req.valid('query');
      await checkUnit(store, p, q.ou, 'capture');
      const summary = await deleteValue(store, c.get('ctx'), {
        dataElement: q.de,
        orgUnit: q.ou,
        period: q.pe,
        categoryOptionCombo: q.co,
      });
      if (summary.deleted > 0) {
        options.onDataChanged?.({ dataElements: [q.de] });
      }
      return c.json(summary);
    });
}
