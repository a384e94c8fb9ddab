import { describe, expect, it } from 'vitest';
import { t } from '../i18n/translate.js';
import { classifyHeader, fiveYearPeriodOf } from './draft-columns.js';
import { issuedLine, numberCell, periodOf, projectFigures, splitNameUnit } from './draft-cells.js';
import { draftToPlanDocument } from './draft-document.js';
import { linkIndicator } from './draft-link.js';
import type { LibraryIndicator } from './draft-link.js';
import { draftProblems, reviewIndicator } from './draft-review.js';
import { draftPlan } from './plan-draft.js';
import { readPlanText } from './plan-source.js';
import type { PlanSource } from './plan-source.js';

const LIBRARY: LibraryIndicator[] = [
  { code: 'IMR', name: '婴儿死亡率', unit: '‰', polarity: 'lower' },
  { code: 'MMR', name: '孕产妇死亡率', unit: '1/10万', polarity: 'lower' },
  { code: 'CRUDE_DEATH_RATE', name: '死亡率', unit: '‰', polarity: 'lower' },
  { code: 'REP_MYOPIA', name: '儿童青少年总体近视率', unit: '%', polarity: 'lower' },
  { code: 'VACC', name: '适龄儿童免疫规划疫苗接种率', unit: '%', polarity: 'higher' },
  { code: 'ABX', name: '门诊处方抗菌药物使用率', unit: '%', polarity: 'lower' },
  { code: 'BEDS', name: '每千人口医疗卫生机构床位数', unit: '张', polarity: 'higher' },
];

describe('the text layout of a plan exported from Word', () => {
  it('reads cells, rows, a cell of two paragraphs, merged (empty) cells, captions and paragraphs', () => {
    const s = readPlanText(
      [
        '\uFEFF某区卫生健康发展“十四五”规划',
        '',
        '专栏2  主要指标',
        '',
        '\t类别',
        '\t指 标',
        '\t2025年',
        '',
        '目标值',
        '\t指标',
        '',
        '性质',
        '',
        '\t健康水平',
        '\t婴儿死亡率（‰）',
        '\t≤3.5',
        '\t预期性',
        '',
        '\t',
        '\t孕产妇死亡率（/10万）',
        '\t≤10',
        '\t预期性',
        '',
        '',
        '正文继续。',
      ].join('\r\n'),
    );
    expect(s.paragraphs).toEqual(['某区卫生健康发展“十四五”规划', '专栏2  主要指标', '正文继续。']);
    expect(s.tables).toHaveLength(1);
    expect(s.tables[0]?.caption).toBe('专栏2  主要指标');
    expect(s.tables[0]?.rows.map((r) => [r.at, r.cells.map((c) => c.text)])).toEqual([
      [5, ['类别', '指 标', '2025年\n目标值', '指标\n性质']],
      [14, ['健康水平', '婴儿死亡率（‰）', '≤3.5', '预期性']],
      [19, ['', '孕产妇死亡率（/10万）', '≤10', '预期性']],
    ]);
  });
});

