import { dayNumberOf } from '../period/calendar.js';
import { childPeriods, periodDays, shiftPeriod, yearly } from '../period/period.js';
import type { Period } from '../period/period.js';
import { indicatorValue } from '../indicator/indicator-value.js';
import type { IndicatorResult } from '../indicator/indicator-value.js';
import { lifeExpectancyAtBirth, prematureNcdMortality, totalFertilityRate } from '../indicator/life-table.js';
import type { FunctionIndicatorSpec } from '../metadata/metadata-bundle.js';
import type { AggregationType } from '../data-element/value-type.js';
import type { AggregationOverride, DataItem, Expr } from '../expression/ast.js';
import type { EvalContext, Value } from '../expression/evaluate-expression.js';
import { ADDITIVE_TYPES, aggregateAdditive, aggregateRaw } from './aggregate-item.js';
import type { AdditiveRow, CellRange, RawRow } from './aggregate-item.js';

/**
 * The indicator evaluator: the value of one cell (a data item, an indicator, a function
 * indicator) at one org unit and period, from data already fetched. Pure and synchronous: the
 * analytics service resolves the dimensions, plans and performs the reads, and hands the rows
 * here (docs/analytics.md, "How a query is computed").
 */

/** The metadata analytics needs beyond the import index: indicators, constants, groups, categories. */
export interface AnalyticsCatalog {
  indicators: {
    id: number;
    uid: string;
    code: string | null;
    name: string;
    nameEn: string | null;
    numerator: string;
    denominator: string;
    factor: number;
    annualized: boolean;
    decimals: number | null;
    unit: string | null;
    kind: string;
    spec: FunctionIndicatorSpec | null;
  }[];
  constants: { uid: string; code: string | null; name: string; value: number }[];
  groups: { uid: string; code: string | null; name: string; memberIds: number[] }[];
  /** Category option combo id → the category option uids it combines. */
  cocOptions: Map<number, string[]>;
  categories: {
    uid: string;
    code: string | null;
    name: string;
    options: { uid: string; code: string | null; name: string }[];
  }[];
}

export interface CellUnit {
  id: number;
  uid: string;
  /** Materialised path `/uid/uid/`: a unit's subtree is every path that starts with it. */
  path: string;
}

export interface CellDataElement {
  id: number;
  uid: string;
  comboId: number;
  aggregationType: AggregationType;
}

/** How the evaluator finds metadata by reference (uid, code or name), as the store's index does. */
export interface CellMetadata {
  findDataElement(ref: string): CellDataElement | undefined;
  /** A category option combo of a combo, by uid, code or name. */
  findCoc(comboId: number, ref: string): { id: number } | undefined;
  /** Any category option combo (attribute combos), by uid or code. */
  findAnyCoc(ref: string): { id: number } | undefined;
  unitPath(id: number): string | undefined;
  catalog: AnalyticsCatalog;
}

/** Reports expected, made and made on time for a data set at a unit (its subtree) and period. */
export interface ReportingCounts {
  expected: number;
  actual: number;
  onTime: number;
}

/** The rows a query fetched, grouped for the evaluator. */
export interface CellData {
  /** Stored period id → its period. */
  periods: ReadonlyMap<number, Period>;
  /** Rollup rows (additive aggregation types) by `deId|ouId` of the queried unit. */
  additive: ReadonlyMap<string, readonly AdditiveRow[]>;
  /** Stored values (LAST, MIN, MAX …) by data element, each with its unit's path. */
  raw: ReadonlyMap<number, readonly (RawRow & { path: string })[]>;
  /** Reporting counts by `dataSetRef|unitUid|periodId`. */
  reporting: ReadonlyMap<string, ReportingCounts>;
}

export type ComboMatch = (cocId: number, aocId: number) => boolean;

/** The modifiers of an item in a cell (`.periodOffset`, `.yearToDate` …), optional fields as read from the expression. */
export interface CellModifiers {
  aggregationType?: AggregationOverride | undefined;
  periodOffset?: number | undefined;
  yearToDate?: boolean | undefined;
  minDate?: string | undefined;
  maxDate?: string | undefined;
}

/** Indicators may refer to indicators; deeper than this is a cycle or a mistake. */
export const MAX_INDICATOR_NESTING = 8;

export class CellEvaluator {
  private readonly filtered = new Map<ComboMatch, Map<string, readonly AdditiveRow[]>>();
  private readonly matches = new Map<string, ComboMatch>();

  constructor(
    private readonly meta: CellMetadata,
    private readonly data: CellData,
    /** Parsed numerator and denominator of every indicator the query may reach, by uid. */
    private readonly formulas: ReadonlyMap<string, { num: Expr; den: Expr }>,
  ) {}

