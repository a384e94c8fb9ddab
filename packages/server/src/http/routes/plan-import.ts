import { AppError, msg } from '@healthwatch/core';
import type { PlanSourceFormat } from '@healthwatch/core';
import {
  draftPlanFromFile,
  libraryFromStore,
  PLAN_SOURCE_FORMATS,
  planSourceFormatOf,
  savePlanFile,
} from '@healthwatch/services';
import { logEvent } from '@healthwatch/store';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { readJson } from '../read-json.js';
import { withSpooledUpload } from '../spool-upload.js';

/** The format a Content-Type names (Word, a workbook, text); null when it names none (sniffed from the bytes). */
function formatOfType(type: string): PlanSourceFormat | null {
  return type.includes('wordprocessingml')
    ? 'docx'
    : type.includes('spreadsheetml') || type.includes('xlsx')
      ? 'xlsx'
      : type.startsWith('text/plain')
        ? 'txt'
        : null;
}

function invalid(option: string, value: string): AppError {
  return new AppError('HW_VALIDATION', { reason: msg('reason.optionValue', { option, value }) });
}

/** The draft's options from the query: code, name, table (repeatable, comma-separated), baselineYear, targetYear, format. */
function draftOptions(c: Context<Env>): {
  code?: string;
  name?: string;
  tables: number[];
  baselineYear?: number;
  targetYear?: number;
  format?: PlanSourceFormat;
} {
  const year = (key: string): number | undefined => {
    const v = c.req.query(key);
    if (v === undefined || v === '') {
      return undefined;
    }
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1949 || n > 2100) {
      throw invalid(key, v);
    }
    return n;
  };
  const tables = (c.req.queries('table') ?? [])
    .flatMap((v) => v.split(','))
    .filter((v) => v.trim() !== '')
    .map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) {
        throw invalid('table', v);
      }
      return n;
    });
  const format = c.req.query('format');
  if (format !== undefined && !(PLAN_SOURCE_FORMATS as readonly string[]).includes(format)) {
    throw new AppError('HW_UNSUPPORTED_FORMAT', { format, allowed: PLAN_SOURCE_FORMATS.join(', ') });
  }
  const code = c.req.query('code') || undefined;
  const name = c.req.query('name') || undefined;
  const baselineYear = year('baselineYear');
  const targetYear = year('targetYear');
  return {
    tables,
    ...(code ? { code } : {}),
    ...(name ? { name } : {}),
    ...(baselineYear ? { baselineYear } : {}),
    ...(targetYear ? { targetYear } : {}),
    ...(format ? { format: format as PlanSourceFormat } : {}),
  };
}

/**
 * Plans from their own documents, for those who maintain plans (METADATA_WRITE): a draft from an
 * uploaded document (nothing stored), and saving a plan file — the reviewed draft's `document`.
 */
export function planImportRoutes({ store, options, maxBody, addresses }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .post('/plans/drafts', authorize('METADATA_WRITE'), async (c) => {
      const o = draftOptions(c);
      const type = c.req.header('content-type') ?? '';
      let body = c.req.raw.body;
      let fileName: string | undefined;
      if (type.startsWith('multipart/form-data')) {
        // The body limit of /api bounds what formData() holds in memory.
        const file = (await c.req.formData()).get('file');
        if (!(file instanceof File)) {
          throw new AppError('HW_VALIDATION', {
            reason: msg('validation.expectedFields', { fields: 'file' }),
          });
        }
        body = file.stream();
        fileName = file.name;
      }
      const format = o.format ?? (fileName ? planSourceFormatOf(fileName) : formatOfType(type));
      const library = await libraryFromStore(store);
      const draft = await withSpooledUpload(
        body,
        { dir: options.uploadDir, maxBytes: maxBody, ext: format ?? 'upload' },
        (path) => draftPlanFromFile(c.get('ctx'), { ...o, path, fileName, format, library }),
      );
      return c.json(draft);
    })
    .post('/plans', authorize('METADATA_WRITE'), async (c) => {
      const ctx = c.get('ctx');
      const summary = await savePlanFile(store, ctx, await readJson(c), {
        replace: c.req.query('replace') === 'true',
      });
      await logEvent(store.db, {
        username: ctx.actor,
        action: 'plan.import',
        target: summary.code,
        detail: JSON.stringify({ indicators: summary.indicators, projects: summary.projects }),
        ip: addresses.of(c),
      });
      return c.json(summary);
    });
}
