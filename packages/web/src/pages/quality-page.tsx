import {
  IMPORTANCE_LABELS,
  OUTLIER_METHOD_LABELS,
  OutlierMethod,
  periodLabel,
  tryParsePeriod,
} from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import { useState } from 'react';
import { Async, Card, ErrorBox } from '../components/common';
import { useI18n } from '../i18n/i18n';
import type { ApiError } from '../lib/api';
import { api, query, toApiError } from '../lib/api';
import { completenessPercent, completenessSummary } from '../lib/completeness-rate';
import type { Route } from '../lib/router';
import { useSession } from '../lib/session';
import { useAction } from '../lib/use-action';
import { useApi } from '../lib/use-api';
import { DataSetSelect } from '../components/data-set-select';

/** A period's name (2026年10月), or its code when it names none. */
function usePeriodName(): (id: string) => string {
  const { lang } = useI18n();
  return (id) => {
    const p = tryParsePeriod(id);
    return p ? periodLabel(p, lang) : id;
  };
}

/** Completeness by area and institution, validation-rule runs, and the outlier scan. */
export default function QualityPage({ route }: { route: Route }): React.JSX.Element {
  const { t, num, dateTime, label } = useI18n();
  const { me } = useSession();
  const periodName = usePeriodName();
  const root = me.view?.[0]?.code ?? me.view?.[0]?.id ?? route.params.get('ou') ?? 'JJ';
  const sets = useApi<Api.DataSetList>('/api/metadata/dataSets');
  const [ds, setDs] = useState('');
  const [pe, setPe] = useState('');
  const [asked, setAsked] = useState<{ ds: string; pe: string } | null>(null);
  // Opens on the monthly reports' latest due period (the server's default without a period), so the
  // page is never blank and never shows the unfinished current month.
  const monthly = sets.data?.dataSets.find((d) => d.periodType === 'Monthly' && d.orgUnits.length > 0);
  const shown = asked ?? (monthly ? { ds: monthly.code ?? monthly.id, pe: '' } : null);
  const completeness = useApi<Api.CompletenessResponse>(
    shown ? `/api/completeness${query({ ds: shown.ds, ou: root, pe: shown.pe })}` : null,
  );
  const [periods, setPeriods] = useState(String(Number(me.today.slice(0, 4)) - 2));
  const [ran, setRan] = useState<Api.ValidationRunResponse | null>(null);
  // Until a run here, the results the last runs stored (by anyone, from the CLI too).
  const stored = useApi<Api.ValidationResultsResponse>(`/api/validation/results${query({ ou: root })}`);
  const violations = ran ?? (stored.data ? { evaluated: 0, violations: stored.data.violations } : null);
  const [error, setError] = useState<ApiError | null>(null);
  const runValidation = async (): Promise<void> => {
    setError(null);
    try {
      setRan(
        await api<Api.ValidationRunResponse>('/api/validation/run', {
          body: { orgUnit: root, descendants: true, periods: periods.split(/[,;\s]+/).filter(Boolean) },
        }),
      );
    } catch (e) {
      setError(toApiError(e));
    }
  };
  return (
    <div>
      <h1>{t('quality.title')}</h1>
      <Card title={t('quality.completeness')}>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setAsked({ ds: ds || (monthly?.code ?? monthly?.id ?? ''), pe });
          }}
        >
          <DataSetSelect value={ds} onChange={setDs} />
          <label>
            {t('common.period')}
            <input
              value={pe}
              onChange={(e) => setPe(e.target.value)}
              placeholder="2024 / 202412"
              aria-describedby="latest-hint"
            />
          </label>
          <span id="latest-hint" className="muted small">
            {t('quality.latest')}
          </span>
          <button type="submit" className="primary">
            {t('common.apply')}
          </button>
        </form>
        {shown && (
          <Async state={completeness}>
            {(c) => (
              <div className="grid two">
                <table className="table" data-testid="completeness">
                  <caption>
                    <span title={c.periods.join(', ')}>
                      {c.periods.length <= 3
                        ? c.periods.map(periodName).join('、')
                        : `${periodName(c.periods[0] ?? '')}–${periodName(c.periods[c.periods.length - 1] ?? '')}`}
                    </span>{' '}
                    · {t('quality.rate')}{' '}
                    <span data-testid="completeness-rate">{completenessSummary(t, c)}</span> ·{' '}
                    {t('quality.timely')} {completenessPercent(c.timelyRate)}
                  </caption>
                  <thead>
                    <tr>
                      <th>{t('common.orgUnit')}</th>
                      <th>{t('quality.expected')}</th>
                      <th>{t('quality.actual')}</th>
                      <th>{t('quality.rate')}</th>
                      <th>{t('quality.onTime')}</th>
                      <th>{t('quality.timely')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.byArea.map((a) => (
                      <tr
                        key={a.orgUnit}
                        className={
                          (a.rate !== null && a.rate < 1) || a.onTime < a.actual ? 'at-risk' : undefined
                        }
                      >
                        <td>{a.name}</td>
                        <td>{a.expected}</td>
                        <td>{a.actual}</td>
                        <td>{completenessPercent(a.rate)}</td>
                        <td>{a.onTime}</td>
                        <td>{completenessPercent(a.timelyRate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div>
                  <table className="table" data-testid="missing">
                    <caption>{t('quality.missing')}</caption>
                    <tbody>
                      {c.missing.slice(0, 200).map((m) => (
                        <tr key={m.orgUnit}>
                          <td>{m.area}</td>
                          <td>{m.name}</td>
                          <td>{m.periods.join(', ')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <table className="table" data-testid="late">
                    <caption>{t('quality.late', { days: c.timelyDays })}</caption>
                    <thead>
                      <tr>
                        <th>{t('common.orgUnit')}</th>
                        <th>{t('common.period')}</th>
                        <th>{t('quality.due')}</th>
                        <th>{t('quality.completedAt')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.late.slice(0, 200).map((l) => (
                        <tr key={`${l.orgUnit}${l.period}`}>
                          <td>
                            {l.area} · {l.name}
                          </td>
                          <td>{l.period}</td>
                          <td>{l.due}</td>
                          <td>{l.completedAt === null ? t('quality.never') : dateTime(l.completedAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            )}
          </Async>
        )}
      </Card>
      <OutliersCard root={root} />
      <Card title={t('quality.validation')}>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void runValidation();
          }}
        >
          <label>
            {t('common.period')}
            <input value={periods} onChange={(e) => setPeriods(e.target.value)} />
          </label>
          <button type="submit" className="primary" data-testid="run-validation">
            {t('quality.runValidation')}
          </button>
        </form>
        <ErrorBox error={error} />
        {violations && (
          <>
            <p>
              {ran ? '' : `${t('quality.stored')} · `}
              {violations.violations.length === 0
                ? t('quality.noViolations')
                : t('quality.violations', { n: violations.violations.length })}{' '}
              ·{' '}
              <a href={`/api/validation/results${query({ ou: root, format: 'csv' })}`} download>
                {t('explorer.exportCsv')}
              </a>
            </p>
            <table className="table" data-testid="violations">
              <thead>
                <tr>
                  <th>{t('quality.rule')}</th>
                  <th>{t('quality.importance')}</th>
                  <th>{t('common.orgUnit')}</th>
                  <th>{t('common.period')}</th>
                  <th>{t('quality.left')}</th>
                  <th>{t('quality.right')}</th>
                  <th>{t('import.message')}</th>
                </tr>
              </thead>
              <tbody>
                {violations.violations.slice(0, 300).map((v, i) => (
                  <tr key={i}>
                    <td>{v.ruleName}</td>
                    <td title={v.importance}>
                      {label(IMPORTANCE_LABELS[v.importance] ?? { zh: v.importance, en: v.importance })}
                    </td>
                    <td>{v.orgUnitName}</td>
                    <td>{v.period}</td>
                    <td>{num(v.left)}</td>
                    <td>{num(v.right)}</td>
                    <td>{v.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Card>
    </div>
  );
}

// Core's outlier methods, the server's default (modified z-score) first.
const METHODS: readonly OutlierMethod[] = [
  OutlierMethod.MODIFIED_Z,
  OutlierMethod.Z_SCORE,
  OutlierMethod.MIN_MAX,
  OutlierMethod.SEASONAL,
];

/** The outlier scan of stored series, marking for follow-up, and the values waiting for it. */
function OutliersCard({ root }: { root: string }): React.JSX.Element {
  const { t, num, dateTime, label } = useI18n();
  const year = Number(useSession().me.today.slice(0, 4));
  const [form, setForm] = useState({
    de: 'OPD_VISITS,DISCHARGES',
    from: `${year - 3}01`,
    to: `${year - 2}12`,
    method: 'modified-z',
  });
  const [asked, setAsked] = useState<typeof form | null>(null);
  const [comment, setComment] = useState('');
  const { error, run } = useAction();
  const scan = useApi<Api.OutliersResponse>(
    asked
      ? `/api/outliers${query({ de: asked.de, ou: root, descendants: 'true', from: asked.from, to: asked.to, method: asked.method })}`
      : null,
  );
  const flagged = useApi<Api.FollowUpListResponse>(`/api/followups${query({ ou: root })}`);
  const mark = async (
    v: { dataElement: string; orgUnit: string; period: string; categoryOptionCombo: string },
    followUp: boolean,
  ): Promise<void> => {
    if (
      await run(() => api('/api/followups', { body: { ...v, followUp, ...(comment ? { comment } : {}) } }))
    ) {
      setComment('');
      flagged.reload();
    }
  };
  const isFlagged = (f: Api.OutlierFinding): boolean =>
    (flagged.data?.dataValues ?? []).some(
      (v) =>
        (v.dataElement === f.dataElement || v.dataElementName === f.dataElementName) &&
        v.orgUnitName === f.orgUnitName &&
        v.period === f.period,
    );
  return (
    <Card title={t('quality.outliers')}>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(form);
        }}
      >
        <label>
          {t('quality.outlierElements')}
          <input
            value={form.de}
            onChange={(e) => setForm({ ...form, de: e.target.value })}
            data-testid="outlier-de"
          />
        </label>
        <label>
          {t('quality.from')}
          <input
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
            data-testid="outlier-from"
          />
        </label>
        <label>
          {t('quality.to')}
          <input
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
            data-testid="outlier-to"
          />
        </label>
        <label>
          {t('quality.method')}
          <select value={form.method} onChange={(e) => setForm({ ...form, method: e.target.value })}>
            {METHODS.map((m) => (
              <option key={m} value={m} title={m}>
                {label(OUTLIER_METHOD_LABELS[m])}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" data-testid="scan-outliers">
          {t('quality.scanOutliers')}
        </button>
        <label>
          {t('quality.comment')}
          <input
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            data-testid="followup-comment"
          />
        </label>
      </form>
      <ErrorBox error={error} />
      {asked && (
        <Async state={scan}>
          {(d) =>
            d.findings.length === 0 ? (
              <p className="muted">{t('quality.noOutliers')}</p>
            ) : (
              <table className="table" data-testid="outliers">
                <thead>
                  <tr>
                    <th>{t('common.orgUnit')}</th>
                    <th>{t('audit.element')}</th>
                    <th>{t('common.period')}</th>
                    <th>{t('common.value')}</th>
                    <th>{t('quality.bounds')}</th>
                    <th>{t('quality.score')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {d.findings.map((f) => (
                    <tr key={`${f.dataElement}${f.orgUnit}${f.period}${f.categoryOptionCombo}`}>
                      <td>{f.orgUnitName}</td>
                      <td>{f.dataElementName}</td>
                      <td>{f.period}</td>
                      <td>{num(f.value, 0)}</td>
                      <td>
                        {num(f.lower, 0)}–{num(f.upper, 0)}
                      </td>
                      <td>{num(f.score, 1)}</td>
                      <td>
                        {isFlagged(f) ? (
                          <span className="badge rag-amber">{t('quality.flagged')}</span>
                        ) : (
                          <button
                            type="button"
                            onClick={() =>
                              void mark(
                                {
                                  dataElement: f.dataElement,
                                  orgUnit: f.orgUnit,
                                  period: f.period,
                                  categoryOptionCombo: f.categoryOptionCombo,
                                },
                                true,
                              )
                            }
                            data-testid="flag"
                          >
                            {t('quality.flag')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Async>
      )}
      <h3>{t('quality.followUps')}</h3>
      <Async state={flagged}>
        {(d) =>
          d.dataValues.length === 0 ? (
            <p className="muted">{t('quality.noFollowUps')}</p>
          ) : (
            <table className="table" data-testid="followups">
              <tbody>
                {d.dataValues.map((v) => (
                  <tr key={`${v.dataElement}${v.orgUnit}${v.period}${v.categoryOptionCombo}`}>
                    <td>{v.orgUnitName}</td>
                    <td>
                      {v.dataElementName}
                      {v.categoryOptionComboName !== 'default' ? ` (${v.categoryOptionComboName})` : ''}
                    </td>
                    <td>{v.period}</td>
                    <td>{v.value}</td>
                    <td>{v.comment}</td>
                    <td>
                      {v.storedBy} · {dateTime(v.lastUpdated)}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() =>
                          void mark(
                            {
                              dataElement: v.dataElement,
                              orgUnit: v.orgUnit,
                              period: v.period,
                              categoryOptionCombo: v.categoryOptionCombo,
                            },
                            false,
                          )
                        }
                      >
                        {t('quality.clear')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </Card>
  );
}
