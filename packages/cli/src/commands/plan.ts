import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { AppError, STATUS_LABELS, t, msg } from '@healthwatch/core';
import type { EvaluationKind } from '@healthwatch/core';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err, out } from '../io.js';
import { planDraftCommand } from './plan-draft.js';

export function planCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const plan = program.command('plan').description('规划监测与评估（plan monitoring and evaluation）');
  planDraftCommand(plan, io, globals);
  plan
    .command('import')
    .description('导入规划文件（JSON、YAML 或 XLSX 模板，见 docs/plans.md）')
    .argument('<file>', 'plan file')
    .action(async (file: string) => {
      const { importPlanFile } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        const r = await importPlanFile(store, file);
        err(
          io,
          t(g.lang, 'cli.planImported', {
            code: r.code,
            indicators: r.indicators,
            projects: r.projects,
            values: r.values,
          }),
        );
        for (const w of r.warnings) {
          err(io, t(g.lang, 'cli.planWarning', { path: w.path, message: w.message }));
        }
      } finally {
        await store.close();
      }
    });
  plan
    .command('export')
    .description('导出规划（JSON、YAML 或 XLSX 模板）（export a plan as JSON, YAML or the XLSX template）')
    .requiredOption('--plan <code>', 'plan code')
    .requiredOption('--out <file>', 'file to write; the format follows the extension (.json, .yaml, .xlsx)')
    .action(async (o: { plan: string; out: string }) => {
      const { exportPlanFile } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        await exportPlanFile(store, o.plan, o.out);
        err(io, t(g.lang, 'cli.planExported', { path: o.out }));
      } finally {
        await store.close();
      }
    });
  plan
    .command('list')
    .description('列出规划（list plans）')
    .option('--format <format>', 'text | json', 'text')
    .action(async (o: { format: string }) => {
      const { listPlanSummaries } = await import('@healthwatch/services');
      const { openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        const plans = await listPlanSummaries(store);
        if (o.format === 'json') {
          out(io, JSON.stringify(plans, null, 2));
          return;
        }
        for (const p of plans) {
          out(
            io,
            t(g.lang, 'cli.planLine', {
              code: p.code,
              name: p.name,
              from: p.baselineYear,
              to: p.targetYear,
              status: t(
                g.lang,
                p.status === 'completed' ? 'cli.planStatus.completed' : 'cli.planStatus.active',
              ),
              indicators: p.indicators,
              projects: p.projects,
            }),
          );
        }
        if (plans.length === 0) {
          err(io, t(g.lang, 'cli.noPlans'));
        }
      } finally {
        await store.close();
      }
    });
  plan
    .command('evaluate')
    .description('评估规划：年度监测、中期评估、终期评估（evaluate a plan for a data year）')
    .requiredOption('--plan <code>', 'plan code, e.g. jiangjin-14th')
    .requiredOption('--year <yyyy>', 'data year')
    .option('--kind <kind>', 'annual | midterm | final', 'annual')
    .option('--ou <orgUnit>', 'org unit for computed values (default: the top of the hierarchy)')
    .option('--format <format>', 'json | md | html | pdf | docx (default: from the --out extension, else md)')
    .option('--out <file>', 'write to a file instead of stdout (required for pdf and docx)')
    .option('--faster <ratio>', 'completion ÷ time progress at or above this is 快于预期 (default 1.1)')
    .option('--on-track <ratio>', '… at or above this is 基本符合预期, below is 滞后 (default 0.9)')
    .option(
      '--approx-tolerance <share>',
      'tolerance of “左右” targets as a share of the target (default 0.03)',
    )
    .option('--small-numbers <n>', 'event rates on fewer events than this are 小数波动 (default 5)')
    .action(
      async (o: {
        plan: string;
        year: string;
        kind: string;
        ou?: string;
        format?: string;
        out?: string;
        faster?: string;
        onTrack?: string;
        approxTolerance?: string;
        smallNumbers?: string;
      }) => {
        const {
          evaluatePlanService,
          isReportFormat,
          parseThresholds,
          PdfPrinter,
          renderEvaluation,
          REPORT_FORMATS,
        } = await import('@healthwatch/services');
        const { openMigratedStore } = await import('@healthwatch/store');
        const g = globals();
        const year = Number(o.year);
        if (!Number.isInteger(year)) {
          throw new AppError('HW_VALIDATION', { reason: `--year ${o.year}` });
        }
        if (!['annual', 'midterm', 'final'].includes(o.kind)) {
          throw new AppError('HW_UNSUPPORTED_FORMAT', { format: o.kind, allowed: 'annual, midterm, final' });
        }
        const fromOut = o.out
          ? extname(o.out)
              .slice(1)
              .toLowerCase()
              .replace(/^markdown$/, 'md')
          : '';
        const format = o.format ?? (isReportFormat(fromOut) ? fromOut : 'md');
        if (!isReportFormat(format)) {
          throw new AppError('HW_UNSUPPORTED_FORMAT', { format, allowed: REPORT_FORMATS.join(', ') });
        }
        if ((format === 'pdf' || format === 'docx') && !o.out) {
          throw new AppError('HW_VALIDATION', {
            reason: msg('reason.needsOut', { format }),
          });
        }
        const store = await openMigratedStore(g.db);
        const printer =
          format === 'pdf' || format === 'docx' ? new PdfPrinter(io.env.HEALTHWATCH_CHROMIUM) : undefined;
        try {
          const thresholds = parseThresholds({
            faster: o.faster,
            onTrack: o.onTrack,
            approxTolerance: o.approxTolerance,
            smallNumbers: o.smallNumbers,
          });
          const ctx = cliContext(g);
          const e = await evaluatePlanService(store, ctx, {
            plan: o.plan,
            year,
            kind: o.kind as EvaluationKind,
            orgUnit: o.ou,
            thresholds,
          });
          const body = await renderEvaluation(ctx, e, format, { printer });
          if (o.out) {
            await writeFile(o.out, body);
            err(
              io,
              t(g.lang, 'cli.reportWritten', { path: o.out, format, kb: Math.round(body.length / 1024) }),
            );
          } else {
            io.stdout.write(body);
          }
          const counts = Object.entries(e.summary.byStatus)
            .map(([s, n]) => `${STATUS_LABELS[s as keyof typeof STATUS_LABELS].zh} ${n}`)
            .join('，');
          err(io, `${e.plan.name}：${counts}`);
        } finally {
          await printer?.close();
          await store.close();
        }
      },
    );
}
