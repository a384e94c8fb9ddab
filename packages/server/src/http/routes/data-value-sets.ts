import {
  dhis2JsonValues,
  exportValuesText,
  importDataFile,
  importRawValues,
  resolveSelection,
  unitInScope,
} from '@healthwatch/services';
import { cachedMetadataIndex } from '@healthwatch/store';
import { Hono } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { readJson } from '../read-json.js';
import { withSpooledUpload } from '../spool-upload.js';

/** DHIS2-compatible data value sets: export (JSON or CSV) and import (JSON, CSV or XLSX). */
export function dataValueSetsRoutes({ store, options, maxBody }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/dataValueSets', authorize('DATA_READ'), async (c) => {
      const p = c.get('principal');
      const orgUnits = c.req.queries('orgUnit') ?? [];
      const index = await cachedMetadataIndex(store);
      for (const ref of orgUnits) {
        unitInScope(p, 'view', index, ref);
      }
      const filter = await resolveSelection(store, {
        dataSets: c.req.queries('dataSet') ?? [],
        dataElements: c.req.queries('dataElement') ?? [],
        orgUnits,
        orgUnitScope: c.req.query('children') === 'true' ? 'descendants' : 'self',
        periods: c.req.queries('period') ?? [],
      });
      const csv = c.req.header('accept')?.includes('text/csv') === true || c.req.query('format') === 'csv';
      const body = await exportValuesText(store, filter, csv ? 'dhis2-csv' : 'dhis2-json');
      return c.body(body, 200, {
        'content-type': csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      });
    })
    .post('/dataValueSets', authorize('DATA_WRITE'), async (c) => {
      const ctx = c.get('ctx');
      const opts = {
        dryRun: c.req.query('dryRun') === 'true',
        skipConflicts:
          c.req.query('importStrategy') === 'SKIP_CONFLICTS' || c.req.query('skipConflicts') === 'true',
      };
      const type = c.req.header('content-type') ?? '';
      const spooled = type.includes('csv')
        ? 'csv'
        : type.includes('spreadsheetml') || type.includes('xlsx')
          ? 'xlsx'
          : null;
      let summary;
      if (spooled !== null) {
        summary = await withSpooledUpload(
          c.req.raw.body,
          { dir: options.uploadDir, maxBytes: maxBody, ext: spooled },
          (file) => importDataFile(store, ctx, file, { ...opts, format: spooled }),
        );
      } else {
        const doc = await readJson(c);
        summary = await importRawValues(store, ctx, () => dhis2JsonValues(doc), {
          ...opts,
          fileName: null,
          formatName: 'dhis2-json',
        });
      }
      if (
        !summary.dryRun &&
        summary.status !== 'ERROR' &&
        summary.imported + summary.updated + summary.deleted > 0
      ) {
        options.onDataChanged?.();
      }
      return c.json(summary, summary.status === 'ERROR' ? 409 : 200);
    });
}
