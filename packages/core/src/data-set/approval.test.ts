import { describe, expect, it } from 'vitest';
import { approvalRefusal, approvalState, isExpired } from './approval.js';

describe('approval rules', () => {
  // district 1 → towns 2, 3 → institutions 4 (in 2), 5 (in 3)
  const approvals = (entries: [number, boolean][]): Map<number, { orgUnitId: number; accepted: boolean }> =>
    new Map(entries.map(([id, accepted]) => [id, { orgUnitId: id, accepted }]));

  it('goes bottom-up: a town waits for its institutions, the district for its towns', () => {
    expect(approvalState(4, [2, 1], [], approvals([]))).toBe('ready');
    expect(approvalState(2, [1], [4], approvals([]))).toBe('waiting');
    expect(approvalState(2, [1], [4], approvals([[4, false]]))).toBe('ready');
    expect(
      approvalState(
        1,
        [],
        [2, 3],
        approvals([
          [4, false],
          [2, false],
        ]),
      ),
    ).toBe('waiting');
    expect(
      approvalState(
        1,
        [],
        [2, 3],
        approvals([
          [2, true],
          [3, false],
        ]),
      ),
    ).toBe('ready');
  });

  it('an approval above locks the units below; accepted approvals say so', () => {
    const a = approvals([
      [4, true],
      [2, false],
    ]);
    expect(approvalState(4, [2, 1], [], a)).toBe('approved_above');
    expect(approvalState(2, [1], [4], a)).toBe('approved');
    expect(approvalState(4, [2, 1], [], approvals([[4, true]]))).toBe('accepted');
  });

  it('refuses actions the state does not allow, with a reason', () => {
    expect(approvalRefusal('approve', 'ready', false)).toBeNull();
    expect(approvalRefusal('approve', 'waiting', false)).toBe('approval.waiting');
    expect(approvalRefusal('approve', 'approved', false)).toBe('approval.already');
    expect(approvalRefusal('unapprove', 'approved', false)).toBeNull();
    expect(approvalRefusal('unapprove', 'accepted', false)).toBe('approval.acceptedAbove');
    expect(approvalRefusal('unapprove', 'approved_above', false)).toBe('approval.lockedAbove');
    expect(approvalRefusal('unapprove', 'ready', false)).toBe('approval.notApproved');
    expect(approvalRefusal('accept', 'approved', false)).toBeNull();
    expect(approvalRefusal('accept', 'approved', true)).toBe('approval.lockedAbove');
    expect(approvalRefusal('unaccept', 'accepted', false)).toBeNull();
    expect(approvalRefusal('unaccept', 'accepted', true)).toBe('approval.lockedAbove');
    expect(approvalRefusal('unaccept', 'approved', false)).toBe('approval.notAccepted');
  });

  it('closes a period expiryDays full days after its end; 0 never closes', () => {
    expect(isExpired('2024-03-31', 15, '2024-04-15')).toBe(false);
    expect(isExpired('2024-03-31', 15, '2024-04-16')).toBe(true);
    expect(isExpired('2024-03-31', 0, '2030-01-01')).toBe(false);
    expect(isExpired('2024-12-31', 60, '2025-03-01')).toBe(false);
    expect(isExpired('2024-12-31', 60, '2025-03-02')).toBe(true);
  });
});
