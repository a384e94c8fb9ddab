import { AppError, msg, parsePeriod } from '@healthwatch/core';
import { CompletionRequest, EntryFormQuery, ReportingPeriodsQuery } from '@healthwatch/contract';
import {
  dataTemplate,
  entryForm,
  reportingPeriods,
  setFormComplete,
  TEMPLATE_FORMATS,
} from '@healthwatch/services';
import type { TemplateFormat } from '@healthwatch/services';
import { Hono } from 'hono';
import { checkUnit } from '../check-unit.js';
import { contentDisposition } from '../content-disposition.js';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { jsonBody, queryOf } from '../middleware/validate.js';

/** Data entry: one form (elements × disaggregations with the stored values), its template and its completion. */
export function dataEntryRoutes({ store }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/dataEntry/form', authorize('DATA_READ'), queryOf(EntryFormQuery, 'ds, ou, pe'), async (c) => {
      const q = c.req.valid('query');
      return c.json(await entryForm(store, c.get('ctx'), { dataSet: q.ds, orgUnit: q.ou, period: q.pe }));
    })
    .get('/dataEntry/periods', authorize('DATA_READ'), queryOf(ReportingPeriodsQuery, 'ds'), async (c) => {
      // The periods offered and defaulted to come from the server's today, never the browser's clock.
      return c.json(await reportingPeriods(store, c.get('ctx'), { dataSet: c.req.valid('query').ds }));
    })
    .get('/dataEntry/template', authorize('DATA_READ'), async (c) => {
      const p = c.get('principal');
      const format = c.req.query('format') ?? 'xlsx';
      const ds = c.req.query('ds');
      if (!ds || !(TEMPLATE_FORMATS as readonly string[]).includes(format)) {
        throw new AppError('HW_VALIDATION', {
          reason: msg('validation.expectedFields', { fields: `ds, format=${TEMPLATE_FORMATS.join('|')}` }),
        });
      }
      // The unit and period are written into the file: a unit in the view scope (by its code) and a valid period, never the raw parameter.
      const ouRef = c.req.query('ou');
      const unit = ouRef ? await checkUnit(store, p, ouRef, 'view') : undefined;
      const pe = c.req.query('pe');
      const t = await dataTemplate(store, {
        dataSet: ds,
        orgUnit: unit ? (unit.code ?? unit.uid) : undefined,
        period: pe ? parsePeriod(pe).id : undefined,
        format: format as TemplateFormat,
      });
      return c.body(new Uint8Array(t.body), 200, {
        'content-type':
          format === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'text/csv; charset=utf-8',
        'content-disposition': contentDisposition(t.fileName),
      });
    })
    .post(
      '/dataEntry/complete',
      authorize('DATA_WRITE'),
      jsonBody(CompletionRequest, 'dataSet, orgUnit, period, complete'),
      async (c) => {
        await setFormComplete(store, c.get('ctx'), c.req.valid('json'));
        return c.json({ status: 'ok' });
      },
    );
}