  /** A data element aggregated over the unit's subtree and the period (its own aggregation type, or the override). */
  dataElement(
    de: CellDataElement,
    ou: CellUnit,
    p: Period,
    mods: CellModifiers,
    match: ComboMatch,
  ): number | null {
    const type = mods.aggregationType ?? de.aggregationType;
    const range = cellRange(p, mods);
    if (ADDITIVE_TYPES.has(type)) {
      // The same (item, unit) is read for every period of the query: filter its rows once.
      let perMatch = this.filtered.get(match);
      if (!perMatch) {
        perMatch = new Map();
        this.filtered.set(match, perMatch);
      }
      const key = `${de.id}|${ou.id}`;
      let rows = perMatch.get(key);
      if (!rows) {
        rows = (this.data.additive.get(key) ?? []).filter((r) => match(r.cocId, r.aocId));
        perMatch.set(key, rows);
      }
      return aggregateAdditive(rows, this.data.periods, type, range);
    }
    const rows = (this.data.raw.get(de.id) ?? []).filter(
      (r) => r.path.startsWith(ou.path) && match(r.cocId, r.aocId),
    );
    return aggregateRaw(rows, this.data.periods, type, range);
  }

  /** Which disaggregations an operand (`#{de.coc.aoc}`) takes; cached per operand. */
  operandMatch(it: Extract<DataItem, { kind: 'dataElement' }>): ComboMatch {
    const cacheKey = `${it.de}|${it.coc ?? ''}|${it.aoc ?? ''}`;
    const cached = this.matches.get(cacheKey);
    if (cached) {
      return cached;
    }
    const de = this.meta.findDataElement(it.de);
    const coc = it.coc ? (de ? this.meta.findCoc(de.comboId, it.coc)?.id : undefined) : null;
    const aoc = it.aoc ? this.meta.findAnyCoc(it.aoc)?.id : null;
    const made: ComboMatch =
      (it.coc && coc === undefined) || (it.aoc && aoc === undefined)
        ? () => false
        : (c, a) =>
            (coc === null || coc === undefined || c === coc) &&
            (aoc === null || aoc === undefined || a === aoc);
    this.matches.set(cacheKey, made);
    return made;
  }

  /** A ratio indicator: numerator and denominator aggregated first, then divided (never an average of ratios). */
  indicator(uid: string, ou: CellUnit, p: Period, depth = 1): IndicatorResult | null {
    const catalog = this.meta.catalog;
    const ind = catalog.indicators.find((i) => i.uid === uid);
    const ex = this.formulas.get(uid);
    if (!ind || !ex || depth > MAX_INDICATOR_NESTING) {
      return null;
    }
    const ctx: EvalContext = {
      days: periodDays(p),
      periodInYear: periodInYear(p),
      yearlyPeriodCount: yearlyPeriodCount(p),
      item: (it): Value => {
        switch (it.kind) {
          case 'dataElement': {
            const de = this.meta.findDataElement(it.de);
            return de ? this.dataElement(de, ou, p, it.modifiers, this.operandMatch(it)) : null;
          }
          case 'constant':
            return catalog.constants.find((c) => c.uid === it.id || c.code === it.id)?.value ?? null;
          case 'orgUnitGroupCount': {
            const g = catalog.groups.find((x) => x.uid === it.id || x.code === it.id);
            return g ? g.memberIds.filter((id) => this.meta.unitPath(id)?.startsWith(ou.path)).length : null;
          }
          case 'indicator': {
            const nested = catalog.indicators.find((i) => i.uid === it.id || i.code === it.id);
            const q = it.modifiers.periodOffset ? shiftPeriod(p, it.modifiers.periodOffset) : p;
            return nested ? (this.indicator(nested.uid, ou, q, depth + 1)?.value ?? null) : null;
          }
          case 'reportingRate': {
            const r = this.data.reporting.get(`${it.dataSet}|${ou.uid}|${p.id}`);
            return r ? reportingRateValue(r, it.metric) : null;
          }
        }
      },
    };
    return indicatorValue(
      { numerator: ex.num, denominator: ex.den, factor: ind.factor, annualized: ind.annualized },
      ctx,
    );
  }

