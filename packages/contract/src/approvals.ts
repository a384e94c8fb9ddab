import { ApprovalAction, ApprovalState } from '@healthwatch/core';
import * as z from 'zod';

/** Approval of a data set for a unit and period (institution → 镇街 → district) and its lock. */

export const ApprovalRequest = z.object({
  dataSet: z.string().min(1),
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  action: z.enum(ApprovalAction),
  reason: z.string().max(2000).optional().describe('required to unapprove'),
});
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

const State = z.enum(ApprovalState);

export const ApprovalResponse = z.strictObject({
  dataSet: z.strictObject({ id: z.string(), code: z.string().nullable(), name: z.string() }),
  orgUnit: z.strictObject({
    id: z.string(),
    code: z.string().nullable(),
    name: z.string(),
    level: z.number().int(),
  }),
  period: z.string(),
  state: State,
  stateName: z.string(),
  approval: z
    .strictObject({
      level: z.number().int(),
      approvedBy: z.string(),
      approvedAt: z.number(),
      acceptedBy: z.string().nullable(),
      acceptedAt: z.number().nullable(),
    })
    .nullable(),
  children: z
    .array(z.strictObject({ orgUnit: z.string(), name: z.string(), state: State, stateName: z.string() }))
    .describe('the units directly below that take part'),
  locked: z
    .strictObject({ by: z.enum(['approved', 'expired']), message: z.string() })
    .nullable()
    .describe('why values of this form cannot be edited now, if they cannot'),
});
export type ApprovalResponse = z.infer<typeof ApprovalResponse>;
