import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError, t } from '@healthwatch/core';
import {
  PeriodIds,
  cachedMetadataIndex,
  cachedUserId,
  finishImportJob,
  keyString,
  openValueWriter,
  startImportJob,
} from '@healthwatch/store';
import type { Store, StoredValue, ValueChange, ValueFields, ValueStatus } from '@healthwatch/store';
import { MAX_LISTED_CONFLICTS } from './import-summary.js';
import type { ImportSummary } from './import-summary.js';
import { KeySet } from './key-set.js';
import { formatFromPath, readRawValues } from './raw-values.js';
import { openXlsxRows } from '../files/table-rows.js';
import type { DataFormat, RawValue } from './raw-values.js';
import { EditLocks } from '../data-entry/edit-locks.js';
import { accessScope, enforcesExpiry } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';
import { ValueResolver } from './resolve-value.js';
import type { Conflict, ResolvedValue } from './resolve-value.js';

/**
 * How to import a file. Who imports, where and on what day come from the service context: its
 * actor is recorded on every value and audit row, rows outside its capture scope are conflicts,
 * and periods past their expiry days are conflicts for callers without the right to edit expired
 * data (approvals always lock).
 */
export interface ImportOptions {
  format?: string;
  dryRun?: boolean;
  /** Write the valid rows and list the others, instead of rejecting the whole file. */
  skipConflicts?: boolean;
  /** Source recorded on values whose row names none (e.g. 卫健统1表). */
  source?: string;
  /** Check every row against this data set. */
  dataSet?: string;
  /** Status for new values whose row names none (default preliminary). */
  status?: ValueStatus;
}

class Rollback extends Error {}

/**
 * Imports data values from a file in one transaction. The file is streamed: rows are resolved,
 * checked and applied in batches, so memory holds one batch plus the set of keys seen (to catch
 * duplicates). Any conflict rolls everything back unless `skipConflicts`; a dry run always
 * rolls back. Importing the same file twice changes nothing the second time.
 */
export async function importDataFile(
  store: Store,
  ctx: ServiceContext,
  path: string,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const format: DataFormat = formatFromPath(path, opts.format);
  // An XLSX's workbook, styles and shared strings (where a zip bomb usually sits) are read within
  // the reader's limits before the transaction, which on SQLite holds the only connection.
  const xlsx = format === 'xlsx' ? await openXlsxRows(path) : undefined;
  try {
    return await importRawValues(
      store,
      ctx,
      (ignored) => readRawValues(path, format, ctx.locale, ignored, xlsx),
      {
        ...opts,
        fileName: path,
        formatName: format,
      },
    );
  } finally {
    xlsx?.close();
  }
}

