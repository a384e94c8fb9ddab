import * as z from 'zod';

/** DHIS2-compatible analytics: a grid of headers and rows of strings, with names in metaData. */

export const AnalyticsHeader = z.strictObject({
  name: z.string(),
  column: z.string(),
  valueType: z.string(),
  type: z.string(),
  hidden: z.boolean(),
  meta: z.boolean(),
});
export type AnalyticsHeader = z.infer<typeof AnalyticsHeader>;

export const AnalyticsResponse = z.strictObject({
  headers: z.array(AnalyticsHeader),
  metaData: z.strictObject({
    items: z.record(z.string(), z.strictObject({ name: z.string() })),
    dimensions: z.record(z.string(), z.array(z.string())),
  }),
  rows: z
    .array(z.array(z.string()))
    .describe('one row per cell: the dimension ids in header order, then the value'),
  height: z.number().int(),
  width: z.number().int(),
});
export type AnalyticsResponse = z.infer<typeof AnalyticsResponse>;