describe('header columns', () => {
  it('reads indicator headers as plans word them, years deciding baseline, target and results', () => {
    const h = classifyHeader(['类别', '序号', '指 标', '2020年实际值', '2025年\n目标值', '指标\n性质']);
    expect(h).toMatchObject({
      kind: 'indicators',
      columns: { section: 0, no: 1, name: 2, baseline: 3, target: 4, nature: 5 },
      baselineYear: 2020,
      targetYear: 2025,
    });
    // A completed plan's table: the target year's 实际值 is its result, not a baseline.
    expect(classifyHeader(['类别', '序号', '主要指标', '2020年目标值', '2020年实际值'])).toMatchObject({
      columns: { target: 3, actual: 4 },
      baselineYear: null,
      targetYear: 2020,
    });
    expect(
      classifyHeader(['领域', '指标', '单位', '基期值（2020年）', '目标值（2025年）', '指标属性']),
    ).toMatchObject({
      columns: { section: 0, name: 1, unit: 2, baseline: 3, target: 4, nature: 5 },
      baselineYear: 2020,
    });
    expect(classifyHeader(['领域', '指标', '2020年', '2025年'])).toMatchObject({
      columns: { baseline: 2, target: 3 },
      targetYear: 2025,
    });
    expect(
      classifyHeader(['序号', '项目名称', '建设内容', '总投资（亿元）', '建设年限', '责任单位']),
    ).toMatchObject({
      kind: 'projects',
      columns: { no: 0, project: 1, content: 2, investment: 3, period: 4, responsible: 5 },
      investmentScale: 10000,
    });
    expect(classifyHeader(['说明', '内容'])).toBeNull();
    expect(classifyHeader(['领域', '指标'])).toBeNull(); // no target column
  });

  it('knows the period of the n-th five-year plan', () => {
    expect(fiveYearPeriodOf('江津区卫生健康发展“十四五”规划')).toEqual({
      baselineYear: 2020,
      targetYear: 2025,
    });
    expect(fiveYearPeriodOf('“十三五”主要指标完成情况')).toEqual({ baselineYear: 2015, targetYear: 2020 });
    expect(fiveYearPeriodOf('主要指标')).toBeNull();
  });
});

describe('cells', () => {
  it('splits a unit off a name only when it is one', () => {
    expect(splitNameUnit('婴儿死亡率（‰）')).toEqual({ name: '婴儿死亡率', unit: '‰' });
    expect(splitNameUnit('孕产妇死亡率（/10万）')).toEqual({ name: '孕产妇死亡率', unit: '1/10万' });
    expect(splitNameUnit('每千人口执业（助理）医师数（人）')).toEqual({
      name: '每千人口执业（助理）医师数',
      unit: '人',
    });
    expect(splitNameUnit('门诊处方抗菌药物（抗微生物药物）使用率')).toEqual({
      name: '门诊处方抗菌药物（抗微生物药物）使用率',
      unit: null,
    });
  });

  it('reads figures, approximate figures and no figure', () => {
    expect(numberCell('5.75\u3000')).toEqual({ kind: 'number', value: 5.75 });
    expect(numberCell('－0.21')).toEqual({ kind: 'number', value: -0.21 });
    expect(numberCell('1,529.9')).toEqual({ kind: 'number', value: 1529.9 });
    expect(numberCell('84左右')).toEqual({ kind: 'approximate', value: 84 });
    expect(numberCell('—')).toEqual({ kind: 'empty' });
    expect(numberCell('比2015年下降10%以上')).toEqual({ kind: 'text' });
  });

  it('takes a project’s floor area, beds and equipment from its 建设内容, and the years and issuer lines', () => {
    expect(
      projectFigures('新建综合楼1栋，框架结构，总建筑面积49800㎡，新增床位300张（其中，隔离病床100张）。'),
    ).toEqual({
      floorArea: 49800,
      beds: 300,
      equipment: null,
    });
    expect(projectFigures('建筑面积约6万㎡，用于新增500张床位的业务用房。')).toMatchObject({
      floorArea: 60000,
      beds: 500,
    });
    expect(projectFigures('占地面积（不含代征用地）约3875.35㎡，建设面积6176.83㎡。').floorArea).toBe(
      6176.83,
    );
    expect(projectFigures('购置医疗仪器设备72台，设床位50张').equipment).toBe('医疗仪器设备72台');
    expect(periodOf('2021—2023年')).toEqual({ startDate: '2021', endDate: '2023' });
    expect(issuedLine('\u3000重庆市江津区人民政府办公室               2022年5月20日印发\u3000')).toEqual({
      issuer: '重庆市江津区人民政府办公室',
      issued: '2022-05-20',
    });
  });
});

