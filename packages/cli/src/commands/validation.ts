import type { Command } from 'commander';
import { importValidationRules, runValidation } from '@healthwatch/server';
import { listValidationRules, openMigratedStore } from '@healthwatch/store';
import type { CliIo, GlobalOptions } from '../io.js';
import { err } from '../io.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export function validationCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const rules = program.command('validation').description('数据质量：校验规则（validation rules）');
  rules
    .command('import')
    .description('导入校验规则文件（import validation rules, docs/data-quality.md）')
    .argument('<file>', 'rules JSON, e.g. packs/standard-library/validation-rules.json')
    .action(async (file: string) => {
      const store = await openMigratedStore(globals().db);
      try {
        err(io, `校验规则已导入：${await importValidationRules(store, file)} 条`);
      } finally {
        await store.close();
      }
    });
  rules
    .command('list')
    .description('列出校验规则（list rules）')
    .action(async () => {
      const store = await openMigratedStore(globals().db);
      try {
        for (const r of await listValidationRules(store.db)) {
          const d = r.doc as { name: string; importance: string; periodType: string };
          io.stdout.write(`${r.code}\t${d.importance}\t${d.periodType}\t${d.name}\n`);
        }
      } finally {
        await store.close();
      }
    });
  program
    .command('validate')
    .description('批量校验：对机构和期间运行校验规则，列出并保存违反项（run validation rules; exit 0 even with violations）')
    .requiredOption('--ou <units>', 'org units (id, code or name); repeat or comma-separate', collect)
    .option('--descendants', 'also every unit below them')
    .requiredOption('--pe <periods>', 'periods, e.g. 2024,202403; a rule runs on periods of its own type', collect)
    .option('--ds <dataSet>', 'only rules that use elements of this data set')
    .option('--format <format>', 'table | json | csv', 'table')
    .action(async (o: { ou: string[]; descendants?: boolean; pe: string[]; ds?: string; format: string }) => {
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        const r = await runValidation(store, { orgUnits: o.ou, descendants: o.descendants === true, periods: o.pe, dataSet: o.ds, actor: g.user, locale: g.lang });
        if (o.format === 'json') {
          io.stdout.write(`${JSON.stringify(r.violations, null, 2)}\n`);
        } else if (o.format === 'csv') {
          io.stdout.write(`rule,importance,orgUnit,orgUnitName,period,left,right,message\n${r.violations.map((v) => [v.rule, v.importance, v.orgUnit, v.orgUnitName, v.period, v.left ?? '', v.right ?? '', `"${v.message.replace(/"/g, '""')}"`].join(',')).join('\n')}\n`);
        } else {
          for (const v of r.violations) {
            io.stdout.write(`${v.importance}\t${v.orgUnitName}\t${v.period}\t${v.ruleName}\t${v.message}\t${v.instruction}\n`);
          }
        }
        err(io, `校验完成：${r.evaluated} 项规则检查，${r.violations.length} 处违反`);
      } finally {
        await store.close();
      }
    });
}
