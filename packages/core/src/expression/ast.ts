/** The abstract syntax of DHIS2-compatible expressions (indicators, validation rules). */

export type AggregationOverride =
  | 'SUM'
  | 'AVERAGE'
  | 'AVERAGE_SUM_ORG_UNIT'
  | 'LAST'
  | 'LAST_AVERAGE_ORG_UNIT'
  | 'LAST_IN_PERIOD'
  | 'FIRST'
  | 'MAX_SUM_ORG_UNIT'
  | 'MIN_SUM_ORG_UNIT'
  | 'MIN'
  | 'MAX'
  | 'COUNT'
  | 'NONE';

/** Modifiers written after a data item: `#{de}.periodOffset(-1).aggregationType(LAST)`. */
export interface ItemModifiers {
  aggregationType?: AggregationOverride;
  /** Sum of all `.periodOffset(n)` (they nest additively, as in DHIS2). */
  periodOffset?: number;
  yearToDate?: boolean;
  minDate?: string;
  maxDate?: string;
}

/** A reference to stored or derived data, resolved by the evaluation context. */
export type DataItem =
  | { kind: 'dataElement'; de: string; coc: string | null; aoc: string | null; modifiers: ItemModifiers }
  | { kind: 'constant'; id: string }
  | { kind: 'orgUnitGroupCount'; id: string }
  | { kind: 'indicator'; id: string; modifiers: ItemModifiers }
  | { kind: 'reportingRate'; dataSet: string; metric: ReportingMetric; modifiers: ItemModifiers };

export const REPORTING_METRICS = [
  'REPORTING_RATE',
  'REPORTING_RATE_ON_TIME',
  'ACTUAL_REPORTS',
  'ACTUAL_REPORTS_ON_TIME',
  'EXPECTED_REPORTS',
] as const;
export type ReportingMetric = (typeof REPORTING_METRICS)[number];

export type Expr =
  | { type: 'number'; value: number; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'boolean'; value: boolean; pos: number }
  | { type: 'null'; pos: number }
  | { type: 'item'; item: DataItem; text: string; pos: number }
  | { type: 'periodVariable'; name: 'days' | 'periodInYear' | 'yearlyPeriodCount'; pos: number }
  | { type: 'unary'; op: '-' | '+' | '!'; arg: Expr; pos: number }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: number }
  | { type: 'call'; name: string; args: Expr[]; pos: number };

export type BinaryOp =
  '^' | '*' | '/' | '%' | '+' | '-' | '<' | '>' | '<=' | '>=' | '==' | '!=' | '&&' | '||';
