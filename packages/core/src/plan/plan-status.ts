/** Whether a plan is the one being carried out or a finished one. Codes in files and JSON, labels for people. */
export const PlanStatus = { ACTIVE: 'active', COMPLETED: 'completed' } as const;
export type PlanStatus = (typeof PlanStatus)[keyof typeof PlanStatus];

export const PLAN_STATUS_LABELS: Readonly<Record<PlanStatus, { zh: string; en: string }>> = {
  active: { zh: '执行中', en: 'Active' },
  completed: { zh: '已结束', en: 'Completed' },
};
