import { describe, expect, it } from 'vitest';
import { reportStatus } from './report-status.js';
import type { FormFacts } from './report-status.js';

const none: FormFacts = {
  completedAt: null,
  returnedAt: null,
  approved: false,
  accepted: false,
  window: 'open',
};

describe('reportStatus', () => {
  it('is 未报 before the due date and 逾期 after it (closed periods too)', () => {
    expect(reportStatus(none)).toBe('notReported');
    expect(reportStatus({ ...none, window: 'notOpen' })).toBe('notReported');
    expect(reportStatus({ ...none, window: 'overdue' })).toBe('overdue');
    expect(reportStatus({ ...none, window: 'closed' })).toBe('overdue');
  });
  it('is 退回 after a return until the clerk completes the form again, whatever the due date', () => {
    expect(reportStatus({ ...none, returnedAt: 5, window: 'overdue' })).toBe('returned');
    expect(reportStatus({ ...none, returnedAt: 5, completedAt: 9 })).toBe('reported');
  });
  it('puts approval and acceptance above completion', () => {
    expect(reportStatus({ ...none, completedAt: 1, approved: true })).toBe('approved');
    expect(reportStatus({ ...none, completedAt: 1, approved: true, accepted: true })).toBe('accepted');
  });
});
