import type { DataDimensionType } from '../category/category-combo.js';
import type { AggregationType, ValueType } from '../data-element/value-type.js';
import type { PeriodType } from '../period/period-type.js';

/**
 * Metadata after its file format has been read and every reference resolved to a uid: the one
 * shape both the native HealthWatch format and DHIS2 metadata JSON are turned into before it is
 * checked and stored.
 */
export interface MetadataBundle {
  orgUnitLevels: { level: number; name: string; code: string | null }[];
  orgUnits: {
    uid: string;
    code: string | null;
    name: string;
    shortName: string | null;
    parentUid: string | null;
    openingDate: string | null;
    closedDate: string | null;
    type: string | null;
    latitude: number | null;
    longitude: number | null;
    /** Who to call about the unit's reports (催报); absent: a format without contacts, keep what is stored. */
    contactPerson?: string | null;
    contactPhone?: string | null;
  }[];
  orgUnitGroups: { uid: string; code: string | null; name: string; memberUids: string[] }[];
  orgUnitGroupSets: {
    uid: string;
    code: string | null;
    name: string;
    exclusive: boolean;
    groupUids: string[];
  }[];
  categoryOptions: {
    uid: string;
    code: string | null;
    name: string;
    startDate: string | null;
    endDate: string | null;
  }[];
  categories: {
    uid: string;
    code: string | null;
    name: string;
    dataDimensionType: DataDimensionType;
    optionUids: string[];
  }[];
  categoryCombos: {
    uid: string;
    code: string | null;
    name: string;
    dataDimensionType: DataDimensionType;
    categoryUids: string[];
  }[];
  /** Explicit combos (DHIS2 exports carry their uids); any missing ones are generated. */
  categoryOptionCombos: {
    uid: string;
    code: string | null;
    name: string;
    comboUid: string;
    optionUids: string[];
  }[];
  dataElements: {
    uid: string;
    code: string | null;
    name: string;
    shortName: string | null;
    nameEn: string | null;
    description: string | null;
    valueType: ValueType;
    aggregationType: AggregationType;
    categoryComboUid: string | null;
    zeroIsSignificant: boolean;
    unit: string | null;
  }[];
  dataSets: {
    uid: string;
    code: string | null;
    name: string;
    periodType: PeriodType;
    categoryComboUid: string | null;
    expiryDays: number;
    timelyDays: number;
    /** Periods after the current one open early for entry (DHIS2's openFuturePeriods); 0: none. */
    openFuturePeriods: number;
    description: string | null;
    dataElementUids: string[];
    orgUnitUids: string[];
  }[];
  indicatorTypes: { uid: string; code: string | null; name: string; factor: number }[];
  indicators: {
    uid: string;
    code: string | null;
    name: string;
    nameEn: string | null;
    shortName: string | null;
    description: string | null;
    numerator: string;
    numeratorDescription: string | null;
    denominator: string;
    denominatorDescription: string | null;
    indicatorTypeUid: string | null;
    factor: number;
    annualized: boolean;
    decimals: number | null;
    unit: string | null;
    polarity: Polarity | null;
    populationBasis: string | null;
    definitionSource: string | null;
    /** `ratio` (numerator/denominator) or `function` (see `spec`). */
    kind: IndicatorKind;
    spec: FunctionIndicatorSpec | null;
  }[];
  constants: { uid: string; code: string | null; name: string; value: number }[];
}

export const IndicatorKind = { RATIO: 'ratio', FUNCTION: 'function' } as const;
export type IndicatorKind = (typeof IndicatorKind)[keyof typeof IndicatorKind];

export const INDICATOR_FUNCTIONS = ['lifeExpectancy', 'prematureNcdMortality', 'totalFertilityRate'] as const;
export type IndicatorFunction = (typeof INDICATOR_FUNCTIONS)[number];

/**
 * A function indicator: which function, its input data elements (by uid or code), the category
 * whose options are the age groups (codes `AGE_0`, `AGE_1_4`, `AGE_5_9` … `AGE_85P`), an optional
 * sex option to restrict to, and parameters (a0, a1to4 for life tables).
 */
export interface FunctionIndicatorSpec {
  function: IndicatorFunction;
  inputs: { deaths?: string; births?: string; population: string; ageCategory: string; sex?: string };
  parameters?: { a0?: number; a1to4?: number };
}

/** Whether a higher or a lower value of an indicator is better. */
export const Polarity = { HIGHER_IS_BETTER: 'higher', LOWER_IS_BETTER: 'lower', NEUTRAL: 'neutral' } as const;
export type Polarity = (typeof Polarity)[keyof typeof Polarity];

export const METADATA_KINDS = [
  'orgUnitLevels',
  'orgUnits',
  'orgUnitGroups',
  'orgUnitGroupSets',
  'categoryOptions',
  'categories',
  'categoryCombos',
  'categoryOptionCombos',
  'dataElements',
  'dataSets',
  'indicatorTypes',
  'indicators',
  'constants',
] as const satisfies readonly (keyof MetadataBundle)[];

export function emptyBundle(): MetadataBundle {
  return {
    orgUnitLevels: [],
    orgUnits: [],
    orgUnitGroups: [],
    orgUnitGroupSets: [],
    categoryOptions: [],
    categories: [],
    categoryCombos: [],
    categoryOptionCombos: [],
    dataElements: [],
    dataSets: [],
    indicatorTypes: [],
    indicators: [],
    constants: [],
  };
}

/** Counts per kind, as reported in a metadata import summary. */
export function bundleCounts(b: MetadataBundle): Record<keyof MetadataBundle, number> {
  const out = {} as Record<keyof MetadataBundle, number>;
  for (const k of METADATA_KINDS) {
    out[k] = b[k].length;
  }
  return out;
}
