import type { Command } from 'commander';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err } from '../io.js';

interface Row {
  dataSet: { code: string | null; name: string };
  period: { id: string; label: string };
  orgUnit: { id: string; code: string | null; name: string };
  statusLabel: string;
  dueOn: string;
  lastReturn: { comment: string } | null;
}

function printRows(io: CliIo, rows: readonly Row[], format: string): void {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  for (const r of rows) {
    io.stdout.write(
      `${r.dataSet.code ?? r.dataSet.name}\t${r.period.id}\t${r.orgUnit.code ?? r.orgUnit.id}\t${r.orgUnit.name}\t${r.statusLabel}\t${r.dueOn}${r.lastReturn ? `\t${r.lastReturn.comment}` : ''}\n`,
    );
  }
}

/**
 * `healthwatch workspace list|return|remind|mine`: the reporting workspace from the command line,
 * acting everywhere as `--user` (the rules of returns and reminders apply as in the app). Reminders
 * post to HEALTHWATCH_NOTIFY_WEBHOOK when it is set.
 */
export function workspaceCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const ws = program
    .command('workspace')
    .description('报表工作台：上报状态、退回、催报（reporting workspace）');
  ws.command('list')
    .description('各机构报表状态（forms by data set, period and unit with their status）')
    .option('--ds <dataSet>', 'data set (id, code or name)')
    .option('--pe <period>', 'period (default: the latest due period of each data set)')
    .option('--ou <unit>', 'org unit and everything below it')
    .option('--status <status>', 'notReported | overdue | reported | approved | accepted | returned')
    .option('--format <format>', 'table | json', 'table')
    .action(async (o: { ds?: string; pe?: string; ou?: string; status?: string; format: string }) => {
      const { listWorkspace } = await import('@healthwatch/services');
      const { isReportStatus } = await import('./workspace-status.js');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        const rows = await listWorkspace(store, cliContext(g), {
          dataSet: o.ds,
          period: o.pe,
          orgUnit: o.ou,
          status: isReportStatus(o.status),
        });
        printRows(io, rows, o.format);
      } finally {
        await store.close();
      }
    });
  ws.command('return')
    .description('退回报表并填写审核意见（return a completed form with a review comment）')
    .requiredOption('--ds <dataSet>', 'data set')
    .requiredOption('--ou <unit>', 'org unit')
    .requiredOption('--pe <period>', 'period')
    .requiredOption('--comment <text>', '审核意见 (at most 500 characters)')
    .action(async (o: { ds: string; ou: string; pe: string; comment: string }) => {
      const { returnForm } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        await returnForm(store, cliContext(g), {
          dataSet: o.ds,
          orgUnit: o.ou,
          period: o.pe,
          comment: o.comment,
        });
        err(io, `${o.ou} ${o.pe}：退回 returned`);
      } finally {
        await store.close();
      }
    });
  ws.command('remind')
    .description('催报：记录并通知未报机构（remind units not yet reported）')
    .requiredOption('--ds <dataSet>', 'data set')
    .option('--pe <period>', 'period (default: the latest due period)')
    .option('--ou <units>', 'units to remind, comma-separated (default: every unit not yet reported)')
    .action(async (o: { ds: string; pe?: string; ou?: string }) => {
      const { remind } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        const r = await remind(
          store,
          cliContext(g),
          {
            dataSet: o.ds,
            period: o.pe,
            orgUnits: o.ou
              ?.split(',')
              .map((x) => x.trim())
              .filter((x) => x !== ''),
          },
          { webhookUrl: io.env.HEALTHWATCH_NOTIFY_WEBHOOK || undefined },
        );
        for (const u of r.units) {
          io.stdout.write(`${u.code ?? u.id}\t${u.name}\n`);
        }
        err(
          io,
          `${r.period}：${r.units.length} ${r.delivery}${r.deliveryDetail ? ` (${r.deliveryDetail})` : ''}`,
        );
      } finally {
        await store.close();
      }
    });
  ws.command('mine')
    .description('我的报表：待报、逾期、退回（what is due, overdue or returned for my units）')
    .option('--format <format>', 'table | json', 'table')
    .action(async (o: { format: string }) => {
      const { myReports } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        printRows(io, await myReports(store, cliContext(g)), o.format);
      } finally {
        await store.close();
      }
    });
}
