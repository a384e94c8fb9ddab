import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTargetWording } from '@healthwatch/core';
import type { TargetRule } from '@healthwatch/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  docxOf,
  docxTable,
  planDocx,
  planXlsx,
  PLAN_TEXT,
  STANDARD_LIBRARY,
} from './helpers/plan-documents.js';
import { hw } from './helpers/run-cli.js';

/**
 * Plans from their own documents, on the Jiangjin 14th plan's own tables (专栏1, 专栏2, 附件1 of
 * tests/fixtures/plan-documents): `healthwatch plan draft` on a DOCX built from them, on the text
 * export and on a workbook gives back the hand-built packs, indicator by indicator — name, unit,
 * baseline, target rule, nature, direction, library link — except where the pack knows more than
 * the document, each difference listed below with its reason.
 */

const root = new URL('..', import.meta.url).pathname;
const packs = join(root, 'packs/plans/');

interface PlanFileIndicator {
  code: string;
  section: string;
  name: string;
  unit?: string | null;
  polarity: string;
  nature: string;
  target: string;
  baseline?: number | null;
  indicator?: string | null;
  relativeTo?: string | null;
  note?: string | null;
}
interface PlanFile {
  code: string;
  name: string;
  issuer?: string | null;
  issued?: string | null;
  baselineYear: number;
  targetYear: number;
  status: string;
  source?: string | null;
  sections: { code: string; name: string }[];
  indicators: PlanFileIndicator[];
  projects: Record<string, unknown>[];
  values: {
    indicator: string;
    year: number;
    value?: number | null;
    text?: string | null;
    statedMet?: boolean | null;
    source: string;
  }[];
}

const readPlan = (path: string): PlanFile => JSON.parse(readFileSync(path, 'utf8')) as PlanFile;

/** What the comparison looks at, per indicator. */
interface View {
  name: string;
  section: string;
  unit: string;
  baseline: number | null;
  rule: TargetRule;
  nature: string;
  polarity: string;
  indicator: string | null;
  note: string | null;
}
function views(p: PlanFile): View[] {
  const section = new Map(p.sections.map((s) => [s.code, s.name]));
  return p.indicators.map((i) => ({
    name: i.name,
    section: section.get(i.section) ?? i.section,
    unit: i.unit ?? '',
    baseline: i.baseline ?? null,
    rule: parseTargetWording(i.target, i.relativeTo ?? undefined),
    nature: i.nature,
    polarity: i.polarity,
    indicator: i.indicator ?? null,
    note: i.note ?? null,
  }));
}

/** A field where the pack and the document disagree: what the document says, and why the pack says otherwise. */
interface Difference {
  code: string;
  field: keyof View;
  document: View[keyof View];
  why: string;
}

const DIFFERENCES_14TH: Difference[] = [
  {
    code: 'HALE',
    field: 'rule',
    document: { kind: 'relative', to: '' },
    why: '专栏2 writes 同比例提高 without saying in proportion to what; the pack names 人均预期寿命 (LE), as the plan text means',
  },
];

const DIFFERENCES_13TH: Difference[] = [
  ...(
    [
      ['LE', '人口平均预期寿命 is the library’s 人均预期寿命 in other words'],
      ['PREMATURE_NCD', 'the row names the four diseases instead of 重大慢性病过早死亡率'],
      ['EHR', '规范化健康电子档案 is the library’s 规范化电子健康档案 with two words swapped'],
      ['EMPLOYEE_INS', 'the 13th plan’s wording of the library’s 政策范围内城镇职工医保住院费用支付比例'],
      ['BEDS', '医疗机构 where the library says 医疗卫生机构'],
      ['GPS', '全科医师 where the library says 全科医生'],
      [
        'ALOS_TERTIARY',
        '三级医院平均住院日 is computed as the library’s 出院者平均住院日 of tertiary hospitals',
      ],
      ['HAI', '院内感染发生率 is the library’s 医院感染发病（例次）率 in other words'],
    ] as const
  ).map(([code, why]): Difference => ({
    code,
    field: 'indicator',
    document: null,
    why: `linked by hand: ${why}; no name or unit rule links it`,
  })),
  { code: 'GPS', field: 'unit', document: '', why: 'the row gives no unit; the pack adds 人' },
  {
    code: 'SEX_RATIO',
    field: 'polarity',
    document: 'neutral',
    why: 'the library calls the sex ratio at birth neutral; the pack reads the plan’s 108.5 as a ceiling',
  },
];

