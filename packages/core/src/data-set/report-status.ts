import type { ReportingState } from './reporting-window.js';

/**
 * The status of one form (data set × period × unit) in the reporting workspace, from the most
 * advanced step down: accepted by the level above, approved, marked complete, returned with a
 * 审核意见 and not yet completed again, past its due date, else not reported (nothing due yet).
 */
export const ReportStatus = {
  NOT_REPORTED: 'notReported',
  OVERDUE: 'overdue',
  REPORTED: 'reported',
  APPROVED: 'approved',
  ACCEPTED: 'accepted',
  RETURNED: 'returned',
} as const;
export type ReportStatus = (typeof ReportStatus)[keyof typeof ReportStatus];

export const REPORT_STATUS_LABELS: Readonly<Record<ReportStatus, { zh: string; en: string }>> = {
  notReported: { zh: '未报', en: 'Not reported' },
  overdue: { zh: '逾期', en: 'Overdue' },
  reported: { zh: '已报', en: 'Reported' },
  approved: { zh: '已审核', en: 'Approved' },
  accepted: { zh: '已接受', en: 'Accepted' },
  returned: { zh: '退回', en: 'Returned' },
};

export interface FormFacts {
  /** When the form was marked complete (ms), or null. */
  completedAt: number | null;
  /** When it was last returned (ms), or null. */
  returnedAt: number | null;
  approved: boolean;
  accepted: boolean;
  /** The period's reporting state on the day asked about. */
  window: ReportingState;
}

export function reportStatus(f: FormFacts): ReportStatus {
  if (f.approved) {
    return f.accepted ? ReportStatus.ACCEPTED : ReportStatus.APPROVED;
  }
  if (f.completedAt !== null) {
    return ReportStatus.REPORTED;
  }
  // A return un-completes the form, so a return with no completion since is still open to the clerk.
  if (f.returnedAt !== null) {
    return ReportStatus.RETURNED;
  }
  return f.window === 'overdue' || f.window === 'closed' ? ReportStatus.OVERDUE : ReportStatus.NOT_REPORTED;
}
