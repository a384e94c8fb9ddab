import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  AppError,
  DETECTION_METHODS,
  GRADE_LABELS,
  isDetectionMethod,
  msg,
  parsePeriod,
  periodOfDate,
  renderParam,
  shiftPeriod,
  t,
} from '@healthwatch/core';
import { earlyWarningAfterImport, printSummary } from './data.js';
import type { DetectionMethod, DetectionOptions } from '@healthwatch/services';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err } from '../io.js';

type Raw = Record<string, string | boolean | undefined>;

const NUMBERS: Record<string, keyof DetectionOptions> = {
  alpha: 'alpha',
  baseline: 'baseline',
  minSigma: 'minSigma',
  k: 'k',
  h: 'h',
  years: 'years',
  halfWindow: 'halfWindow',
  percentile: 'percentile',
  minCases: 'minCases',
  threshold: 'threshold',
  b: 'b',
  w: 'w',
  seasonalLevels: 'noPeriods',
  weightsThreshold: 'weightsThreshold',
  pastWeeksNotIncluded: 'pastWeeksNotIncluded',
  pThresholdTrend: 'pThresholdTrend',
  periodsPerYear: 'periodsPerYear',
};

function options(o: Raw): DetectionOptions {
  const out: Record<string, unknown> = {};
  for (const [flag, key] of Object.entries(NUMBERS)) {
    const v = o[flag];
    if (typeof v === 'string') {
      const n = Number(v);
      if (!Number.isFinite(n)) {
        throw new AppError('HW_VALIDATION', {
          reason: `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${v}`,
        });
      }
      out[key] = n;
    }
  }
  if (o.c3 !== undefined) {
    if (o.c3 !== 'r' && o.c3 !== 'textbook') {
      throw new AppError('HW_VALIDATION', {
        reason: msg('reason.optionChoice', { option: '--c3', value: String(o.c3), allowed: 'r, textbook' }),
      });
    }
    out.c3 = o.c3;
  }
  if (o.thresholdMethod !== undefined) {
    if (o.thresholdMethod !== 'delta' && o.thresholdMethod !== 'nbPlugin') {
      throw new AppError('HW_VALIDATION', {
        reason: msg('reason.optionChoice', {
          option: '--threshold-method',
          value: String(o.thresholdMethod),
          allowed: 'delta, nbPlugin',
        }),
      });
    }
    out.thresholdMethod = o.thresholdMethod;
  }
  if (o.reset === true) {
    out.reset = true;
  }
  if (o.geq === true) {
    out.strict = false;
  }
  if (o.trend === false) {
    out.trend = false;
  }
  if (o.reweight === false) {
    out.reweight = false;
  }
  return out;
}

const num = (x: number | null): string => (x === null ? '' : String(Math.round(x * 1e9) / 1e9));