/** The pack's views with the document's values where they differ; each difference must still be one. */
function expectedFrom(pack: PlanFile, differences: readonly Difference[]): View[] {
  const byCode = new Map(pack.indicators.map((i, k) => [i.code, k]));
  const expected = views(pack);
  for (const d of differences) {
    const k = byCode.get(d.code);
    expect(k, d.code).toBeDefined();
    const v = expected[k ?? 0] as View;
    expect(v[d.field], `${d.code}.${d.field} no longer differs: ${d.why}`).not.toEqual(d.document);
    (v as unknown as Record<string, unknown>)[d.field] = d.document;
  }
  return expected;
}

function compareProjects(draft: PlanFile, pack: PlanFile): void {
  const fields = ['no', 'name', 'content', 'floorArea', 'beds', 'equipment', 'investment'] as const;
  const pick = (p: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(fields.map((f) => [f, p[f] ?? null]));
  const expected = pack.projects.map(pick);
  // The document's own words where the pack abridged or corrected them.
  const fromDocument: Record<number, Partial<Record<(typeof fields)[number], unknown>>> = {
    // The pack keeps the first sentence and the figures of 7 and 9 and tightens 10 and 15.
    6: { content: expect.stringContaining('剩余地块按医疗卫生用地控规') },
    8: { content: expect.stringContaining('其中地上18348.42㎡，地下4649.98㎡') },
    9: { content: expect.stringContaining('（含医院设置独立传染病区）') },
    14: { content: expect.stringContaining('其中地上建设面积3814.66㎡') },
    // The annex numbers its 17th project “7” and writes “标发热门诊”: the pack corrected both.
    16: { no: 7, content: '按标准化要求，新建或改建一批医疗机构标发热门诊（诊室）。' },
  };
  for (const [k, v] of Object.entries(fromDocument)) {
    Object.assign(expected[Number(k)] ?? {}, v);
  }
  expect(draft.projects.map(pick)).toEqual(expected);
}

describe('plan draft from the Jiangjin 14th plan’s own tables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-plan-draft-'));
  const docx = join(dir, '江津区卫生健康发展十四五规划.docx');
  const xlsx = join(dir, '主要指标.xlsx');
  const pack14 = readPlan(join(packs, 'jiangjin-14th.json'));
  const pack13 = readPlan(join(packs, 'jiangjin-13th.json'));
  const lib = ['--library', STANDARD_LIBRARY];

  beforeAll(async () => {
    writeFileSync(docx, await planDocx());
    writeFileSync(xlsx, await planXlsx());
  });

  async function draft(
    file: string,
    args: string[] = [],
  ): Promise<{ plan: PlanFile; stdout: string; stderr: string }> {
    const out = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    const r = await hw(['plan', 'draft', file, ...lib, '--out', out, ...args]);
    expect(r.code, r.stderr).toBe(0);
    return { plan: readPlan(out), stdout: r.stdout, stderr: r.stderr };
  }

  it('reads 专栏2 and 附件1 of the DOCX as the 14th plan: every indicator as the pack has it, and its projects', async () => {
    const { plan, stdout, stderr } = await draft(docx, ['--code', 'jiangjin-14th']);
    expect(views(plan)).toEqual(expectedFrom(pack14, DIFFERENCES_14TH));
    expect(plan).toMatchObject({
      code: 'jiangjin-14th',
      name: pack14.name,
      issuer: pack14.issuer,
      issued: pack14.issued,
      baselineYear: 2020,
      targetYear: 2025,
      status: 'active',
      // The pack cites 专栏2 only; the draft names every table it read.
      source: `${pack14.source ?? ''}、附件1`,
    });
    // The baselines are the plan's 2020 figures, with 专栏2 as their source (the pack adds 专栏1's
    // 27.8 % out-of-pocket share and the figures of the 2022 and 2023 reviews).
    const code = new Map(plan.indicators.map((i, k) => [i.code, pack14.indicators[k]?.code]));
    expect(plan.values.map((v) => ({ ...v, indicator: code.get(v.indicator) }))).toEqual(
      pack14.values.filter((v) => v.source.endsWith('专栏2')).map((v) => ({ ...v, status: 'final' })),
    );
    compareProjects(plan, pack14);
    // The rows for review, through the catalogue: where, what was understood, what to check.
    expect(stdout).toContain('表 2（专栏2  江津区卫生健康发展“十四五”主要指标）：指标表，24 行');
    expect(stdout).toContain(
      '表 2 第 2 行｜健康水平｜人均预期寿命｜单位 岁｜基期 78.95｜目标 79.7 → 达到 79.7｜预期性｜越高越好｜LIFE_EXPECTANCY 人均预期寿命',
    );
    expect(stdout).toContain('提示：表 2 第 3 行，参照指标：“同比例提高”需要指定参照指标');
    expect(stdout).toContain('提示：表 2 第 24 行，基期值：基期值原文为“84左右”，按 84 导入');
    expect(stdout).toContain('提示：表 3 第 18 行，序号：序号 7 与所在位置不符（应为 17？）');
    expect(stdout).toContain('表 1（专栏1  江津区卫生健康发展“十三五”主要指标完成情况）：目标年为 2020 年');
    expect(stderr).toContain('规划文件已写入');
  });

  it('reads 专栏1 (--table 1) as the completed 13th plan: its targets, and the 2020 results as its figures', async () => {
    const { plan } = await draft(docx, ['--table', '1', '--code', 'jiangjin-13th', '--name', pack13.name]);
    expect(views(plan)).toEqual(expectedFrom(pack13, DIFFERENCES_13TH));
    expect(plan).toMatchObject({
      code: 'jiangjin-13th',
      name: pack13.name,
      baselineYear: 2015,
      targetYear: 2020,
      status: 'completed',
      // 专栏1 is in the 14th plan's document, issued by the district office: not the 13th plan's
      // issuer, which the pack gives (重庆市江津区人民政府).
      issuer: null,
    });
    expect(plan.sections.map((s) => s.name)).toEqual(pack13.sections.map((s) => s.name));
    const code = new Map(plan.indicators.map((i, k) => [i.code, pack13.indicators[k]?.code]));
    expect(
      plan.values.map((v) => ({
        indicator: code.get(v.indicator),
        year: v.year,
        value: v.value ?? null,
        text: v.text ?? null,
      })),
    ).toEqual(
      pack13.values
        // The pack adds two 2015 figures from the plan's narrative (IMR 5.94‰, 40 元), not from a table.
        .filter((v) => v.year === 2020)
        .map((v) => ({ indicator: v.indicator, year: v.year, value: v.value ?? null, text: v.text ?? null })),
    );
    // A result stated in words: the pack says it is met, the draft asks the reviewer.
    expect(pack13.values.find((v) => v.text)?.statedMet).toBe(true);
    expect(plan.values.find((v) => v.text)).toEqual({
      indicator: expect.any(String),
      year: 2020,
      text: '比2015年下降10%以上',
      source: '《江津区卫生健康发展“十四五”规划》专栏1',
      status: 'final',
    });
  });

  it('reads the text export and the workbook to the same plan as the DOCX', async () => {
    const fromDocx = (await draft(docx)).plan;
    const fromText = await draft(PLAN_TEXT);
    expect(fromText.plan).toEqual(fromDocx);
    // The text counts rows by the file's lines.
    expect(fromText.stdout).toContain('第 183 行（表 2）｜健康水平｜人均预期寿命');
    const fromXlsx = (await draft(xlsx, ['--name', pack14.name])).plan;
    // A workbook has no title or issuing line: the plan's source names the file and the sheet.
    expect(fromXlsx).toEqual({
      ...fromDocx,
      issuer: null,
      issued: null,
      source: '主要指标.xlsx 主要指标、附件1',
      values: fromDocx.values.map((v) => ({ ...v, source: '主要指标.xlsx 主要指标' })),
    });
  });

  it('runs as its own process, in English with --lang en', () => {
    const out = join(dir, 'process.json');
    const r = spawnSync(
      process.execPath,
      [
        '--conditions=healthwatch-source',
        '--import',
        'tsx',
        'packages/cli/src/main.ts',
        '--lang',
        'en',
        'plan',
        'draft',
        docx,
        ...lib,
        '--out',
        out,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'table 2 row 5 | 健康水平 | 婴儿死亡率 | unit ‰ | baseline 3.4 | target ≤3.5 → at most 3.5 | expected | lower is better | IMR 婴儿死亡率',
    );
    expect(r.stderr).toContain('24 indicators, 20 projects; 0 errors, 6 to check');
    expect(readPlan(out).indicators).toHaveLength(24);
  });

  it('refuses what is not a plan document with the reason, and writes nothing', async () => {
    const cases: [string, Buffer | string, string][] = [
      ['renamed.docx', '类别\t指标\n', '不是有效的 DOCX 文件'],
      ['old.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), '另存为 .docx'],
      ['no-tables.docx', await docxOf(['江津区卫生健康发展“十四五”规划', '正文。']), '文档中没有表格'],
      ['zip.txt', await planDocx(), '这是压缩包'],
      ['binary.txt', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8]), '不是 DOCX、XLSX 或文本文件'],
    ];
    for (const [name, bytes, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const out = join(dir, `${name}.json`);
      const r = await hw(['plan', 'draft', file, ...lib, '--out', out]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toContain(message);
      expect(existsSync(out), name).toBe(false);
    }
    const r = await hw(['plan', 'draft', docx, ...lib, '--table', '9']);
    expect(r.stderr).toContain('没有第 9 个表格（文档共有 3 个表格）');
    expect((await hw(['plan', 'draft', docx, ...lib, '--code', 'Not A Code'])).stderr).toContain(
      '规划编码“Not A Code”无效',
    );
  });

  it('names the row and field of a row without a target, a section heading across the table, bare year columns', async () => {
    const file = join(dir, 'headings.docx');
    writeFileSync(
      file,
      await docxOf([
        '某区卫生健康发展“十四五”规划',
        '表1 主要指标',
        docxTable([
          ['领域', '指标名称', '单位', '2020年', '2025年', '指标属性'].map((text) => ({ text })),
          [{ text: '一、健康水平', span: 6 }],
          ['', '婴儿死亡率', '‰', '3.4', '＜5', '预期性'].map((text) => ({ text })),
          ['', '孕产妇死亡率', '1/10万', '12.45', '', '约束性'].map((text) => ({ text })),
          [{ text: '二、健康服务', span: 6 }],
          ['', '每千人口医疗卫生机构床位数', '张', '约5.5', '力争达到7', '约束'].map((text) => ({ text })),
          ['', '', '', '', '', ''].map((text) => ({ text })),
          ['', '家庭医生签约服务', '%', '—', '应签尽签', '待定'].map((text) => ({ text })),
        ]),
      ]),
    );
    const out = join(dir, 'headings.json');
    const r = await hw(['plan', 'draft', file, ...lib, '--out', out, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as {
      indicators: {
        name: string;
        section: string;
        baseline: number | null;
        target: string;
        rule: TargetRule;
        nature: string;
        problems: { at: string; fieldLabel: string; message: string; severity: string }[];
      }[];
      sections: { code: string; name: string }[];
    };
    expect(d.sections.map((s) => s.name)).toEqual(['一、健康水平', '二、健康服务']);
    expect(d.indicators.map((i) => [i.name, i.section, i.baseline, i.rule, i.nature])).toEqual([
      ['婴儿死亡率', 's1', 3.4, { kind: 'atMost', value: 5 }, 'expected'],
      ['孕产妇死亡率', 's1', 12.45, { kind: 'none' }, 'binding'],
      ['每千人口医疗卫生机构床位数', 's2', 5.5, { kind: 'point', value: 7 }, 'binding'],
      ['家庭医生签约服务', 's2', null, { kind: 'qualitative', text: '应签尽签' }, 'expected'],
    ]);
    const problems = d.indicators.flatMap((i) =>
      i.problems.map((p) => `${p.at} ${p.fieldLabel}：${p.message}`),
    );
    expect(problems).toEqual([
      '表 1 第 4 行 目标值：目标值为空，按无量化目标（—）导入',
      '表 1 第 6 行 基期值：基期值原文为“约5.5”，按 5.5 导入',
      '表 1 第 8 行 目标值：目标表述“应签尽签”未能识别，按定性指标导入',
      '表 1 第 8 行 指标属性：指标属性“待定”不是约束性或预期性，按预期性导入',
      '表 1 第 8 行 方向：目标表述和指标库都没有说明方向，暂按“越高越好”',
    ]);
    expect(readPlan(out).indicators.map((i) => i.target)).toEqual(['＜5', '—', '力争达到7', '应签尽签']);
  });
});
