import { useState } from 'react';
import { Async, Card, ErrorBox } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { api, ApiError, query } from '../lib/api';
import type { Route } from '../lib/router';
import { useSession } from '../lib/session';
import type { Completeness, DataSet } from '../lib/types';
import { useApi } from '../lib/use-api';

interface Violation {
  rule: string;
  ruleName: string;
  importance: string;
  orgUnitName: string;
  period: string;
  left: number | null;
  right: number | null;
  message: string;
}

/** Completeness by area and institution, validation-rule runs, and the outlier scan. */
export default function QualityPage({ route }: { route: Route }): React.JSX.Element {
  const { t, pct, num, dateTime } = useI18n();
  const { me } = useSession();
  const root = me.view?.[0]?.code ?? me.view?.[0]?.id ?? route.params.get('ou') ?? 'JJ';
  const sets = useApi<{ dataSets: DataSet[] }>('/api/metadata/dataSets');
  const [ds, setDs] = useState('');
  const [pe, setPe] = useState('');
  const [asked, setAsked] = useState<{ ds: string; pe: string } | null>(null);
  // Opens on the monthly reports' latest period, so the page is never blank.
  const monthly = sets.data?.dataSets.find((d) => d.periodType === 'Monthly' && d.orgUnits.length > 0);
  const shown = asked ?? (monthly ? { ds: monthly.code ?? monthly.id, pe: '' } : null);
  const completeness = useApi<Completeness>(shown ? `/api/completeness${query({ ds: shown.ds, ou: root, pe: shown.pe })}` : null);
  const [periods, setPeriods] = useState(String(new Date().getFullYear() - 2));
  const [violations, setViolations] = useState<{ evaluated: number; violations: Violation[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const runValidation = async (): Promise<void> => {
    setError(null);
    try {
      setViolations(await api('/api/validation/run', { body: { orgUnit: root, descendants: true, periods: periods.split(/[,;\s]+/).filter(Boolean) } }));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'HW_NETWORK', String(e)));
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
          <label>
            {t('common.dataSet')}
            <select value={ds} onChange={(e) => setDs(e.target.value)}>
              <option value="">—</option>
              {(sets.data?.dataSets ?? []).map((d) => (
                <option key={d.id} value={d.code ?? d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('common.period')}
            <input value={pe} onChange={(e) => setPe(e.target.value)} placeholder="2024 / 202412" aria-describedby="latest-hint" />
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
                    {c.periods.length <= 3 ? c.periods.join(', ') : `${c.periods[0]}–${c.periods[c.periods.length - 1]}`} · {t('quality.rate')} {pct(c.rate)} · {t('quality.timely')} {pct(c.timelyRate)}
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
                      <tr key={a.orgUnit} className={(a.rate !== null && a.rate < 1) || a.onTime < a.actual ? 'at-risk' : undefined}>
                        <td>{a.name}</td>
                        <td>{a.expected}</td>
                        <td>{a.actual}</td>
                        <td>{pct(a.rate)}</td>
                        <td>{a.onTime}</td>
                        <td>{pct(a.timelyRate)}</td>
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
            <p>{violations.violations.length === 0 ? t('quality.noViolations') : t('quality.violations', { n: violations.violations.length })}</p>
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
                    <td>{v.importance}</td>
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