describe('library links', () => {
  it('links by the same name, by the name without remarks or area, or by its end; never across units', () => {
    expect(linkIndicator('婴儿死亡率', '‰', LIBRARY)).toMatchObject({
      kind: 'linked',
      link: { code: 'IMR', match: 'exact' },
    });
    expect(linkIndicator('全区儿童青少年总体近视率', '%', LIBRARY)).toMatchObject({
      link: { code: 'REP_MYOPIA', match: 'normalised' },
    });
    expect(linkIndicator('门诊处方抗菌药物（抗微生物药物）使用率', '%', LIBRARY)).toMatchObject({
      link: { code: 'ABX', match: 'normalised' },
    });
    expect(linkIndicator('以乡（镇、街道）为单位适龄儿童免疫规划疫苗接种率', '%', LIBRARY)).toMatchObject({
      link: { code: 'VACC', match: 'partial' },
    });
    // 死亡率 is too short to stand for the end of another name.
    expect(linkIndicator('围产儿死亡率', '‰', LIBRARY)).toEqual({ kind: 'none' });
    expect(linkIndicator('婴儿死亡率', '%', LIBRARY)).toMatchObject({
      kind: 'unitDiffers',
      candidate: { code: 'IMR' },
    });
    expect(linkIndicator('孕产妇死亡率', null, LIBRARY)).toMatchObject({ link: { code: 'MMR' } });
  });
});

const table = (rows: string[][], caption = '专栏2  主要指标'): PlanSource['tables'][number] => ({
  index: 1,
  caption,
  rows: rows.map((cells, i) => ({ at: i + 1, cells: cells.map((text) => ({ text })) })),
});

