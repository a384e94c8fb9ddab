import { PlanStatus } from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import { api, query } from './api';

/** The plan a page shows by default: the active one, else the latest. */
export function defaultPlan(plans: Api.PlanSummary[]): Api.PlanSummary | undefined {
  return (
    plans.find((p) => p.status === PlanStatus.ACTIVE) ??
    [...plans].sort((a, b) => b.targetYear - a.targetYear)[0]
  );
}

/**
 * Evaluates a plan for a year; without one, for last year (capped to the plan period) unless fewer
 * than half of the indicators with figures have one for that year (last year's statistics are not
 * out yet, and stock figures carried forward would make it look complete): then the year before.
 */
export async function loadEvaluation(
  plan: Api.PlanSummary,
  o: { year?: number | undefined; kind?: string | undefined; ou?: string | undefined },
): Promise<Api.EvaluationResponse> {
  const get = (year: number): Promise<Api.EvaluationResponse> =>
    api<Api.EvaluationResponse>(
      `/api/plans/${encodeURIComponent(plan.code)}/evaluation${query({ year, kind: o.kind ?? 'annual', ou: o.ou })}`,
    );
  if (o.year !== undefined) {
    return get(o.year);
  }
  const first = Math.max(plan.baselineYear + 1, Math.min(plan.targetYear, new Date().getFullYear() - 1));
  const e = await get(first);
  const withData = e.indicators.filter((i) => i.latest !== null);
  const current = withData.filter((i) => i.latest?.year === first).length;
  if (current * 2 >= withData.length || first - 1 <= plan.baselineYear) {
    return e;
  }
  const latest = Math.max(...withData.map((i) => (i.latest && i.latest.year < first ? i.latest.year : 0)));
  return get(Math.max(plan.baselineYear + 1, latest));
}