export async function importRawValues(
  store: Store,
  ctx: ServiceContext,
  open: (ignoredColumns: string[]) => AsyncIterable<RawValue> | Iterable<RawValue>,
  opts: ImportOptions & { fileName: string | null; formatName: string },
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    status: 'SUCCESS',
    description: '',
    imported: 0,
    updated: 0,
    deleted: 0,
    ignored: 0,
    rows: 0,
    dryRun: opts.dryRun === true,
    rolledBack: false,
    conflicts: [],
    conflictCount: 0,
    ignoredColumns: [],
  };
  const conflict = (c: Conflict): void => {
    summary.conflictCount++;
    if (summary.conflicts.length < MAX_LISTED_CONFLICTS) {
      summary.conflicts.push(c);
    }
  };
  const now = Date.now();
  try {
    await store.transaction(async (tx) => {
      const index = await cachedMetadataIndex(store, tx);
      const resolver = new ValueResolver(index, ctx.locale, opts.dataSet, accessScope(ctx).capturePaths);
      const locks = await EditLocks.load(tx, store, index, {
        enforceExpiry: enforcesExpiry(ctx),
        today: ctx.today,
        locale: ctx.locale,
      });
      const userId = await cachedUserId(store, tx, ctx.actor);
      // Single values entered one by one need no import record; files and batches get one.
      const importId =
        opts.formatName === 'api'
          ? null
          : await startImportJob(tx, {
              kind: 'data',
              fileName: opts.fileName,
              format: opts.formatName,
              userId,
            });
      const periods = new PeriodIds();
      const seen = new KeySet();
      let batch: (ResolvedValue & { peId: number })[] = [];
      const writer = openValueWriter(store, tx, index);

      const flush = async (): Promise<void> => {
        if (batch.length === 0) {
          return;
        }
        const keys = batch.map((r) => ({
          deId: r.deId,
          peId: r.peId,
          ouId: r.ouId,
          cocId: r.cocId,
          aocId: r.aocId,
        }));
        const existing = await writer.fetchExisting(keys);
        const changes: ValueChange[] = [];
        for (const [i, r] of batch.entries()) {
          const key = keys[i];
          if (!key) {
            continue;
          }
          const change = decide(r, existing.get(keyString(key)) ?? null, opts);
          if (!change) {
            summary.ignored++;
            continue;
          }
          if (change.type === 'CREATE') {
            summary.imported++;
          } else if (change.type === 'UPDATE') {
            summary.updated++;
          } else {
            summary.deleted++;
          }
          changes.push({ ...change, key });
        }
        await writer.write(changes, { userId, importId, now });
        batch = [];
        // Resolving and writing a batch is synchronous on SQLite and parsing rarely waits for the
        // file, so without this turn a million-row import holds the event loop for its whole
        // minute: health checks and other users' reads (served by other connections) wait for it.
        await nextTurn();
      };

      for await (const raw of open(summary.ignoredColumns)) {
        summary.rows++;
        const r = resolver.resolve(raw);
        if (r === 'blank') {
          summary.ignored++;
          continue;
        }
        if (Array.isArray(r)) {
          r.forEach(conflict);
          continue;
        }
        const locked = locks.check(r);
        if (locked) {
          conflict(locked);
          continue;
        }
        const peId = await periods.idOf(tx, r.period);
        const first = seen.addOrGet(r.deId, peId, r.ouId, r.cocId, r.aocId, r.row);
        if (first !== -1) {
          conflict({
            row: r.row,
            field: 'dataElement',
            value: '',
            message: t(ctx.locale, 'conflict.duplicateKey', { first }),
          });
          continue;
        }
        batch.push({ ...r, peId });
        if (batch.length >= writer.batchSize) {
          await flush();
        }
      }
      await flush();
      await writer.finish();
      if (summary.rows === 0) {
        throw new AppError('HW_IMPORT_EMPTY');
      }
      if ((summary.conflictCount > 0 && !opts.skipConflicts) || opts.dryRun) {
        throw new Rollback();
      }
      if (importId !== null) {
        await finishImportJob(tx, importId, summary.conflictCount > 0 ? 'partial' : 'committed', {
          ...summary,
          conflicts: summary.conflicts.slice(0, 100),
        });
      }
    });
  } catch (e) {
    if (!(e instanceof Rollback)) {
      throw e;
    }
    summary.rolledBack = true;
  }
  return finalise(summary, opts, ctx.locale);
}

function finalise(s: ImportSummary, opts: ImportOptions, locale: ServiceContext['locale']): ImportSummary {
  if (s.conflictCount > 0 && !opts.skipConflicts) {
    s.status = 'ERROR';
    s.description = t(locale, 'error.HW_IMPORT_REJECTED', { count: s.conflictCount });
    s.imported = 0;
    s.updated = 0;
    s.deleted = 0;
    return s;
  }
  if (s.conflictCount > 0) {
    s.status = 'WARNING';
    s.description = t(locale, 'import.partial');
  } else if (opts.dryRun) {
    s.description = t(locale, 'import.dryRun');
  } else if (s.imported + s.updated + s.deleted === 0) {
    s.description = t(locale, 'import.nothingChanged');
  } else {
    s.description = t(locale, 'import.done');
  }
  return s;
}

function sameFields(a: ValueFields, b: StoredValue): boolean {
  return (
    a.value === b.value &&
    a.comment === b.comment &&
    a.followUp === b.followUp &&
    a.source === b.source &&
    a.status === b.status
  );
}

/**
 * What one row does to what is stored. Optional fields the row leaves empty keep their stored
 * values; a changed final value becomes `revised` unless the row says otherwise.
 */
function decide(
  r: ResolvedValue,
  prev: StoredValue | null,
  opts: ImportOptions,
): Omit<ValueChange, 'key'> | null {
  const live = prev && !prev.deleted ? prev : null;
  if (r.deleted) {
    if (!live) {
      return null;
    }
    return {
      type: 'DELETE',
      prev,
      next: {
        value: live.value,
        comment: live.comment,
        followUp: live.followUp,
        source: live.source,
        status: live.status,
      },
    };
  }
  if (!live) {
    return {
      type: 'CREATE',
      prev,
      next: {
        value: r.value,
        comment: r.comment ?? null,
        followUp: r.followUp ?? false,
        source: r.source ?? opts.source ?? null,
        status: r.status ?? opts.status ?? 'preliminary',
      },
    };
  }
  const valueChanged = r.value !== live.value;
  const next: ValueFields = {
    value: r.value,
    comment: r.comment ?? live.comment,
    followUp: r.followUp ?? live.followUp,
    source: r.source ?? (valueChanged ? (opts.source ?? live.source) : live.source),
    status: r.status ?? (valueChanged && live.status !== 'preliminary' ? 'revised' : live.status),
  };
  if (sameFields(next, live)) {
    return null;
  }
  return { type: 'UPDATE', prev, next };
}