describe('a draft plan', () => {
  const source: PlanSource = {
    format: 'docx',
    paragraphs: ['某区卫生健康发展“十四五”规划', '专栏2  主要指标', '某区人民政府 2022年1月5日印发'],
    tables: [
      table([
        ['领域', '指标', '2020年', '2025年目标值', '性质'],
        ['健康水平', '婴儿死亡率（‰）', '3.4', '≤3.5', '预期性'],
        ['', '孕产妇死亡率（1/10万）', '12.45', '', '约束性'],
        ['', '', '1', '≤2', '预期性'],
        ['健康服务', '每千人口医疗卫生机构床位数', '5.5左右', '6', ''],
        ['', '家庭医生签约率（%）', '—', '应签尽签', '预期性'],
      ]),
    ],
  };

  it('reads every row: section, name, unit, baseline, rule, nature, direction and link, with the plan’s period and issuer', () => {
    const d = draftPlan(source, LIBRARY, { code: 'x-14th' });
    expect(d.plan).toEqual({
      code: 'x-14th',
      name: '某区卫生健康发展“十四五”规划',
      issuer: '某区人民政府',
      issued: '2022-01-05',
      baselineYear: 2020,
      targetYear: 2025,
      status: 'active',
      source: '《某区卫生健康发展“十四五”规划》专栏2',
    });
    expect(d.sections).toEqual([
      { code: 's1', name: '健康水平' },
      { code: 's2', name: '健康服务' },
    ]);
    expect(
      d.indicators.map((i) => [
        i.row,
        i.code,
        i.section,
        i.name,
        i.unit,
        i.baseline,
        i.rule.kind,
        i.nature,
        i.polarity,
        i.indicator,
      ]),
    ).toEqual([
      [2, 'IMR', 's1', '婴儿死亡率', '‰', 3.4, 'atMost', 'expected', 'lower', 'IMR'],
      [3, 'MMR', 's1', '孕产妇死亡率', '1/10万', 12.45, 'none', 'binding', 'lower', 'MMR'],
      [4, 'I03', 's1', '', null, 1, 'atMost', 'expected', 'lower', null],
      [5, 'BEDS', 's2', '每千人口医疗卫生机构床位数', '张', 5.5, 'point', 'expected', 'higher', 'BEDS'],
      [6, 'I05', 's2', '家庭医生签约率', '%', null, 'qualitative', 'expected', 'higher', null],
    ]);
    // The unit came from the library for 床位数; the approximate baseline is noted in the plan's words.
    expect(d.indicators[3]).toMatchObject({
      unitFrom: 'library',
      note: '基线原文为“5.5左右”',
      natureFrom: 'default',
    });
    const problems = draftProblems(d).map(
      (p) => `${p.row ?? '-'} ${p.field} ${p.severity} ${t('zh-CN', p.message.key, p.message.params)}`,
    );
    expect(problems).toEqual([
      '3 target warning 目标值为空，按无量化目标（—）导入',
      '4 name error 指标名称为空，此行不会导入',
      '5 nature warning 指标属性为空，按预期性导入',
      '5 baseline warning 基期值原文为“5.5左右”，按 5.5 导入',
      '5 unit warning 文档未写单位，取关联指标 BEDS 的单位“张”',
      '6 target warning 目标表述“应签尽签”未能识别，按定性指标导入',
      '6 polarity warning 目标表述和指标库都没有说明方向，暂按“越高越好”',
    ]);
  });

  it('becomes a plan file without the rows in error, an empty target as —, the baselines as figures', () => {
    const doc = draftToPlanDocument(draftPlan(source, LIBRARY, { code: 'x-14th' }));
    expect(doc.indicators.map((i) => [i.code, i.target, i.baseline])).toEqual([
      ['IMR', '≤3.5', 3.4],
      ['MMR', '—', 12.45],
      ['BEDS', '6', 5.5],
      ['I05', '应签尽签', null],
    ]);
    expect(doc.values).toEqual([
      {
        indicator: 'IMR',
        year: 2020,
        value: 3.4,
        source: '《某区卫生健康发展“十四五”规划》专栏2',
        status: 'final',
      },
      {
        indicator: 'MMR',
        year: 2020,
        value: 12.45,
        source: '《某区卫生健康发展“十四五”规划》专栏2',
        status: 'final',
      },
      {
        indicator: 'BEDS',
        year: 2020,
        value: 5.5,
        source: '《某区卫生健康发展“十四五”规划》专栏2',
        status: 'final',
      },
    ]);
  });

  it('asks again after a correction: a problem fixed is gone', () => {
    const d = draftPlan(source, LIBRARY, { code: 'x-14th' });
    const row = d.indicators[4];
    if (!row) {
      throw new Error('no row');
    }
    expect(reviewIndicator(row).map((p) => p.field)).toEqual(['target', 'polarity']);
    expect(
      reviewIndicator({ ...row, target: '≥90', rule: { kind: 'atLeast', value: 90 }, polarityFrom: 'user' }),
    ).toEqual([]);
  });

  it('leaves aside the tables of another plan and says which, drafts from them when asked, refuses a table that is not there', () => {
    const both: PlanSource = {
      ...source,
      tables: [
        table(
          [
            ['类别', '主要指标', '2020年目标值', '2020年实际值'],
            ['健康状况', '婴儿死亡率（‰）', '≤5.5', '3.4'],
          ],
          '专栏1  “十三五”主要指标完成情况',
        ),
        { ...table(source.tables[0]?.rows.map((r) => r.cells.map((c) => c.text)) ?? []), index: 2 },
      ],
    };
    const own = draftPlan(both, LIBRARY);
    expect(own.tables.map((x) => [x.index, x.used])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(own.problems.map((p) => p.message.key)).toEqual(['draft.codeGuessed', 'draft.tableOtherPlan']);
    const other = draftPlan(both, LIBRARY, { tables: [1] });
    expect(other.plan).toMatchObject({
      baselineYear: 2015,
      targetYear: 2020,
      status: 'completed',
      issuer: null,
      code: 'plan-2016-2020',
    });
    expect(other.indicators[0]?.actual).toEqual({ year: 2020, value: 3.4, text: null });
    expect(() => draftPlan(both, LIBRARY, { tables: [3] })).toThrow(/HW_PLAN_DOCUMENT|没有第 3 个表格/);
    expect(() => draftPlan({ ...source, tables: [] }, LIBRARY)).toThrow('文档中没有表格');
  });
});
