import { AppError, ReportStatus } from '@healthwatch/core';

const STATUSES: readonly string[] = Object.values(ReportStatus);

/** A --status option as a report status (a wrong one is refused, naming the choices). */
export function isReportStatus(raw: string | undefined): ReportStatus | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!STATUSES.includes(raw)) {
    throw new AppError('HW_VALIDATION', { reason: `--status ${raw} (${STATUSES.join(' | ')})` });
  }
  return raw as ReportStatus;
}
