import type { Command } from 'commander';
import { AppError, t, valueAuditLabel, fieldLabel } from '@healthwatch/core';
import type { Locale } from '@healthwatch/core';
import type { AuditRow } from '@healthwatch/store';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err, out } from '../io.js';

const AUDIT_FORMATS = ['text', 'json', 'csv', 'xlsx'] as const;

function formatAudit(a: AuditRow, locale: Locale, timeZone: string, other: string): string {
  const when = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(new Date(a.changedAt));
  const combo = a.categoryOptionComboName === 'default' ? '' : ` / ${a.categoryOptionComboName}`;
  const what = `${a.dataElementName} / ${a.orgUnitName} / ${a.period}${combo}`;
  const value =
    a.oldValue !== a.newValue
      ? t(locale, 'cli.auditChange', {
          field: fieldLabel(locale, 'value'),
          from: a.oldValue ?? '∅',
          to: a.newValue ?? '∅',
        })
      : '';
  const change = [value, other].filter(Boolean).join(t(locale, 'cli.changeSeparator'));
  return `${when}  ${a.changedBy}  ${valueAuditLabel(a.auditType, locale)}  ${what}  ${change}`;
}

/**
 * `healthwatch audit`: who changed what, for a unit and everything below it. The changing user is
 * `--by`: `--user` is the global option naming who runs the command, which commander gives to the
 * program before a subcommand could see it.
 */
export function auditCommand(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('audit')
    .description(
      '审计日志：谁在何时改了什么，含下级机构（the audit log: who changed what, units below included）',
    )
    .option('--ou <orgUnit>', 'org unit: its changes and those of every unit below it')
    .option('--de <dataElement>', 'data element')
    .option('--ds <dataSet>', 'only the elements of this data set')
    .option('--pe <period>', 'one period')
    .option('--from <period>', 'periods from this one on (e.g. 202401)')
    .option('--to <period>', 'periods up to this one (e.g. 202412)')
    .option('--by <username>', 'changes made by this user')
    .option('--action <actions>', 'CREATE,UPDATE,DELETE (新增/修改/删除), comma-separated')
    .option('--page <n>', 'page number, newest first', '1')
    .option('--limit <n>', 'entries per page (at most 1000)', '100')
    .option('--format <format>', AUDIT_FORMATS.join(' | '), 'text')
    .option('--out <file>', 'write csv/xlsx to this file (required for xlsx)')
    .action(
      async (o: {
        ou?: string;
        de?: string;
        ds?: string;
        pe?: string;
        from?: string;
        to?: string;
        by?: string;
        action?: string;
        page: string;
        limit: string;
        format: string;
        out?: string;
      }) => {
        const g = globals();
        if (!(AUDIT_FORMATS as readonly string[]).includes(o.format)) {
          throw new AppError('HW_UNSUPPORTED_FORMAT', {
            format: o.format,
            allowed: AUDIT_FORMATS.join(', '),
          });
        }
        const page = Number(o.page);
        const limit = Number(o.limit);
        for (const [name, n, max] of [
          ['--page', page, 1_000_000],
          ['--limit', limit, 1000],
        ] as const) {
          if (!Number.isInteger(n) || n < 1 || n > max) {
            throw new AppError('HW_VALIDATION', {
              reason: t(g.lang, 'cli.optionRange', { option: name, min: 1, max }),
            });
          }
        }
        if (o.format === 'xlsx' && !o.out) {
          throw new AppError('HW_VALIDATION', { reason: t(g.lang, 'cli.outRequired', { format: 'xlsx' }) });
        }
        const { AUDIT_EXPORT_MAX, auditOtherChanges, exportAudit, queryAudit } =
          await import('@healthwatch/services');
        const { openMigratedStore } = await import('@healthwatch/store');
        const store = await openMigratedStore(g.db);
        const ctx = cliContext(g);
        const q = {
          orgUnit: o.ou,
          dataElement: o.de,
          dataSet: o.ds,
          period: o.pe,
          periodFrom: o.from,
          periodTo: o.to,
          user: o.by,
          actions: o.action
            ?.split(',')
            .map((s) => s.trim().toUpperCase())
            .filter(Boolean),
          page,
          pageSize: limit,
        };
        try {
          if (o.format === 'csv' || o.format === 'xlsx') {
            const r = await exportAudit(store, ctx, q, o.format);
            if (o.out) {
              const { writeFile } = await import('node:fs/promises');
              await writeFile(o.out, r.file);
              err(io, t(g.lang, 'cli.auditExported', { rows: r.rows, path: o.out }));
            } else {
              io.stdout.write(r.file);
            }
            if (r.truncated) {
              err(io, t(g.lang, 'cli.auditTruncated', { max: AUDIT_EXPORT_MAX }));
            }
            return;
          }
          const r = await queryAudit(store, ctx, q);
          if (o.format === 'json') {
            out(io, JSON.stringify(r, null, 2));
            return;
          }
          for (const a of r.audit) {
            out(io, formatAudit(a, g.lang, g.timeZone, auditOtherChanges(a, g.lang)));
          }
          err(
            io,
            r.total === 0
              ? t(g.lang, 'cli.noAudit')
              : t(g.lang, 'cli.auditPage', { page: r.page, pageSize: r.pageSize, total: r.total }),
          );
        } finally {
          await store.close();
        }
      },
    );
}
