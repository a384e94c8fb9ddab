import * as z from 'zod';

/** What an import (a file, a DHIS2 JSON document, one value) did: DHIS2's counts plus our extras. */

export const ImportStatus = { SUCCESS: 'SUCCESS', WARNING: 'WARNING', ERROR: 'ERROR' } as const;
export type ImportStatus = (typeof ImportStatus)[keyof typeof ImportStatus];

export const ImportConflict = z.strictObject({
  row: z.number().int().describe('the data row of the file (1 = the first after the header)'),
  field: z.string(),
  value: z.string(),
  message: z.string(),
  locked: z
    .enum(['approved', 'expired'])
    .optional()
    .describe('set when the row is refused because its period is approved or closed'),
});
export type ImportConflict = z.infer<typeof ImportConflict>;

export const ImportSummaryResponse = z.strictObject({
  status: z.enum(ImportStatus),
  description: z.string(),
  imported: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  ignored: z.number().int(),
  rows: z.number().int().describe('data rows read (header excluded)'),
  dryRun: z.boolean(),
  rolledBack: z.boolean().describe('nothing was written (conflicts without skipping them, or a dry run)'),
  conflicts: z.array(ImportConflict).describe('at most 10 000 listed; conflictCount has the total'),
  conflictCount: z.number().int(),
  ignoredColumns: z.array(z.string()),
});
export type ImportSummaryResponse = z.infer<typeof ImportSummaryResponse>;
