import { dhis2AnalyticsGrid, dhis2GridTable, tableFile } from '@healthwatch/services';
import { Hono } from 'hono';
import { contentDisposition } from '../content-disposition.js';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** DHIS2-compatible analytics: dimension=dx:a;b&dimension=pe:…&dimension=ou:…[&filter=ou:x] */
export function analyticsRoutes({ store }: RouteDeps): Hono<Env> {
  return new Hono<Env>().get('/analytics', authorize('ANALYTICS_READ'), async (c) => {
    const grid = await dhis2AnalyticsGrid(store, c.get('ctx'), {
      dimension: c.req.queries('dimension') ?? [],
      filter: c.req.queries('filter') ?? [],
      skipRounding: c.req.query('skipRounding') === 'true',
      relativePeriodDate: c.req.query('relativePeriodDate'),
    });
    const format = c.req.query('format');
    if (format === 'xlsx' || format === 'csv') {
      const table = dhis2GridTable(grid);
      const file = await tableFile(table.headers, table.rows, format);
      return c.body(new Uint8Array(file), 200, {
        'content-type': format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8',
        'content-disposition': contentDisposition(`analytics.${format}`),
      });
    }
    return c.json(grid);
  });
}
