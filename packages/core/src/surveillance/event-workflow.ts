/** The states of an early-warning event and the moves between them (issue 8: new → verifying → confirmed or dismissed → responded → closed). */
export const EventStatus = {
  NEW: 'new',
  VERIFYING: 'verifying',
  CONFIRMED: 'confirmed',
  DISMISSED: 'dismissed',
  RESPONDED: 'responded',
  CLOSED: 'closed',
} as const;
export type EventStatus = (typeof EventStatus)[keyof typeof EventStatus];

export const EVENT_STATUS_LABELS: Readonly<Record<EventStatus, { zh: string; en: string }>> = {
  new: { zh: '新预警', en: 'New' },
  verifying: { zh: '核实中', en: 'Verifying' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  dismissed: { zh: '已排除', en: 'Dismissed' },
  responded: { zh: '已响应', en: 'Responded' },
  closed: { zh: '已关闭', en: 'Closed' },
};

const NEXT: Readonly<Record<EventStatus, readonly EventStatus[]>> = {
  new: ['verifying', 'dismissed'],
  verifying: ['confirmed', 'dismissed'],
  confirmed: ['responded'],
  dismissed: ['closed'],
  responded: ['closed'],
  closed: [],
};

export function isEventStatus(s: string): s is EventStatus {
  return Object.hasOwn(NEXT, s);
}

/** The states an event may move to from `from`. */
export function nextEventStatuses(from: string): readonly EventStatus[] {
  return isEventStatus(from) ? NEXT[from] : [];
}
