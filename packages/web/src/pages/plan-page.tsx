import { PROJECT_STATUS_LABELS } from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import { useEffect, useState } from 'react';
import { Card, ErrorBox, Loading, ProgressBars, StatusBadge } from '../components/common';
import { Sparkline } from '../components/chart';
import { useI18n } from '../i18n/i18n';
import type { ApiError } from '../lib/api';
import { api, toApiError } from '../lib/api';
import { defaultPlan, loadEvaluation } from '../lib/plan-year';
import { href, navigate } from '../lib/router';
import { can, useSession } from '../lib/session';
import type { Route } from '../lib/router';

const KINDS = ['annual', 'midterm', 'final'] as const;

/** A plan's indicator table by section (status, baseline, target, latest, completion vs time) and its projects. */
export default function PlanPage({
  plan: code,
  route,
}: {
  plan: string | undefined;
  route: Route;
}): React.JSX.Element {
  const { t, num, label } = useI18n();
  const { me } = useSession();
  const [plans, setPlans] = useState<Api.PlanSummary[] | null>(null);
  const [e, setE] = useState<Api.EvaluationResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const yearParam = Number(route.params.get('year')) || undefined;
  const kind = route.params.get('kind') ?? 'annual';
  useEffect(() => {
    let live = true;
    setE(null);
    api<Api.PlanListResponse>('/api/plans')
      .then(async ({ plans: list }) => {
        setPlans(list);
        const plan = list.find((p) => p.code === code) ?? defaultPlan(list);
        if (plan) {
          const ev = await loadEvaluation(plan, { year: yearParam, kind });
          if (live) {
            setE(ev);
          }
        }
      })
      .catch((err: unknown) => live && setError(toApiError(err)));
    return () => {
      live = false;
    };
  }, [code, yearParam, kind]);
  if (error) {
    return <ErrorBox error={error} />;
  }
  if (!plans || !e) {
    return <Loading />;
  }
  const plan = plans.find((p) => p.code === e.plan.code);
  const years = plan
    ? Array.from({ length: plan.targetYear - plan.baselineYear }, (_, k) => plan.baselineYear + 1 + k)
    : [e.dataYear];
  const byCode = new Map(e.indicators.map((i) => [i.code, i]));
  return (
    <div>
      <div className="page-head">
        <h1>{e.plan.name}</h1>
        {can(me, 'METADATA_WRITE') && (
          <a className="button" href={href('/plans/draft')} data-testid="plan-draft-link">
            {t('planDraft.start')}
          </a>
        )}
        <form className="filters" onSubmit={(ev) => ev.preventDefault()}>
          <label>
            {t('reports.plan')}
            <select value={e.plan.code} onChange={(ev) => navigate(`/plans/${ev.target.value}`, { kind })}>
              {plans.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('common.year')}
            <select
              value={e.dataYear}
              onChange={(ev) => navigate(`/plans/${e.plan.code}`, { year: ev.target.value, kind })}
            >
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('plan.kind')}
            <select
              value={kind}
              onChange={(ev) =>
                navigate(`/plans/${e.plan.code}`, { year: e.dataYear, kind: ev.target.value })
              }
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`plan.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
        </form>
      </div>
      {e.syntheticData && <p className="banner">{t('app.synthetic')}</p>}
      {e.sections.map((s) => (
        <Card key={s.code} title={s.name}>
          <table className="table" data-testid={`section-${s.code}`}>
            <thead>
              <tr>
                <th>{t('common.name')}</th>
                <th>{t('plan.nature')}</th>
                <th>{t('plan.baseline')}</th>
                <th>{t('plan.target')}</th>
                <th>{t('plan.latest')}</th>
                <th>{t('common.status')}</th>
                <th>{t('plan.progress')}</th>
                <th>{t('plan.trend')}</th>
              </tr>
            </thead>
            <tbody>
              {s.indicators
                .map((c) => byCode.get(c))
                .filter((i) => i !== undefined)
                .map((i) => (
                  <tr key={i.code} className={i.atRisk ? 'at-risk' : undefined}>
                    <td>
                      <a
                        href={href(`/plans/${e.plan.code}/indicators/${i.code}`, { year: e.dataYear, kind })}
                      >
                        {i.name}
                      </a>
                      {i.unit ? <small className="muted">（{i.unit}）</small> : null}
                    </td>
                    <td>{t(`plan.nature.${i.nature}`)}</td>
                    <td>
                      {num(i.baseline.value)} <small className="muted">{i.baseline.year}</small>
                    </td>
                    <td>{i.wording}</td>
                    <td>
                      {i.latest
                        ? i.latest.value === null
                          ? (i.latest.text ?? '—')
                          : num(i.latest.value)
                        : '—'}{' '}
                      {i.latest ? <small className="muted">{i.latest.year}</small> : null}
                      {i.conflicts.length > 0 && (
                        <span className="badge rag-amber">{t('indicator.conflict')}</span>
                      )}
                    </td>
                    <td>
                      <StatusBadge status={i.status} rag={i.rag} />
                    </td>
                    <td>
                      <ProgressBars completion={i.completion} time={i.timeProgress} />
                    </td>
                    <td>
                      <Sparkline
                        values={i.series.map((v) => v.value)}
                        label={`${i.name} ${t('plan.trend')}`}
                      />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </Card>
      ))}
      {e.projects.length > 0 && (
        <Card title={t('plan.projects')}>
          <table className="table">
            <thead>
              <tr>
                <th>{t('plan.project.no')}</th>
                <th>{t('common.name')}</th>
                <th>{t('plan.project.investment')}</th>
                <th>{t('common.status')}</th>
                <th>{t('plan.project.progress')}</th>
              </tr>
            </thead>
            <tbody>
              {e.projects.map((p) => (
                <tr key={p.no}>
                  <td>{p.no}</td>
                  <td>
                    {p.name}
                    {p.content ? <div className="muted small">{p.content}</div> : null}
                  </td>
                  <td>{num(p.investment ?? null, 0)}</td>
                  <td>{p.status ? label(PROJECT_STATUS_LABELS[p.status]) : '—'}</td>
                  <td>
                    {p.progress !== null && p.progress !== undefined ? `${p.progress}%` : ''}{' '}
                    {p.progressNote ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
