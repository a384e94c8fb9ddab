import type { Command } from 'commander';
import { AppError, parseBooleanWord, t, VALUE_STATUSES } from '@healthwatch/core';
import type { ValueStatus } from '@healthwatch/store';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err, out } from '../io.js';
import { printSummary } from './data.js';

interface KeyOpts {
  de: string;
  ou: string;
  pe: string;
  coc?: string;
  aoc?: string;
}

function keyOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--de <dataElement>', 'data element (id, code or name)')
    .requiredOption('--ou <orgUnit>', 'org unit (id, code or name)')
    .requiredOption('--pe <period>', 'period, e.g. 202403')
    .option('--coc <combo>', 'category option combo (id, code or name such as "男, 0-4岁")')
    .option('--aoc <combo>', 'attribute option combo');
}

const ref = (
  o: KeyOpts,
): {
  dataElement: string;
  orgUnit: string;
  period: string;
  categoryOptionCombo?: string;
  attributeOptionCombo?: string;
} => ({
  dataElement: o.de,
  orgUnit: o.ou,
  period: o.pe,
  ...(o.coc ? { categoryOptionCombo: o.coc } : {}),
  ...(o.aoc ? { attributeOptionCombo: o.aoc } : {}),
});

export function valueCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const value = program
    .command('value')
    .description('查看、修改、删除单个数据值（get, set or delete one value）');
  keyOptions(value.command('set').description('填报或更正一个数据值（enter or correct a value）'))
    .requiredOption('--value <value>', 'the value')
    .option('--comment <text>', 'comment')
    .option('--follow-up <bool>', 'mark for follow-up: true/false (是/否)')
    .option('--source <source>', 'source, e.g. 卫健统1表')
    .option('--status <status>', VALUE_STATUSES.join(' | '))
    .option('--format <format>', 'text | json', 'text')
    .action(
      async (
        o: KeyOpts & {
          value: string;
          comment?: string;
          followUp?: string;
          source?: string;
          status?: string;
          format: string;
        },
      ) => {
        const { setValue } = await import('@healthwatch/services');
        const { openMigratedStore } = await import('@healthwatch/store');
        const g = globals();
        let followUp: boolean | undefined;
        if (o.followUp !== undefined) {
          const b = parseBooleanWord(o.followUp);
          if (b === null) {
            throw new AppError('HW_VALIDATION', {
              reason: t(g.lang, 'conflict.invalidBoolean', { value: o.followUp }),
            });
          }
          followUp = b;
        }
        if (o.status && !(VALUE_STATUSES as readonly string[]).includes(o.status)) {
          throw new AppError('HW_VALIDATION', {
            reason: t(g.lang, 'conflict.invalidStatus', { value: o.status }),
          });
        }
        const store = await openMigratedStore(g.db);
        try {
          const s = await setValue(store, cliContext(g), {
            ...ref(o),
            value: o.value,
            comment: o.comment,
            followUp,
            source: o.source,
            status: o.status as ValueStatus | undefined,
          });
          if (o.format === 'json') {
            out(io, JSON.stringify(s, null, 2));
          }
          printSummary(io, s, g.lang);
        } finally {
          await store.close();
        }
      },
    );
  keyOptions(value.command('get').description('查看数据值（show the stored values）'))
    .option('--format <format>', 'text | json', 'text')
    .action(async (o: KeyOpts & { format: string }) => {
      const { getValues } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        const rows = await getValues(store, ref(o));
        if (o.format === 'json') {
          out(io, JSON.stringify(rows, null, 2));
          return;
        }
        if (rows.length === 0) {
          err(io, t(g.lang, 'cli.noValue'));
        }
        for (const r of rows) {
          out(
            io,
            `${r.dataElementName}\t${r.orgUnitName}\t${r.period}\t${r.categoryOptionComboName}\t${r.value ?? ''}\t${r.status}\t${r.comment ?? ''}`,
          );
        }
      } finally {
        await store.close();
      }
    });
  keyOptions(
    value.command('delete').description('删除数据值（保留历史）（soft-delete a value; history is kept）'),
  ).action(async (o: KeyOpts) => {
    const { deleteValue } = await import('@healthwatch/services');
    const { openMigratedStore } = await import('@healthwatch/store');
    const g = globals();
    const store = await openMigratedStore(g.db);
    try {
      printSummary(io, await deleteValue(store, cliContext(g), ref(o)), g.lang);
    } finally {
      await store.close();
    }
  });
}
