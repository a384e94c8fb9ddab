import type { Command } from 'commander';
import { AppError, t } from '@healthwatch/core';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err, out } from '../io.js';
import { collect } from './common.js';

export function queryCommand(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('query')
    .description('分析查询：指标和数据元按机构、期间汇总，始终为最新数据（analytics query, always fresh）')
    .requiredOption(
      '--dx <items>',
      'indicators, data elements or operands (de.coc), by id, code or name; repeat or comma-separate',
      collect,
    )
    .requiredOption(
      '--pe <periods>',
      'periods (2024, 2024Q1, 202403 …) or relative (THIS_YEAR, LAST_12_MONTHS, QUARTERS_THIS_YEAR …)',
      collect,
    )
    .requiredOption(
      '--ou <units>',
      'org units by id, code or name, and LEVEL-n, OU_GROUP-x, CHILDREN, DESCENDANTS',
      collect,
    )
    .option('--co <category>', 'split data elements by the options of this category')
    .option('--today <date>', 'the day relative periods count from (YYYY-MM-DD)')
    .option('--skip-rounding', 'unrounded values')
    .option('--format <format>', 'table | json | csv', 'table')
    .action(
      async (o: {
        dx: string[];
        pe: string[];
        ou: string[];
        co?: string;
        today?: string;
        skipRounding?: boolean;
        format: string;
      }) => {
        const { csvField, queryAnalytics } = await import('@healthwatch/services/analytics');
        const { openMigratedStore } = await import('@healthwatch/store');
        const g = globals();
        if (!['table', 'json', 'csv'].includes(o.format)) {
          throw new AppError('HW_UNSUPPORTED_FORMAT', { format: o.format, allowed: 'table, json, csv' });
        }
        if (o.today && !/^\d{4}-\d{2}-\d{2}$/.test(o.today)) {
          throw new AppError('HW_VALIDATION', { reason: `--today ${o.today}` });
        }
        const store = await openMigratedStore(g.db);
        try {
          // --today moves the day relative periods count from, nothing else.
          const ctx = o.today ? { ...cliContext(g), today: o.today } : cliContext(g);
          const r = await queryAnalytics(store, ctx, {
            dx: o.dx,
            pe: o.pe,
            ou: o.ou,
            co: o.co,
            skipRounding: o.skipRounding === true,
          });
          const name = (id: string): string => r.items[id]?.name ?? id;
          if (o.format === 'json') {
            out(io, JSON.stringify(r.rows, null, 2));
          } else if (o.format === 'csv') {
            const co = r.dimensions.co ? ',co,coName' : '';
            out(io, `dx,dxName,pe,peName,ou,ouName${co},value`);
            for (const row of r.rows) {
              const cells = [
                row.dx,
                name(row.dx),
                row.pe,
                name(row.pe),
                row.ou,
                name(row.ou),
                ...(r.dimensions.co ? [row.co ?? '', name(row.co ?? '')] : []),
                row.value,
              ];
              out(io, cells.map(csvField).join(','));
            }
          } else {
            for (const row of r.rows) {
              out(
                io,
                `${name(row.dx)}\t${name(row.pe)}\t${name(row.ou)}${row.co ? `\t${name(row.co)}` : ''}\t${row.value}`,
              );
            }
          }
          if (r.rows.length === 0) {
            err(io, t(g.lang, 'cli.noData'));
          }
        } finally {
          await store.close();
        }
      },
    );
}
