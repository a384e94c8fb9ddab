import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError, isMessageKey, t } from '@healthwatch/core';
import type { TabularKind } from '@healthwatch/services';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err, out } from '../io.js';

export function metadataCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const md = program.command('metadata').description('元数据导入导出（metadata import and export）');
  md.command('import')
    .description('导入元数据：原生 JSON、DHIS2 元数据 JSON、机构或数据元 CSV/XLSX')
    .argument('<file>', 'metadata file')
    .option(
      '--format <format>',
      'native | dhis2 | csv | xlsx (default: detected); json prints the summary as JSON',
    )
    .option('--kind <kind>', 'for CSV/XLSX: org-units | data-elements (default: from the headers)')
    .option('--dry-run', 'check everything, write nothing')
    .action(async (file: string, opts: { format?: string; kind?: string; dryRun?: boolean }) => {
      const { importMetadataFile } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      if (opts.kind && opts.kind !== 'org-units' && opts.kind !== 'data-elements') {
        throw new AppError('HW_UNSUPPORTED_FORMAT', {
          format: opts.kind,
          allowed: 'org-units, data-elements',
        });
      }
      const json = opts.format === 'json';
      const store = await openMigratedStore(g.db);
      try {
        const summary = await importMetadataFile(store, cliContext(g), file, {
          ...(opts.format && !json ? { format: opts.format } : {}),
          ...(opts.kind ? { kind: opts.kind as TabularKind } : {}),
          dryRun: opts.dryRun === true,
        });
        if (json) {
          out(io, JSON.stringify(summary, null, 2));
        }
        const parts = Object.entries(summary.counts)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => {
            const key = `metadataKind.${k}`;
            return `${isMessageKey(key) ? t(g.lang, key) : k} ${n}`;
          });
        err(
          io,
          t(g.lang, summary.dryRun ? 'cli.metadataDryRun' : 'cli.metadataImported', {
            parts: parts.join(t(g.lang, 'cli.listSeparator')) || '0',
          }),
        );
      } finally {
        await store.close();
      }
    });
  md.command('export')
    .description('导出全部元数据（export all metadata）')
    .option('--format <format>', 'native | dhis2', 'native')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (opts: { format: string; out?: string }) => {
      const { exportMetadata, exportMetadataDhis2 } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      if (opts.format !== 'native' && opts.format !== 'dhis2') {
        throw new AppError('HW_UNSUPPORTED_FORMAT', { format: opts.format, allowed: 'native, dhis2' });
      }
      const store = await openMigratedStore(g.db);
      try {
        const doc = opts.format === 'dhis2' ? await exportMetadataDhis2(store) : await exportMetadata(store);
        const text = `${JSON.stringify(doc, null, 2)}\n`;
        if (opts.out) {
          await writeFile(opts.out, text);
          err(io, t(g.lang, 'cli.metadataWritten', { path: opts.out }));
        } else {
          io.stdout.write(text);
        }
      } finally {
        await store.close();
      }
    });
}
