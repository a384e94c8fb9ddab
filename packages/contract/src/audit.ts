import * as z from 'zod';

/** Who changed which value, and the logins and administrative actions. */

export const AuditRow = z.strictObject({
  id: z.number().int(),
  auditType: z.enum(['CREATE', 'UPDATE', 'DELETE']),
  dataElement: z.string(),
  dataElementName: z.string(),
  period: z.string(),
  orgUnit: z.string(),
  orgUnitName: z.string(),
  categoryOptionCombo: z.string(),
  categoryOptionComboName: z.string(),
  attributeOptionCombo: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  oldComment: z.string().nullable(),
  newComment: z.string().nullable(),
  oldFollowUp: z.boolean().nullable(),
  newFollowUp: z.boolean().nullable(),
  oldStatus: z.string().nullable(),
  newStatus: z.string().nullable(),
  oldSource: z.string().nullable(),
  newSource: z.string().nullable(),
  changedBy: z.string(),
  changedAt: z.number(),
  importId: z.number().int().nullable(),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const AuditResponse = z.strictObject({
  audit: z.array(AuditRow),
  /** Entries the filter matches in all (the pages together). */
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type AuditResponse = z.infer<typeof AuditResponse>;

export const AuditEvent = z.strictObject({
  id: z.number().int(),
  at: z.number(),
  username: z.string().nullable(),
  action: z.string().describe('login, login.failed, user.save, metadata.import, lock.exception.grant …'),
  target: z.string().nullable(),
  detail: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditEventsResponse = z.strictObject({ events: z.array(AuditEvent) });
export type AuditEventsResponse = z.infer<typeof AuditEventsResponse>;
