import { describe, expect, it } from 'vitest';
import { parseExpression } from '../expression/parse-expression.js';
import { parsePeriod } from '../period/period.js';
import type { Period } from '../period/period.js';
import type { AdditiveRow } from './aggregate-item.js';
import {
  ageGroupOf,
  CellEvaluator,
  periodInYear,
  reportingRateValue,
  yearlyPeriodCount,
} from './cell-evaluator.js';
import type {
  AnalyticsCatalog,
  CellData,
  CellDataElement,
  CellMetadata,
  CellUnit,
} from './cell-evaluator.js';

// A town (id 1) with two institutions; months 2024-01..03 stored as ids 1..3.
const town: CellUnit = { id: 1, uid: 'townAAAAAAA', path: '/townAAAAAAA/' };
const months = new Map<number, Period>([1, 2, 3].map((m) => [m, parsePeriod(`20240${m}`)]));
const BEDS: CellDataElement = { id: 10, uid: 'bedsAAAAAAA', comboId: 1, aggregationType: 'SUM' };
const POP: CellDataElement = { id: 11, uid: 'popAAAAAAAA', comboId: 1, aggregationType: 'LAST' };
const OPD: CellDataElement = { id: 12, uid: 'opdAAAAAAAA', comboId: 2, aggregationType: 'SUM' };
const MALE = 21;
const FEMALE = 22;

const catalog: AnalyticsCatalog = {
  indicators: [
    {
      id: 1,
      uid: 'bedsPer1000',
      code: 'BEDS_PER_1000',
      name: '每千人口床位数',
      nameEn: null,
      numerator: '#{BEDS}',
      denominator: '#{POP}',
      factor: 1000,
      annualized: false,
      decimals: 2,
      unit: '张',
      kind: 'ratio',
      spec: null,
    },
    {
      id: 2,
      uid: 'malesShare1',
      code: 'MALE_SHARE',
      name: '男性门诊占比',
      nameEn: null,
      numerator: '#{OPD.M}',
      denominator: '#{OPD}',
      factor: 100,
      annualized: false,
      decimals: 1,
      unit: '%',
      kind: 'ratio',
      spec: null,
    },
    {
      id: 3,
      uid: 'nestedInd01',
      code: 'NESTED',
      name: '嵌套',
      nameEn: null,
      numerator: 'N{BEDS_PER_1000} + C{K}',
      denominator: '1',
      factor: 1,
      annualized: false,
      decimals: 2,
      unit: null,
      kind: 'ratio',
      spec: null,
    },
    {
      id: 4,
      uid: 'reportRate1',
      code: 'RR',
      name: '报告率',
      nameEn: null,
      numerator: 'R{MONTHLY.REPORTING_RATE}',
      denominator: '1',
      factor: 1,
      annualized: false,
      decimals: 1,
      unit: '%',
      kind: 'ratio',
      spec: null,
    },
  ],
  constants: [{ uid: 'constantK01', code: 'K', name: 'k', value: 0.5 }],
  groups: [],
  cocOptions: new Map([
    [MALE, ['optMale0001']],
    [FEMALE, ['optFemale01']],
  ]),
  categories: [],
};

const meta: CellMetadata = {
  findDataElement: (ref) =>
    [BEDS, POP, OPD].find((d) => d.uid === ref || d.uid.startsWith(ref.toLowerCase())),
  findCoc: (comboId, ref) =>
    comboId === 2 && ref === 'M' ? { id: MALE } : comboId === 2 && ref === 'F' ? { id: FEMALE } : undefined,
  findAnyCoc: () => undefined,
  unitPath: (id) => (id === 1 ? town.path : undefined),
  catalog,
};

const rows = (sums: [peId: number, cocId: number, sum: number][]): AdditiveRow[] =>
  sums.map(([peId, cocId, sum]) => ({ peId, cocId, aocId: 0, sum, count: 1 }));
