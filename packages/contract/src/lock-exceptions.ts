import * as z from 'zod';

/** Expired periods re-opened for a unit and the units below it (administrators). */

export const LockExceptionRequest = z.object({
  dataSet: z.string().min(1),
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  reason: z.string().min(1).max(2000),
});
export type LockExceptionRequest = z.infer<typeof LockExceptionRequest>;

export const LockException = z.strictObject({
  id: z.number().int(),
  dataSet: z.string(),
  dataSetName: z.string(),
  orgUnit: z.string(),
  orgUnitName: z.string(),
  period: z.string(),
  reason: z.string(),
  grantedBy: z.string(),
  grantedAt: z.number(),
});
export type LockException = z.infer<typeof LockException>;

export const LockExceptionList = z.strictObject({ exceptions: z.array(LockException) });
export type LockExceptionList = z.infer<typeof LockExceptionList>;
