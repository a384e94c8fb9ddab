import * as z from 'zod';

/** The reporting workspace: forms by data set × period × unit, returns with a 审核意见, 催报. */

const ReportStatus = z.enum(['notReported', 'overdue', 'reported', 'approved', 'accepted', 'returned']);
const WorkspaceAction = z.enum(['approve', 'accept', 'return', 'remind']);

export const WorkspaceQuery = z.object({
  dataSet: z.string().min(1).optional(),
  period: z.string().min(1).optional(),
  status: ReportStatus.optional(),
  orgUnit: z.string().min(1).optional(),
});
export type WorkspaceQuery = z.infer<typeof WorkspaceQuery>;

export const WorkspaceRow = z.strictObject({
  dataSet: z.strictObject({ code: z.string().nullable(), name: z.string() }),
  period: z.strictObject({ id: z.string(), label: z.string() }),
  orgUnit: z.strictObject({ id: z.string(), code: z.string().nullable(), name: z.string() }),
  status: ReportStatus,
  statusLabel: z.string(),
  completedAt: z.number().nullable(),
  dueOn: z.string(),
  lastReturn: z.strictObject({ comment: z.string(), by: z.string(), at: z.number() }).nullable(),
  lastRemindedAt: z.number().nullable(),
  actions: z.array(WorkspaceAction),
});
export type WorkspaceRow = z.infer<typeof WorkspaceRow>;

export const WorkspaceResponse = z.strictObject({ rows: z.array(WorkspaceRow) });
export type WorkspaceResponse = z.infer<typeof WorkspaceResponse>;

/** The comment's limits are the service's (it names the field 审核意见 in the caller's language). */
export const FormReturnRequest = z.object({
  dataSet: z.string().min(1),
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  comment: z.string().max(2000).describe('审核意见, required, at most 500 characters'),
});
export type FormReturnRequest = z.infer<typeof FormReturnRequest>;

export const ReminderRequest = z.object({
  dataSet: z.string().min(1),
  period: z.string().min(1).optional(),
  orgUnits: z.array(z.string().min(1)).max(5000).optional(),
});
export type ReminderRequest = z.infer<typeof ReminderRequest>;

export const ReminderResponse = z.strictObject({
  dataSet: z.strictObject({ code: z.string().nullable(), name: z.string() }),
  period: z.string(),
  units: z.array(z.strictObject({ id: z.string(), code: z.string().nullable(), name: z.string() })),
  delivery: z.enum(['sent', 'failed', 'not_configured']),
  deliveryDetail: z.string().nullable(),
});
export type ReminderResponse = z.infer<typeof ReminderResponse>;

export const ReminderListQuery = z.object({
  dataSet: z.string().min(1),
  period: z.string().min(1).optional(),
  format: z.enum(['json', 'xlsx']).optional(),
});
export type ReminderListQuery = z.infer<typeof ReminderListQuery>;

export const ReminderListResponse = z.strictObject({
  rows: z.array(
    WorkspaceRow.extend({ contactPerson: z.string().nullable(), contactPhone: z.string().nullable() }),
  ),
});
export type ReminderListResponse = z.infer<typeof ReminderListResponse>;
