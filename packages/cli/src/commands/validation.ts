import type { Command } from 'commander';
import { AppError, OutlierMethod, dateInTimeZone, t } from '@healthwatch/core';
import type { OutlierMethod as Method } from '@healthwatch/core';
import type { Violation } from '@healthwatch/services';
import type { CliIo, GlobalOptions } from '../io.js';
import { err, out } from '../io.js';
import { cliContext } from '../cli-context.js';

/** The day an instant falls on in the deployment's time zone (a report completed at 01:00 in Beijing is that day's). */
const dateOfMs = (ms: number, timeZone: string): string => dateInTimeZone(new Date(ms), timeZone);

const isOutlierMethod = (s: string): s is Method => (Object.values(OutlierMethod) as string[]).includes(s);

const collect = (v: string, prev: string[] = []): string[] => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

export function validationCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const rules = program.command('validation').description('数据质量：校验规则（validation rules）');
  rules
    .command('import')
    .description('导入校验规则文件（import validation rules, docs/data-quality.md）')
    .argument('<file>', 'rules JSON, e.g. packs/standard-library/validation-rules.json')
    .action(async (file: string) => {
      const { importValidationRules } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const store = await openMigratedStore(globals().db);
      try {
        err(io, t(globals().lang, 'cli.rulesImported', { count: await importValidationRules(store, file) }));
      } finally {
        await store.close();
      }
    });
  rules
    .command('list')
    .description('列出校验规则（list rules）')
    .action(async () => {
      const { listValidationRules, openMigratedStore } = await import('@healthwatch/store');
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
    .description(
      '批量校验：对机构和期间运行校验规则，列出并保存违反项（run validation rules; exit 0 even with violations）',
    )
    .requiredOption('--ou <units>', 'org units (id, code or name); repeat or comma-separate', collect)
    .option('--descendants', 'also every unit below them')
    .requiredOption(
      '--pe <periods>',
      'periods, e.g. 2024,202403; a rule runs on periods of its own type',
      collect,
    )
    .option('--ds <dataSet>', 'only rules that use elements of this data set')
    .option('--format <format>', 'table | json | csv', 'table')
    .action(async (o: { ou: string[]; descendants?: boolean; pe: string[]; ds?: string; format: string }) => {
      const { runValidation } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        const r = await runValidation(store, cliContext(g), {
          orgUnits: o.ou,
          descendants: o.descendants === true,
          periods: o.pe,
          dataSet: o.ds,
        });
        writeViolations(io, r.violations, o.format);
        err(io, t(g.lang, 'cli.validationDone', { evaluated: r.evaluated, violations: r.violations.length }));
      } finally {
        await store.close();
      }
    });
}

