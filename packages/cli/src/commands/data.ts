import type { Command } from 'commander';
import { AppError, DATA_FORMATS, EXPORT_FORMATS, t, VALUE_STATUSES, fieldLabel } from '@healthwatch/core';
import type { Locale } from '@healthwatch/core';
import type { ExportFormat, ImportSummary } from '@healthwatch/services';
import type { Store, ValueStatus } from '@healthwatch/store';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err, out } from '../io.js';
import { collect } from './common.js';

/** Early warning runs after every import that changed data, when the district has configured it (issue 8). */
export async function earlyWarningAfterImport(store: Store, s: ImportSummary, io: CliIo): Promise<void> {
  const { SurveillanceScheduler } = await import('@healthwatch/services');
  if (!s.dryRun && s.status !== 'ERROR' && s.imported + s.updated + s.deleted > 0) {
    await new SurveillanceScheduler(store, (m) => err(io, m)).trigger('import');
  }
}

/** The human summary of an import, on stderr. */
export function printSummary(io: CliIo, s: ImportSummary, locale: Locale): void {
  err(io, s.description);
  err(
    io,
    t(locale, 'cli.importCounts', {
      rows: s.rows,
      imported: s.imported,
      updated: s.updated,
      deleted: s.deleted,
      ignored: s.ignored,
      conflicts: s.conflictCount,
    }),
  );
  const shown = s.conflicts.slice(0, 50);
  for (const c of shown) {
    // The field as readers call it (数值, 机构), never its canonical name.
    err(
      io,
      t(locale, 'cli.conflictAt', { row: c.row, field: fieldLabel(locale, c.field), message: c.message }),
    );
  }
  if (s.conflictCount > shown.length) {
    err(io, t(locale, 'cli.moreConflicts', { count: s.conflictCount - shown.length }));
  }
  if (s.ignoredColumns.length > 0) {
    err(io, t(locale, 'cli.ignoredColumns', { columns: s.ignoredColumns }));
  }
}

export function dataCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('import')
    .description('导入数据值：CSV / XLSX / DHIS2 JSON / DHIS2 CSV（import data values）')
    .argument('<file>', 'the file to import')
    .option('--format <format>', `json for machine output; or the file format (${DATA_FORMATS.join(', ')})`)
    .option(
      '--input-format <format>',
      `file format: ${DATA_FORMATS.join(', ')} (default: from the file name)`,
    )
    .option('--dry-run', 'check and count, write nothing')
    .option('--skip-conflicts', 'write the valid rows and list the others')
    .option('--source <source>', 'source recorded on the values, e.g. 卫健统1表')
    .option('--ds <dataSet>', 'check every row against this data set')
    .option('--status <status>', `status of new values: ${VALUE_STATUSES.join(', ')}`)
    .action(
      async (
        file: string,
        opts: {
          format?: string;
          inputFormat?: string;
          dryRun?: boolean;
          skipConflicts?: boolean;
          source?: string;
          ds?: string;
          status?: string;
        },
      ) => {
        const { importDataFile } = await import('@healthwatch/services');
        const { openMigratedStore } = await import('@healthwatch/store');
        const g = globals();
        const json = opts.format === 'json';
        const inputFormat =
          opts.inputFormat ??
          (opts.format && opts.format !== 'json' && opts.format !== 'text' ? opts.format : undefined);
        if (opts.status && !(VALUE_STATUSES as readonly string[]).includes(opts.status)) {
          throw new AppError('HW_VALIDATION', {
            reason: t(g.lang, 'conflict.invalidStatus', { value: opts.status }),
          });
        }
        const store = await openMigratedStore(g.db);
        try {
          const summary = await importDataFile(store, cliContext(g), file, {
            ...(inputFormat ? { format: inputFormat } : {}),
            dryRun: opts.dryRun === true,
            skipConflicts: opts.skipConflicts === true,
            ...(opts.source ? { source: opts.source } : {}),
            ...(opts.ds ? { dataSet: opts.ds } : {}),
            ...(opts.status ? { status: opts.status as ValueStatus } : {}),
          });
          if (json) {
            out(io, JSON.stringify(summary, null, 2));
          }
          printSummary(io, summary, g.lang);
          if (summary.status === 'ERROR') {
            throw new ExitCode(2);
          }
          await earlyWarningAfterImport(store, summary, io);
        } finally {
          await store.close();
        }
      },
    );

  program
    .command('export')
    .description('导出数据值（export data values）')
    .option('--ds <dataSet>', 'data set(s): all their elements', collect)
    .option('--de <dataElement>', 'data element(s)', collect)
    .option('--ou <orgUnit>', 'org unit(s) by id, code or name', collect)
    .option('--children', 'include the direct children of each org unit')
    .option('--descendants', 'include the whole subtree of each org unit')
    .option(
      '--pe <period>',
      'period(s); stored periods inside them are included (2024 → its months)',
      collect,
    )
    .option('--format <format>', EXPORT_FORMATS.join(' | '), 'csv')
    .option('--out <file>', 'write to a file instead of stdout (required for xlsx)')
    .option('--include-deleted', 'include soft-deleted values')
    .action(
      async (opts: {
        ds?: string[];
        de?: string[];
        ou?: string[];
        children?: boolean;
        descendants?: boolean;
        pe?: string[];
        format: string;
        out?: string;
        includeDeleted?: boolean;
      }) => {
        const { exportValues, resolveSelection } = await import('@healthwatch/services');
        const { openMigratedStore } = await import('@healthwatch/store');
        const g = globals();
        if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
          throw new AppError('HW_UNSUPPORTED_FORMAT', {
            format: opts.format,
            allowed: EXPORT_FORMATS.join(', '),
          });
        }
        const store = await openMigratedStore(g.db);
        try {
          const filter = await resolveSelection(store, {
            dataSets: opts.ds ?? [],
            dataElements: opts.de ?? [],
            orgUnits: opts.ou ?? [],
            orgUnitScope: opts.descendants ? 'descendants' : opts.children ? 'children' : 'self',
            periods: opts.pe ?? [],
            includeDeleted: opts.includeDeleted === true,
          });
          const n = await exportValues(
            store,
            filter,
            opts.format as ExportFormat,
            opts.out ? { file: opts.out } : io.stdout,
            g.lang,
          );
          err(
            io,
            opts.out
              ? t(g.lang, 'cli.exportedTo', { count: n, path: opts.out })
              : t(g.lang, 'cli.exported', { count: n }),
          );
        } finally {
          await store.close();
        }
      },
    );
}

/** Thrown by a command that has already reported and only needs a non-zero exit. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
