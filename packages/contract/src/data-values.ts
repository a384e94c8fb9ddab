import * as z from 'zod';
import { ImportSummaryResponse } from './import-summary.js';

/** Single data values: read, enter or correct (with the validation rules it breaks), delete. */

export const ValueStatus = z.enum(['preliminary', 'final', 'revised']);
export type ValueStatus = z.infer<typeof ValueStatus>;

export const DataValueRequest = z.object({
  dataElement: z.string().min(1),
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  categoryOptionCombo: z.string().optional(),
  value: z.string().max(50_000),
  comment: z.string().max(5000).optional(),
  followUp: z.boolean().optional(),
  source: z.string().max(200).optional(),
  status: ValueStatus.optional(),
});
export type DataValueRequest = z.infer<typeof DataValueRequest>;

/** One stored value with the names of what it is about (ids are uids; codes where they have one). */
export const StoredValue = z.strictObject({
  dataElement: z.string(),
  dataElementCode: z.string().nullable(),
  dataElementName: z.string(),
  period: z.string(),
  orgUnit: z.string(),
  orgUnitCode: z.string().nullable(),
  orgUnitName: z.string(),
  categoryOptionCombo: z.string(),
  categoryOptionComboCode: z.string().nullable(),
  categoryOptionComboName: z.string(),
  attributeOptionCombo: z.string(),
  attributeOptionComboCode: z.string().nullable(),
  value: z.string().nullable(),
  comment: z.string().nullable(),
  followUp: z.boolean(),
  source: z.string().nullable(),
  status: ValueStatus,
  storedBy: z.string(),
  lastUpdated: z.number(),
  created: z.number(),
  deleted: z.boolean(),
});
export type StoredValue = z.infer<typeof StoredValue>;

export const DataValuesResponse = z.strictObject({ dataValues: z.array(StoredValue) });
export type DataValuesResponse = z.infer<typeof DataValuesResponse>;

/** A validation rule the saved value breaks at its unit and period. */
export const RuleOnSave = z.strictObject({
  rule: z.string(),
  ruleName: z.string(),
  importance: z.string(),
  instruction: z.string(),
  blocking: z.boolean().describe('the rule refuses the value (400) instead of warning'),
  message: z.string(),
});
export type RuleOnSave = z.infer<typeof RuleOnSave>;

export const DataValueSaveResponse = ImportSummaryResponse.extend({
  validation: z.array(RuleOnSave).describe('the rules the value breaks (warnings)'),
});
export type DataValueSaveResponse = z.infer<typeof DataValueSaveResponse>;
