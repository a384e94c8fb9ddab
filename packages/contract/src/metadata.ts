import { INDICATOR_FUNCTIONS, METADATA_KINDS } from '@healthwatch/core';
import * as z from 'zod';

/** Metadata: the native format (import bodies and the objects the per-object routes answer). */

const text = z.string().trim().min(1).max(2000);
const optText = z.string().max(50_000).nullish();
const ref = z.string().trim().min(1).max(200);
const refs = z.array(ref).max(1_000_000).optional();
const base = { id: z.string().nullish(), code: z.string().trim().max(200).nullish(), name: text };

const orgUnitLevel = z.object({
  level: z.number().int().min(1).max(20),
  name: text,
  code: z.string().nullish(),
});
const orgUnit = z.object({
  ...base,
  shortName: optText,
  parent: ref.nullish(),
  openingDate: z.string().nullish(),
  closedDate: z.string().nullish(),
  type: optText,
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  contactPerson: z.string().max(100).nullish(),
  contactPhone: z.string().max(50).nullish(),
});
const orgUnitGroup = z.object({ ...base, orgUnits: refs });
const orgUnitGroupSet = z.object({ ...base, exclusive: z.boolean().optional(), groups: refs });
const categoryOption = z.object({ ...base, startDate: z.string().nullish(), endDate: z.string().nullish() });
const category = z.object({
  ...base,
  dataDimensionType: z.enum(['DISAGGREGATION', 'ATTRIBUTE']).optional(),
  options: refs,
});
const categoryCombo = z.object({
  ...base,
  dataDimensionType: z.enum(['DISAGGREGATION', 'ATTRIBUTE']).optional(),
  categories: refs,
});
const dataElement = z.object({
  ...base,
  shortName: optText,
  nameEn: optText,
  description: optText,
  valueType: z.string().optional(),
  aggregationType: z.string().optional(),
  categoryCombo: ref.nullish(),
  zeroIsSignificant: z.boolean().optional(),
  unit: optText,
});
const dataSet = z.object({
  ...base,
  periodType: z.string(),
  categoryCombo: ref.nullish(),
  expiryDays: z.number().int().min(0).max(3650).optional(),
  timelyDays: z.number().int().min(0).max(3650).optional(),
  openFuturePeriods: z
    .number()
    .int()
    .min(0)
    .max(366)
    .optional()
    .describe('periods after the current one open early for entry (DHIS2 openFuturePeriods); default 0'),
  description: optText,
  dataElements: refs,
  orgUnits: refs,
});
const indicatorType = z.object({ ...base, factor: z.number().finite() });
const indicator = z.object({
  ...base,
  nameEn: optText,
  shortName: optText,
  description: optText,
  numerator: z.string().min(1).max(10_000),
  numeratorDescription: optText,
  denominator: z.string().min(1).max(10_000),
  denominatorDescription: optText,
  indicatorType: ref.nullish(),
  factor: z.number().finite().optional(),
  annualized: z.boolean().optional(),
  decimals: z.number().int().min(0).max(10).nullish(),
  unit: optText,
  polarity: z.enum(['higher', 'lower', 'neutral']).nullish(),
  populationBasis: optText,
  definitionSource: optText,
});
const functionIndicator = z.object({
  ...base,
  nameEn: optText,
  description: optText,
  function: z.enum(INDICATOR_FUNCTIONS),
  inputs: z.object({
    deaths: ref.optional(),
    births: ref.optional(),
    population: ref,
    ageCategory: ref,
    sex: z.string().optional(),
  }),
  parameters: z
    .object({ a0: z.number().min(0).max(1).optional(), a1to4: z.number().min(0).max(1).optional() })
    .optional(),
  decimals: z.number().int().min(0).max(10).nullish(),
  unit: optText,
  polarity: z.enum(['higher', 'lower', 'neutral']).nullish(),
  populationBasis: optText,
  definitionSource: optText,
});
const constant = z.object({ ...base, value: z.number().finite() });

/**
 * The native HealthWatch metadata format (docs/formats.md): plain lists per kind, objects named by
 * `code` (and optionally `id`), references by code or id.
 */
