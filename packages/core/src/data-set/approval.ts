import type { MessageKey } from '../i18n/zh-CN.js';
/**
 * Data approval and locking (DHIS2 §3.4–3.5), as pure rules. Approval runs bottom-up along the
 * org-unit tree (institution → 镇街 → district): a unit can be approved once every child that has
 * something to approve is approved; an approval locks edits at the unit and below; the level above
 * may accept it, after which only that level can take it back.
 */
export const ApprovalState = {
  /** Some unit below still has to approve. */
  WAITING: 'waiting',
  /** Everything below is approved (or there is nothing below): this unit may approve. */
  READY: 'ready',
  APPROVED: 'approved',
  /** Approved here and accepted by the level above. */
  ACCEPTED: 'accepted',
  /** A unit above has approved: this one is locked with it. */
  APPROVED_ABOVE: 'approved_above',
} as const;
export type ApprovalState = (typeof ApprovalState)[keyof typeof ApprovalState];

export const APPROVAL_STATE_LABELS: Readonly<Record<ApprovalState, { zh: string; en: string }>> = {
  waiting: { zh: '待下级审核', en: 'Waiting for lower levels' },
  ready: { zh: '待审核', en: 'Ready for approval' },
  approved: { zh: '已审核', en: 'Approved' },
  accepted: { zh: '已审核并被上级接受', en: 'Approved and accepted' },
  approved_above: { zh: '上级已审核', en: 'Approved above' },
};

export interface ApprovalTreeUnit {
  id: number;
  parentId: number | null;
}

export interface ApprovalRecord {
  orgUnitId: number;
  accepted: boolean;
}

/**
 * The state of one unit for one data set and period. `children` are the units directly below that
 * take part (the data set is assigned in their subtree); `approvals` are by org unit id.
 */
export function approvalState(
  unitId: number,
  ancestors: readonly number[],
  children: readonly number[],
  approvals: ReadonlyMap<number, ApprovalRecord>,
): ApprovalState {
  if (ancestors.some((a) => approvals.has(a))) {
    return 'approved_above';
  }
  const here = approvals.get(unitId);
  if (here) {
    return here.accepted ? 'accepted' : 'approved';
  }
  return children.every((c) => approvals.has(c)) ? 'ready' : 'waiting';
}

export const ApprovalAction = {
  APPROVE: 'approve',
  UNAPPROVE: 'unapprove',
  ACCEPT: 'accept',
  UNACCEPT: 'unaccept',
} as const;
export type ApprovalAction = (typeof ApprovalAction)[keyof typeof ApprovalAction];

/**
 * Why an action is not allowed in a state (a message key for the caller), or null when it is.
 * Accepting and un-accepting act on the unit's approval from the level above; `parentApproved` says
 * whether that level has itself approved (then it must unapprove first).
 */
export function approvalRefusal(
  action: ApprovalAction,
  state: ApprovalState,
  parentApproved: boolean,
): MessageKey | null {
  switch (action) {
    case 'approve':
      return state === 'ready'
        ? null
        : state === 'waiting'
          ? 'approval.waiting'
          : state === 'approved_above'
            ? 'approval.lockedAbove'
            : 'approval.already';
    case 'unapprove':
      return state === 'approved'
        ? null
        : state === 'accepted'
          ? 'approval.acceptedAbove'
          : state === 'approved_above'
            ? 'approval.lockedAbove'
            : 'approval.notApproved';
    case 'accept':
      return state === 'approved'
        ? parentApproved
          ? 'approval.lockedAbove'
          : null
        : state === 'accepted'
          ? 'approval.already'
          : 'approval.notApproved';
    case 'unaccept':
      return state === 'accepted' ? (parentApproved ? 'approval.lockedAbove' : null) : 'approval.notAccepted';
  }
}

/**
 * Whether a period is closed for entry by the data set's expiry days (0: never). A period closes
 * `expiryDays` full days after its last day; `today` is an ISO date (yyyy-mm-dd).
 */
export function isExpired(periodEndDate: string, expiryDays: number, today: string): boolean {
  if (expiryDays <= 0) {
    return false;
  }
  const end = Date.UTC(
    Number(periodEndDate.slice(0, 4)),
    Number(periodEndDate.slice(5, 7)) - 1,
    Number(periodEndDate.slice(8, 10)),
  );
  const now = Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)));
  return now > end + expiryDays * 86_400_000;
}