function writeViolations(io: CliIo, violations: readonly Violation[], format: string): void {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(violations, null, 2)}\n`);
  } else if (format === 'csv') {
    io.stdout.write(
      `rule,importance,orgUnit,orgUnitName,period,left,right,message\n${violations.map((v) => [v.rule, v.importance, v.orgUnit, v.orgUnitName, v.period, v.left ?? '', v.right ?? '', `"${v.message.replace(/"/g, '""')}"`].join(',')).join('\n')}\n`,
    );
  } else {
    for (const v of violations) {
      io.stdout.write(
        `${v.importance}\t${v.orgUnitName}\t${v.period}\t${v.ruleName}\t${v.message}\t${v.instruction}\n`,
      );
    }
  }
}

export function validationResultsCommand(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('validation-results')
    .description(
      '列出已保存的校验结果，不重新计算（the violations the last validate runs stored; export with --format csv）',
    )
    .requiredOption('--ou <unit>', 'org unit; its units below are included')
    .option('--pe <periods>', 'only these periods', collect)
    .option('--format <format>', 'table | json | csv', 'table')
    .action(async (o: { ou: string; pe?: string[]; format: string }) => {
      const { storedViolations } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const store = await openMigratedStore(globals().db);
      try {
        const list = await storedViolations(store, { orgUnit: o.ou, periods: o.pe });
        writeViolations(io, list, o.format);
        err(io, t(globals().lang, 'cli.violationsSaved', { count: list.length }));
      } finally {
        await store.close();
      }
    });
}

export function outlierCommand(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('outliers')
    .description(
      '离群值扫描：每个序列（数据元×机构×分类）与自身历史比较（scan for outliers; --follow-up marks them）',
    )
    .requiredOption('--de <elements>', 'data elements (id, code or name); repeat or comma-separate', collect)
    .requiredOption('--ou <unit>', 'org unit')
    .option('--descendants', 'and every unit below it')
    .requiredOption('--from <period>', 'first period to check, e.g. 202301')
    .requiredOption('--to <period>', 'last period to check, e.g. 202412')
    .option('--method <method>', 'z-score | modified-z | min-max | seasonal', 'modified-z')
    .option('--threshold <n>', 'score above which a value is an outlier (defaults: 3, 3.5, 3, 3.5)')
    .option('--follow-up', 'mark every outlier for follow-up (audited; values unchanged)')
    .option('--format <format>', 'table | json', 'table')
    .action(
      async (o: {
        de: string[];
        ou: string;
        descendants?: boolean;
        from: string;
        to: string;
        method: string;
        threshold?: string;
        followUp?: boolean;
        format: string;
      }) => {
        const { scanOutliers } = await import('@healthwatch/services');
        const { openMigratedStore } = await import('@healthwatch/store');
        if (!isOutlierMethod(o.method)) {
          throw new AppError('HW_UNSUPPORTED_FORMAT', {
            format: o.method,
            allowed: Object.values(OutlierMethod).join(', '),
          });
        }
        const threshold = o.threshold === undefined ? undefined : Number(o.threshold);
        if (threshold !== undefined && !(threshold > 0)) {
          throw new AppError('HW_VALIDATION', { reason: `--threshold ${o.threshold ?? ''}` });
        }
        const g = globals();
        const store = await openMigratedStore(g.db);
        try {
          const r = await scanOutliers(store, cliContext(g), {
            dataElements: o.de,
            orgUnit: o.ou,
            descendants: o.descendants === true,
            from: o.from,
            to: o.to,
            method: o.method,
            threshold,
            followUp: o.followUp === true,
          });
          if (o.format === 'json') {
            io.stdout.write(`${JSON.stringify(r.findings, null, 2)}\n`);
          } else {
            const n = (x: number): string => String(Math.round(x * 10) / 10);
            for (const f of r.findings) {
              const combo = f.categoryOptionCombo === 'default' ? '' : `（${f.categoryOptionCombo}）`;
              out(
                io,
                t(g.lang, 'cli.outlierLine', {
                  score: n(f.score),
                  unit: f.orgUnitName,
                  period: f.period,
                  element: `${f.dataElementName}${combo}`,
                  value: f.value,
                  lower: n(Math.max(0, f.lower)),
                  upper: n(f.upper),
                }),
              );
            }
          }
          err(
            io,
            t(g.lang, 'cli.outliersScanned', {
              method: o.method,
              series: r.series,
              findings: r.findings.length,
            }) + (o.followUp ? t(g.lang, 'cli.outliersMarked') : ''),
          );
        } finally {
          await store.close();
        }
      },
    );
}

export function completenessCommand(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('completeness')
    .description(
      '报告完整性与及时性：应报、实报、缺报、迟报（completeness and timeliness: expected, actual, missing and late reports）',
    )
    .requiredOption('--ds <dataSet>', 'data set (id, code or name)')
    .requiredOption('--ou <unit>', 'org unit; its assigned units below it are expected to report')
    .requiredOption(
      '--pe <periods>',
      'periods; longer ones expand to the data set’s (2024 → 12 months)',
      collect,
    )
    .option('--format <format>', 'table | json', 'table')
    .action(async (o: { ds: string; ou: string; pe: string[]; format: string }) => {
      const { dataSetCompleteness } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        const r = await dataSetCompleteness(store, cliContext(g), {
          dataSet: o.ds,
          orgUnit: o.ou,
          periods: o.pe,
        });
        if (o.format === 'json') {
          io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        } else {
          const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
          const L = g.lang;
          out(io, t(L, 'cli.completenessHeader'));
          for (const a of r.byArea) {
            out(
              io,
              `${a.name}\t${a.expected}\t${a.actual}\t${pct(a.rate)}\t${a.onTime}\t${pct(a.timelyRate)}`,
            );
          }
          out(
            io,
            `${t(L, 'cli.completenessTotal')}\t${r.expected}\t${r.actual}\t${pct(r.rate)}\t${r.onTime}\t${pct(r.timelyRate)}`,
          );
          for (const m of r.missing) {
            out(io, `${t(L, 'cli.completenessMissing')}\t${m.area}\t${m.name}\t${m.periods.join(',')}`);
          }
          for (const l of r.late) {
            const done =
              l.completedAt === null
                ? t(L, 'cli.completenessNotMarked')
                : t(L, 'cli.completenessDoneOn', { date: dateOfMs(l.completedAt, g.timeZone) });
            out(
              io,
              `${t(L, 'cli.completenessLate')}\t${l.area}\t${l.name}\t${l.period}\t${t(L, 'cli.completenessDue', { date: l.due })}\t${done}`,
            );
          }
        }
        err(
          io,
          t(g.lang, 'cli.completenessSummary', {
            dataSet: r.dataSet,
            expected: r.expected,
            actual: r.actual,
            missing: r.expected - r.actual,
            onTime: r.onTime,
            timelyDays: r.timelyDays,
            late: r.late.length,
          }),
        );
      } finally {
        await store.close();
      }
    });
}
