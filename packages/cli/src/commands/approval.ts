import { t } from '@healthwatch/core';
import type { Command } from 'commander';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err } from '../io.js';

interface RefOptions {
  ds: string;
  ou: string;
  pe: string;
}

const withRef = (c: Command): Command =>
  c
    .requiredOption('--ds <dataSet>', 'data set (id, code or name)')
    .requiredOption('--ou <unit>', 'org unit')
    .requiredOption('--pe <period>', "period of the data set's type");

/**
 * `healthwatch approval status|approve|unapprove|accept|unaccept` and `healthwatch lock-exception
 * grant|list|revoke`. The command line acts with the database owner's rights (any unit), recorded
 * as `--user`; the rules of the workflow (bottom-up, reasons, acceptance) apply as in the app.
 */
export function approvalCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const approval = program
    .command('approval')
    .description('数据审核：机构 → 镇街 → 区（data approval, bottom-up）');
  withRef(approval.command('status').description('审核状态与下级情况（state and the units below）'))
    .option('--format <format>', 'table | json', 'table')
    .action(async (o: RefOptions & { format: string }) => {
      const { approvalView } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        const v = await approvalView(store, cliContext(g), { dataSet: o.ds, orgUnit: o.ou, period: o.pe });
        if (o.format === 'json') {
          io.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
          return;
        }
        io.stdout.write(
          `${v.orgUnit.name}\t${v.period}\t${v.stateName}${v.approval ? `\t${v.approval.approvedBy}` : ''}\n`,
        );
        for (const c of v.children) {
          io.stdout.write(`  ${c.name}\t${c.stateName}\n`);
        }
        if (v.locked) {
          err(io, v.locked.message);
        }
      } finally {
        await store.close();
      }
    });
  const actions = [
    ['approve', '审核通过（approve; units below must be approved first）'],
    ['unapprove', '撤销审核，须填写原因（unapprove; --reason required）'],
    ['accept', '上级接受下级的审核（accept, by the level above）'],
    ['unaccept', '撤销接受（unaccept）'],
  ] as const;
  for (const [action, description] of actions) {
    withRef(approval.command(action).description(description))
      .option('--reason <text>', 'why (required to unapprove)')
      .action(async (o: RefOptions & { reason?: string }) => {
        const { approvalView, changeApproval } = await import('@healthwatch/services');
        const { openMigratedStore } = await import('@healthwatch/store');
        const g = globals();
        const store = await openMigratedStore(g.db);
        try {
          const ctx = cliContext(g);
          const ref = { dataSet: o.ds, orgUnit: o.ou, period: o.pe };
          await changeApproval(store, ctx, { ...ref, action, reason: o.reason });
          const v = await approvalView(store, ctx, ref);
          err(io, `${v.orgUnit.name} ${v.period}：${v.stateName}`);
        } finally {
          await store.close();
        }
      });
  }

  const locks = program
    .command('lock-exception')
    .description('锁定例外：为过期的期间重新开放填报（re-open an expired period for a unit and below）');
  withRef(locks.command('grant').description('开放例外（grant）'))
    .requiredOption('--reason <text>', 'why')
    .action(async (o: RefOptions & { reason: string }) => {
      const { grantLockException } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        await grantLockException(store, cliContext(g), {
          dataSet: o.ds,
          orgUnit: o.ou,
          period: o.pe,
          reason: o.reason,
        });
        err(io, t(g.lang, 'cli.exceptionGranted', { ds: o.ds, ou: o.ou, pe: o.pe }));
      } finally {
        await store.close();
      }
    });
  locks
    .command('list')
    .option('--format <format>', 'table | json', 'table')
    .action(async (o: { format: string }) => {
      const { listLockExceptionViews } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const store = await openMigratedStore(globals().db);
      try {
        const list = await listLockExceptionViews(store);
        if (o.format === 'json') {
          io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        for (const e of list) {
          io.stdout.write(
            `${e.id}\t${e.dataSetName}\t${e.orgUnitName}\t${e.period}\t${e.reason}\t${e.grantedBy}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
  locks
    .command('revoke')
    .argument('<id>', 'exception id (lock-exception list)')
    .action(async (id: string) => {
      const { revokeLockException } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        await revokeLockException(store, cliContext(g), Number(id));
        err(io, t(g.lang, 'cli.exceptionRevoked', { id }));
      } finally {
        await store.close();
      }
    });
}