  /** A function indicator (life expectancy, 40q30, TFR) from age-disaggregated events and population. */
  functionIndicator(spec: FunctionIndicatorSpec, ou: CellUnit, p: Period): number | null {
    const catalog = this.meta.catalog;
    const cat = catalog.categories.find(
      (c) => c.uid === spec.inputs.ageCategory || c.code === spec.inputs.ageCategory,
    );
    const eventsDe = this.meta.findDataElement(
      (spec.function === 'totalFertilityRate' ? spec.inputs.births : spec.inputs.deaths) ?? '',
    );
    const popDe = this.meta.findDataElement(spec.inputs.population);
    if (!cat || !eventsDe || !popDe) {
      return null;
    }
    const sexUid = spec.inputs.sex
      ? catalog.categories
          .flatMap((c) => c.options)
          .find((o) => o.uid === spec.inputs.sex || o.code === spec.inputs.sex || o.name === spec.inputs.sex)
          ?.uid
      : undefined;
    const sexSiblings = new Set(
      sexUid
        ? (catalog.categories
            .find((c) => c.options.some((o) => o.uid === sexUid))
            ?.options.map((o) => o.uid) ?? [])
        : [],
    );
    const groups = cat.options.flatMap((o) => {
      const age = ageGroupOf(o.code ?? o.name);
      if (!age) {
        return [];
      }
      // The sex restriction applies to combos that have a sex at all (births by mother's age do not).
      const match = (c: number): boolean => {
        const opts = catalog.cocOptions.get(c) ?? [];
        return (
          opts.includes(o.uid) &&
          (sexUid === undefined || opts.includes(sexUid) || !opts.some((x) => sexSiblings.has(x)))
        );
      };
      return [
        {
          ...age,
          events: this.dataElement(eventsDe, ou, p, {}, match),
          population: this.dataElement(popDe, ou, p, {}, match),
        },
      ];
    });
    switch (spec.function) {
      case 'lifeExpectancy':
        if (groups.some((g) => g.population === null)) {
          return null;
        }
        return lifeExpectancyAtBirth(
          groups.map((g) => ({
            age: g.age,
            width: g.width,
            deaths: g.events ?? 0,
            population: g.population ?? 0,
          })),
          {
            ...(spec.parameters?.a0 !== undefined ? { a0: spec.parameters.a0 } : {}),
            ...(spec.parameters?.a1to4 !== undefined ? { a1to4: spec.parameters.a1to4 } : {}),
          },
        );
      case 'prematureNcdMortality':
        return prematureNcdMortality(
          groups.map((g) => ({ age: g.age, ncdDeaths: g.events ?? 0, population: g.population ?? 0 })),
        );
      case 'totalFertilityRate':
        return totalFertilityRate(
          groups.map((g) => ({ age: g.age, births: g.events ?? 0, women: g.population ?? 0 })),
        );
    }
  }
}

/** Reporting rates as DHIS2 gives them: percent, capped at 100; null when nothing is expected. */
export function reportingRateValue(
  r: ReportingCounts,
  metric: Extract<DataItem, { kind: 'reportingRate' }>['metric'],
): number | null {
  const rate = (n: number): number | null =>
    r.expected === 0 ? null : Math.min(100, (n * 100) / r.expected);
  switch (metric) {
    case 'REPORTING_RATE':
      return rate(r.actual);
    case 'REPORTING_RATE_ON_TIME':
      return rate(r.onTime);
    case 'ACTUAL_REPORTS':
      return r.actual;
    case 'ACTUAL_REPORTS_ON_TIME':
      return r.onTime;
    case 'EXPECTED_REPORTS':
      return r.expected;
  }
}

/** The days an item covers in a cell: the period, shifted by an offset, from 1 January for year-to-date. */
export function cellRange(p: Period, it: CellModifiers): CellRange {
  const q = it.periodOffset ? shiftPeriod(p, it.periodOffset) : p;
  const start = it.yearToDate ? `${q.endDate.slice(0, 4)}-01-01` : q.startDate;
  return {
    start,
    end: q.endDate,
    days: dayNumberOf(q.endDate) - dayNumberOf(start) + 1,
    minDate: it.minDate,
    maxDate: it.maxDate,
  };
}

/** Age group from an option code: `AGE_0` (0, width 1), `AGE_1_4`, `AGE_5_9` …, `AGE_85P` (open). */
export function ageGroupOf(code: string): { age: number; width: number | null } | null {
  const open = /^AGE_(\d+)P$/.exec(code);
  if (open) {
    return { age: Number(open[1]), width: null };
  }
  const range = /^AGE_(\d+)(?:_(\d+))?$/.exec(code);
  if (!range) {
    return null;
  }
  const start = Number(range[1]);
  const end = range[2] === undefined ? start : Number(range[2]);
  return { age: start, width: end - start + 1 };
}

/** Position of the period in its calendar year (month 1–12, quarter 1–4 …; 1 for a year). */
export function periodInYear(p: Period): number {
  const year = yearly(Number(p.startDate.slice(0, 4)));
  if (p.type === 'Yearly' || p.type === 'FinancialOct') {
    return 1;
  }
  if (p.type === 'Weekly') {
    return Number(p.id.split('W')[1]);
  }
  return childPeriods(year, p.type).findIndex((c) => c.id === p.id) + 1;
}

/** How many periods of its type the period's year has (12 months, 52 or 53 weeks …). */
export function yearlyPeriodCount(p: Period): number {
  if (p.type === 'Yearly' || p.type === 'FinancialOct') {
    return 1;
  }
  const year =
    p.type === 'Weekly' ? yearly(Number(p.id.slice(0, 4))) : yearly(Number(p.startDate.slice(0, 4)));
  return childPeriods(year, p.type).length;
}