const data: CellData = {
  periods: months,
  additive: new Map([
    [
      '10|1',
      rows([
        [1, 0, 300],
        [2, 0, 310],
        [3, 0, 320],
      ]),
    ],
    [
      '12|1',
      rows([
        [1, MALE, 60],
        [1, FEMALE, 40],
        [2, MALE, 30],
        [2, FEMALE, 170],
      ]),
    ],
  ]),
  raw: new Map([
    [
      11,
      [
        { peId: 1, ouId: 5, cocId: 0, aocId: 0, value: 80_000, path: '/townAAAAAAA/hcAAAAAAAAA/' },
        { peId: 3, ouId: 5, cocId: 0, aocId: 0, value: 100_000, path: '/townAAAAAAA/hcAAAAAAAAA/' },
      ],
    ],
  ]),
  reporting: new Map([['MONTHLY|townAAAAAAA|2024Q1', { expected: 6, actual: 5, onTime: 4 }]]),
};

const formulas = new Map(
  catalog.indicators.map((i) => [
    i.uid,
    { num: parseExpression(i.numerator), den: parseExpression(i.denominator) },
  ]),
);
const evaluator = new CellEvaluator(meta, data, formulas);
const all = (): boolean => true;

describe('CellEvaluator', () => {
  it('sums a data element over the months of a quarter and takes LAST for stock figures', () => {
    expect(evaluator.dataElement(BEDS, town, parsePeriod('2024Q1'), {}, all)).toBe(930);
    expect(evaluator.dataElement(POP, town, parsePeriod('2024Q1'), {}, all)).toBe(100_000);
    expect(evaluator.dataElement(POP, town, parsePeriod('202402'), {}, all)).toBe(80_000);
  });
  it('computes a ratio of sums, never an average of ratios', () => {
    // Q1: beds 930 over the population's last value 100,000, × 1000.
    expect(evaluator.indicator('bedsPer1000', town, parsePeriod('2024Q1'))?.value).toBeCloseTo(9.3, 10);
    // Male share: January 60/100 = 60 %, February 30/200 = 15 %; the quarter is (60 + 30) / 300 = 30 %,
    // not the 37.5 % an average of the months' ratios would give.
    expect(evaluator.indicator('malesShare1', town, parsePeriod('202401'))?.value).toBeCloseTo(60, 10);
    expect(evaluator.indicator('malesShare1', town, parsePeriod('2024Q1'))?.value).toBeCloseTo(30, 10);
  });
  it('evaluates nested indicators, constants and reporting rates', () => {
    expect(evaluator.indicator('nestedInd01', town, parsePeriod('2024Q1'))?.value).toBeCloseTo(9.8, 10);
    expect(evaluator.indicator('reportRate1', town, parsePeriod('2024Q1'))?.value).toBeCloseTo(
      (5 * 100) / 6,
      10,
    );
    expect(evaluator.indicator('reportRate1', town, parsePeriod('2024Q2'))).toBeNull();
  });
  it('gives no value without data and for an unknown operand', () => {
    expect(evaluator.dataElement(BEDS, town, parsePeriod('2023'), {}, all)).toBeNull();
    expect(
      evaluator.operandMatch({ kind: 'dataElement', de: 'opd', coc: 'X', aoc: null, modifiers: {} })(MALE, 0),
    ).toBe(false);
  });
});

describe('cell helpers', () => {
  it('caps reporting rates at 100 and has none when nothing is expected', () => {
    expect(reportingRateValue({ expected: 4, actual: 5, onTime: 5 }, 'REPORTING_RATE')).toBe(100);
    expect(reportingRateValue({ expected: 0, actual: 0, onTime: 0 }, 'REPORTING_RATE_ON_TIME')).toBeNull();
    expect(reportingRateValue({ expected: 0, actual: 0, onTime: 0 }, 'EXPECTED_REPORTS')).toBe(0);
  });
  it('reads age groups from option codes', () => {
    expect(ageGroupOf('AGE_0')).toEqual({ age: 0, width: 1 });
    expect(ageGroupOf('AGE_1_4')).toEqual({ age: 1, width: 4 });
    expect(ageGroupOf('AGE_85P')).toEqual({ age: 85, width: null });
    expect(ageGroupOf('男')).toBeNull();
  });
  it('places periods in their year', () => {
    expect([periodInYear(parsePeriod('202411')), yearlyPeriodCount(parsePeriod('202411'))]).toEqual([11, 12]);
    expect([periodInYear(parsePeriod('2026W53')), yearlyPeriodCount(parsePeriod('2026W53'))]).toEqual([
      53, 53,
    ]);
    expect([periodInYear(parsePeriod('2024')), yearlyPeriodCount(parsePeriod('2024'))]).toEqual([1, 1]);
  });
});