export const NativeMetadata = z
  .object({
    format: z.literal('healthwatch-metadata').optional(),
    version: z.number().optional(),
    orgUnitLevels: z.array(orgUnitLevel).optional(),
    orgUnits: z.array(orgUnit).optional(),
    orgUnitGroups: z.array(orgUnitGroup).optional(),
    orgUnitGroupSets: z.array(orgUnitGroupSet).optional(),
    categoryOptions: z.array(categoryOption).optional(),
    categories: z.array(category).optional(),
    categoryCombos: z.array(categoryCombo).optional(),
    dataElements: z.array(dataElement).optional(),
    dataSets: z.array(dataSet).optional(),
    indicatorTypes: z.array(indicatorType).optional(),
    indicators: z.array(indicator).optional(),
    functionIndicators: z.array(functionIndicator).optional(),
    constants: z.array(constant).optional(),
  })
  .strict();
export type NativeMetadata = z.infer<typeof NativeMetadata>;

// What the routes answer: the objects as stored, in the same format, so always with their uid
// (which an import may leave out); nulls and absent fields are left out of the answer.
const id = { id: z.string() };
export const OrgUnitObject = z.strictObject(orgUnit.shape).extend(id);
export type OrgUnitObject = z.infer<typeof OrgUnitObject>;
export const DataElementObject = z.strictObject(dataElement.shape).extend(id);
export type DataElementObject = z.infer<typeof DataElementObject>;
export const DataSetObject = z
  .strictObject(dataSet.shape)
  .extend({ ...id, dataElements: z.array(z.string()), orgUnits: z.array(z.string()) });
export type DataSetObject = z.infer<typeof DataSetObject>;
export const IndicatorObject = z.strictObject(indicator.shape).extend(id);
export type IndicatorObject = z.infer<typeof IndicatorObject>;

/** GET /api/metadata/{kind}: the objects of each kind the per-object routes serve. */
export const METADATA_OBJECTS = {
  orgUnits: OrgUnitObject,
  orgUnitGroups: z.strictObject(orgUnitGroup.shape).extend(id),
  orgUnitGroupSets: z.strictObject(orgUnitGroupSet.shape).extend(id),
  categoryOptions: z.strictObject(categoryOption.shape).extend(id),
  categories: z.strictObject(category.shape).extend(id),
  categoryCombos: z.strictObject(categoryCombo.shape).extend(id),
  dataElements: DataElementObject,
  dataSets: DataSetObject,
  indicatorTypes: z.strictObject(indicatorType.shape).extend(id),
  indicators: IndicatorObject,
  functionIndicators: z.strictObject(functionIndicator.shape).extend(id),
  constants: z.strictObject(constant.shape).extend(id),
} as const;

export const OrgUnitList = z.strictObject({ orgUnits: z.array(OrgUnitObject) });
export type OrgUnitList = z.infer<typeof OrgUnitList>;
export const DataElementList = z.strictObject({ dataElements: z.array(DataElementObject) });
export type DataElementList = z.infer<typeof DataElementList>;
export const DataSetList = z.strictObject({ dataSets: z.array(DataSetObject) });
export type DataSetList = z.infer<typeof DataSetList>;
export const IndicatorList = z.strictObject({ indicators: z.array(IndicatorObject) });
export type IndicatorList = z.infer<typeof IndicatorList>;

/** Any object of any kind, as a list page shows it (its id, code and name; the rest as stored). */
export const MetadataObject = z.looseObject({
  id: z.string(),
  code: z.string().optional(),
  name: z.string(),
});
export type MetadataObject = z.infer<typeof MetadataObject>;
export const MetadataListResponse = z
  .record(z.string(), z.array(MetadataObject))
  .describe('{ <kind>: [objects] }');
export type MetadataListResponse = z.infer<typeof MetadataListResponse>;

/** What a metadata import did: objects per kind in the document (created or updated). */
export const MetadataImportSummary = z.strictObject({
  status: z.enum(['SUCCESS', 'ERROR']),
  format: z.enum(['native', 'dhis2', 'csv', 'xlsx']),
  dryRun: z.boolean(),
  counts: z.partialRecord(z.enum(METADATA_KINDS), z.number().int()),
});
export type MetadataImportSummary = z.infer<typeof MetadataImportSummary>;