export function surveillanceCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const s = program.command('surveillance').description('传染病监测预警（infectious-disease early warning）');
  const withMethodOptions = (c: Command): Command =>
    c
      .option('--alpha <a>', 'EARS, Farrington: significance level (R defaults)')
      .option('--baseline <n>', 'EARS: baseline length (7)')
      .option('--min-sigma <s>', 'EARS: floor for the standard deviation (0)')
      .option('--c3 <variant>', 'EARS C3: r (as R surveillance, default) | textbook')
      .option('--k <k>', 'CUSUM: reference value (1.04)')
      .option('--h <h>', 'CUSUM: decision boundary (2.26)')
      .option('--reset', 'CUSUM: restart after an alarm')
      .option('--years <n>', 'moving percentile: previous years (3)')
      .option('--half-window <n>', 'moving percentile: periods either side (2)')
      .option('--percentile <p>', 'moving percentile: 0–100 (50)')
      .option('--geq', 'moving percentile: alarm at ≥ the threshold instead of >')
      .option('--min-cases <n>', 'moving percentile: counts below never alarm (1)')
      .option('--threshold <n>', 'fixed: alarm at this count (1)')
      .option('--b <n>', 'Farrington: years back (5)')
      .option('--w <n>', 'Farrington: half window (3)')
      .option('--no-trend', 'Farrington: never fit a time trend')
      .option('--no-reweight', 'Farrington: do not down-weight past outbreaks')
      .option(
        '--seasonal-levels <n>',
        'Farrington-flexible: seasonal factor levels, R noPeriods (1; Noufaily 10)',
      )
      .option('--weights-threshold <t>', 'Farrington-flexible: re-weighting threshold (2.58)')
      .option(
        '--past-weeks-not-included <n>',
        'Farrington-flexible: recent periods left out (w; Noufaily 26)',
      )
      .option(
        '--p-threshold-trend <p>',
        'Farrington-flexible: keep the trend below this p (0.05; Noufaily 1)',
      )
      .option('--threshold-method <m>', 'Farrington-flexible: delta | nbPlugin')
      .option('--periods-per-year <n>', 'periods per year (52)');
  withMethodOptions(s.command('detect'))
    .description(
      '对病例数序列运行预警算法，逐行输出期望值、上限、得分与是否预警（run a detection method on count series）',
    )
    .requiredOption(
      '--input <csv>',
      'CSV with columns date,count[,unit] (or 日期,病例数[,地区]); evenly spaced dates per unit',
    )
    .requiredOption('--method <method>', DETECTION_METHODS.join(' | '))
    .option('--format <format>', 'csv | json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (o: Raw & { input: string; method: string; format: string; out?: string }) => {
      const { csvField, detectFile } = await import('@healthwatch/services');
      if (!isDetectionMethod(o.method)) {
        throw new AppError('HW_UNSUPPORTED_FORMAT', {
          format: o.method,
          allowed: DETECTION_METHODS.join(', '),
        });
      }
      if (o.format !== 'csv' && o.format !== 'json') {
        throw new AppError('HW_UNSUPPORTED_FORMAT', { format: o.format, allowed: 'csv, json' });
      }
      const rows = await detectFile(o.input, o.method, options(o));
      const text =
        o.format === 'json'
          ? `${JSON.stringify(rows, null, 2)}\n`
          : `${['unit', 'date', 'observed', 'expected', 'upperbound', 'score', 'alarm'].join(',')}\n${rows
              .map((r) =>
                [
                  csvField(r.unit),
                  r.date,
                  String(r.observed),
                  num(r.expected),
                  num(r.upperbound),
                  num(r.score),
                  r.alarm ? '1' : '0',
                ].join(','),
              )
              .join('\n')}\n`;
      if (o.out) {
        await writeFile(o.out, text);
      } else {
        io.stdout.write(text);
      }
      const alarms = rows.filter((r) => r.alarm);
      err(
        io,
        t(globals().lang, 'cli.detected', {
          method: o.method,
          points: rows.length,
          alarms: alarms.length,
          which:
            alarms.length > 0
              ? msg('cli.detectedAt', {
                  at: alarms.slice(0, 5).map((a) => `${a.unit === '(all)' ? '' : `${a.unit} `}${a.date}`),
                  more: alarms.length > 5 ? ' …' : '',
                })
              : '',
        }),
      );
    });
  withMethodOptions(s.command('backtest'))
    .description(
      '用标注了暴发的历史序列评估预警算法：检出率、首周检出率、检出时间、灵敏度、特异度、每百周误报（backtest methods against labelled outbreaks）',
    )
    .requiredOption('--input <csv>', 'CSV with columns date,count,outbreak[,unit] (outbreak 0/1)')
    .option(
      '--method <methods>',
      `one or more of ${DETECTION_METHODS.join(', ')}, comma-separated (default: all)`,
    )
    .option('--format <format>', 'table | json', 'table')
    .action(async (o: Raw & { input: string; method?: string; format: string }) => {
      const { backtestFile } = await import('@healthwatch/services');
      const methods = (o.method ?? DETECTION_METHODS.join(',')).split(',').map((m) => m.trim());
      for (const m of methods) {
        if (!isDetectionMethod(m)) {
          throw new AppError('HW_UNSUPPORTED_FORMAT', { format: m, allowed: DETECTION_METHODS.join(', ') });
        }
      }
      const results = await backtestFile(o.input, methods as DetectionMethod[], options(o));
      if (o.format === 'json') {
        io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        return;
      }
      const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
      io.stdout.write(
        `method\tPOD\tPOD(1st)\tmedian TTD\tsensitivity\tspecificity\tfalse alarms/100\tPPV\toutbreaks\tperiods\n`,
      );
      for (const r of results) {
        io.stdout.write(
          `${r.method}\t${pct(r.pod)}\t${pct(r.podFirstPeriod)}\t${r.medianTimeToDetection ?? '—'}\t${pct(r.sensitivity)}\t${pct(r.specificity)}\t${r.falseAlarmsPer100.toFixed(2)}\t${pct(r.ppv)}\t${r.detected}/${r.outbreaks}\t${r.periods}\n`,
        );
      }
    });

  s.command('config')
    .description('载入监测预警配置（病种、数据元、方法；load the early-warning configuration）')
    .requiredOption('--file <json>', 'e.g. packs/notifiable-diseases/surveillance.json')
    .action(async (o: { file: string }) => {
      const { saveSurveillanceConfigFile } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const store = await openMigratedStore(globals().db);
      try {
        const c = await saveSurveillanceConfigFile(store, o.file);
        err(
          io,
          t(globals().lang, 'cli.surveillanceConfigLoaded', { diseases: c.diseases.map((d) => d.name) }),
        );
      } finally {
        await store.close();
      }
    });
  s.command('cases')
    .description(
      '导入传染病个案列表（每行一例：病种、发病日期、现住址镇街[、卡片编号]），按病种×镇街×发病日汇总为日病例数（import a case line list as daily counts）',
    )
    .argument('<file>', 'CSV or XLSX line list')
    .option('--dry-run', 'check only, write nothing')
    .option('--format <format>', 'table | json', 'table')
    .action(async (file: string, o: { dryRun?: boolean; format: string }) => {
      const { importCaseLineList } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        const summary = await importCaseLineList(store, cliContext(g), file, { dryRun: o.dryRun === true });
        if (o.format === 'json') {
          io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        }
        printSummary(io, summary, g.lang);
        err(
          io,
          t(g.lang, 'cli.casesSummed', {
            cases: summary.cases,
            counts: summary.rows - summary.conflictCount,
          }),
        );
        if (summary.status === 'ERROR') {
          throw new AppError('HW_IMPORT_REJECTED', { count: summary.conflictCount });
        }
        await earlyWarningAfterImport(store, summary, io);
      } finally {
        await store.close();
      }
    });
  s.command('run')
    .description(
      '运行预警：按周汇总各地病例数，多方法探测并多点触发，生成或更新预警事件（run early warning and save events）',
    )
    .option('--from <week>', 'first ISO week to monitor, e.g. 2024W15 (default: 3 weeks before --to)')
    .option('--to <week>', 'last ISO week (default: the current week)')
    .option('--format <format>', 'table | json', 'table')
    .action(async (o: { from?: string; to?: string; format: string }) => {
      const { runSurveillance } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const to = o.to ?? periodOfDate('Weekly', cliContext(g).today).id;
      const from = o.from ?? shiftPeriod(parsePeriod(to), -3).id;
      const store = await openMigratedStore(g.db);
      try {
        const r = await runSurveillance(store, cliContext(g), { from, to });
        if (o.format === 'json') {
          const events = r.events.map((e) => ({ ...e, explanation: renderParam(g.lang, e.explanation) }));
          io.stdout.write(`${JSON.stringify({ ...r, events }, null, 2)}\n`);
        } else {
          for (const e of r.events) {
            io.stdout.write(
              `${renderParam(g.lang, GRADE_LABELS[e.grade])}\t${e.points}\t${e.disease}\t${e.unitName}\t${e.from}—${e.to}\t${renderParam(g.lang, e.explanation)}\n`,
            );
          }
        }
        err(
          io,
          t(g.lang, 'cli.surveillanceRun', {
            from: r.from,
            to: r.to,
            diseases: r.diseases,
            places: r.places,
            events: r.events.length,
            created: r.created,
            updated: r.updated,
          }),
        );
      } finally {
        await store.close();
      }
    });
  s.command('events')
    .description('列出预警事件（list early-warning events）')
    .option('--status <status>', 'new | verifying | confirmed | dismissed | responded | closed')
    .option('--disease <code>', 'disease code, e.g. HFMD')
    .option('--format <format>', 'table | json', 'table')
    .action(async (o: { status?: string; disease?: string; format: string }) => {
      const { listVisibleEvents } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        // The service renders each explanation in --lang (stored as a message key and parameters).
        const events = await listVisibleEvents(store, cliContext(g), {
          status: o.status,
          disease: o.disease,
          limit: 500,
        });
        if (o.format === 'json') {
          io.stdout.write(`${JSON.stringify(events, null, 2)}\n`);
          return;
        }
        for (const e of events) {
          io.stdout.write(
            `${e.id}\t${e.status}\t${e.grade}\t${e.disease}\t${e.periodFrom}—${e.periodTo}\t${e.explanation}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
  s.command('event')
    .description('查看或处置一个预警事件（show an event, or move it along the workflow）')
    .argument('<id>', 'event id')
    .option('--status <status>', 'verifying | confirmed | dismissed | responded | closed')
    .option('--note <text>', 'what was found or done')
    .option('--assignee <user>', 'who handles it')
    .action(async (id: string, o: { status?: string; note?: string; assignee?: string }) => {
      const { eventDetail, transitionEvent, visibleEvent } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        const n = Number(id);
        if (o.status) {
          const e = await transitionEvent(store, cliContext(g), n, {
            status: o.status,
            note: o.note ?? null,
            ...(o.assignee ? { assignee: o.assignee } : {}),
          });
          err(io, t(g.lang, 'cli.eventChanged', { id: e.id, status: o.status }));
        }
        const e = await visibleEvent(store, cliContext(g), String(n));
        io.stdout.write(`${JSON.stringify(await eventDetail(store, cliContext(g), e), null, 2)}\n`);
      } finally {
        await store.close();
      }
    });
}
