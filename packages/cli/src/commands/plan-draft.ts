import { basename } from 'node:path';
import type { Command } from 'commander';
import { AppError, describeTargetRule, msg, PLAN_STATUS_LABELS, renderParam, t } from '@healthwatch/core';
import type { Locale } from '@healthwatch/core';
import type * as Services from '@healthwatch/services';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err, out } from '../io.js';
import { collect } from './common.js';

// The services' answer (the API's PlanDraftResponse), typed without loading the services.
type PlanDraftResponse = Awaited<ReturnType<typeof Services.draftPlanFromFile>>;
type DraftProblem = PlanDraftResponse['problems'][number];

interface DraftOptions {
  out?: string;
  code?: string;
  name?: string;
  table?: string[];
  library?: string;
  baselineYear?: string;
  targetYear?: string;
  format: string;
}

const year = (option: string, v: string | undefined): number | undefined => {
  if (v === undefined) {
    return undefined;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1949 || n > 2100) {
    throw new AppError('HW_VALIDATION', { reason: msg('reason.optionValue', { option, value: v }) });
  }
  return n;
};

/**
 * `healthwatch plan draft <document>`: a plan file drafted from the plan's own document (its
 * 主要指标 / 专栏 tables and its project annex), every row printed for review; `--out` writes the
 * plan file that `plan import` takes once it is right.
 */
export function planDraftCommand(plan: Command, io: CliIo, globals: () => GlobalOptions): void {
  plan
    .command('draft')
    .description(
      '从规划文本起草规划文件（DOCX、TXT 或 XLSX）（draft a plan file from the plan’s own document）',
    )
    .argument('<document>', 'plan.docx | plan.txt | table.xlsx')
    .option('--out <file>', 'write the plan file (.json, .yaml or .xlsx by extension)')
    .option('--code <code>', 'plan code, e.g. jiangjin-14th')
    .option('--name <name>', 'plan name (default: the document’s title)')
    .option('--table <n>', 'draft from these tables only (1-based, repeatable or comma-separated)', collect)
    .option(
      '--library <metadata.json>',
      'link to the indicators of this metadata file instead of the database',
    )
    .option('--baseline-year <yyyy>', 'when the tables do not say it')
    .option('--target-year <yyyy>', 'when the tables do not say it')
    .option('--format <format>', 'text | json (the whole draft on stdout)', 'text')
    .action(async (file: string, o: DraftOptions) => {
      const services = await import('@healthwatch/services');
      const g = globals();
      const ctx = cliContext(g);
      if (!['text', 'json'].includes(o.format)) {
        throw new AppError('HW_UNSUPPORTED_FORMAT', { format: o.format, allowed: 'text, json' });
      }
      const tables = (o.table ?? []).map((x) => {
        const n = Number(x);
        if (!Number.isInteger(n) || n < 1) {
          throw new AppError('HW_VALIDATION', {
            reason: msg('reason.optionValue', { option: '--table', value: x }),
          });
        }
        return n;
      });
      let library;
      if (o.library) {
        library = await services.libraryFromMetadataFile(o.library);
      } else {
        const { openMigratedStore } = await import('@healthwatch/store');
        const store = await openMigratedStore(g.db);
        try {
          library = await services.libraryFromStore(store);
        } finally {
          await store.close();
        }
      }
      const draft = await services.draftPlanFromFile(ctx, {
        path: file,
        fileName: basename(file),
        code: o.code,
        name: o.name,
        tables,
        baselineYear: year('--baseline-year', o.baselineYear),
        targetYear: year('--target-year', o.targetYear),
        library,
      });
      if (o.format === 'json') {
        out(io, JSON.stringify(draft, null, 2));
      } else {
        printDraft(io, g.lang, draft);
      }
      const errors = [
        ...draft.problems,
        ...draft.indicators.flatMap((i) => i.problems),
        ...draft.projects.flatMap((p) => p.problems),
      ];
      err(
        io,
        t(g.lang, 'cli.draftSummary', {
          indicators: draft.indicators.length,
          projects: draft.projects.length,
          errors: errors.filter((p) => p.severity === 'error').length,
          warnings: errors.filter((p) => p.severity === 'warning').length,
        }),
      );
      if (!o.out) {
        err(io, t(g.lang, 'cli.draftNotWritten'));
        return;
      }
      if (!draft.document) {
        throw new AppError('HW_VALIDATION', { reason: msg('draft.yearsMissing') });
      }
      await services.writeDraftPlanFile(draft.document, o.out);
      err(
        io,
        t(g.lang, 'cli.draftWritten', {
          path: o.out,
          indicators: draft.document.indicators.length,
          projects: draft.document.projects.length,
          values: draft.document.values.length,
        }),
      );
    });
}

function printDraft(io: CliIo, lang: Locale, d: PlanDraftResponse): void {
  const problem = (p: DraftProblem, planLevel = false): string =>
    t(lang, planLevel ? 'cli.draftPlanProblem' : 'cli.draftProblem', {
      severity: msg(`draft.severity.${p.severity}`),
      at: p.at,
      field: p.fieldLabel,
      message: p.message,
    });
  const dash = (v: number | string | null | undefined): string =>
    v === null || v === undefined || v === '' ? '—' : String(v);
  out(
    io,
    t(lang, 'cli.draftPlan', {
      code: d.plan.code,
      name: d.plan.name,
      from: dash(d.plan.baselineYear),
      to: dash(d.plan.targetYear),
      status: PLAN_STATUS_LABELS[d.plan.status],
    }),
  );
  const sectionName = new Map(d.sections.map((s) => [s.code, s.name]));
  for (const table of d.tables) {
    const caption = table.caption ?? '—';
    if (!table.used || !table.kind) {
      out(io, t(lang, 'cli.draftTableSkipped', { table: table.index, caption, reason: table.reason ?? '' }));
      continue;
    }
    out(
      io,
      t(lang, 'cli.draftTable', {
        table: table.index,
        caption,
        kind: msg(`draft.kind.${table.kind}`),
        rows: table.rows,
      }),
    );
    for (const i of d.indicators.filter((x) => x.table === table.index)) {
      out(
        io,
        t(lang, 'cli.draftIndicator', {
          at: t(lang, `draft.at.${d.format}`, { table: i.table, row: i.row }),
          section: sectionName.get(i.section) ?? i.section,
          name: i.name,
          unit: dash(i.unit),
          baseline: dash(i.baseline ?? (i.baselineText || null)),
          target: dash(i.target),
          rule: renderParam(lang, describeTargetRule(i.rule)),
          nature: msg(`draft.nature.${i.nature}`),
          polarity: msg(`draft.polarity.${i.polarity}`),
          link: i.link ? `${i.link.code} ${i.link.name}` : msg('draft.noLink'),
        }),
      );
      i.problems.forEach((p) => out(io, problem(p)));
    }
    for (const p of d.projects.filter((x) => x.table === table.index)) {
      out(
        io,
        t(lang, 'cli.draftProject', {
          at: t(lang, `draft.at.${d.format}`, { table: p.table, row: p.row }),
          no: dash(p.no),
          name: p.name,
          floorArea: dash(p.floorArea),
          beds: dash(p.beds),
          investment: dash(p.investment),
        }),
      );
      p.problems.forEach((x) => out(io, problem(x)));
    }
  }
  d.problems.filter((p) => p.field !== 'table').forEach((p) => out(io, problem(p, true)));
}
