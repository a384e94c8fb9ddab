import type * as Api from '@healthwatch/contract';
import { useEffect, useState } from 'react';
import { Async, Card } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { query } from '../lib/api';
import { defaultPlan } from '../lib/plan-year';
import { useApi } from '../lib/use-api';

const FORMATS = ['pdf', 'docx', 'html', 'md'] as const;
const KINDS = ['annual', 'midterm', 'final'] as const;

/** Annual, mid-term and final evaluation reports as PDF, Word, HTML or Markdown downloads. */
export default function ReportsPage(): React.JSX.Element {
  const { t, lang } = useI18n();
  const plans = useApi<Api.PlanListResponse>('/api/plans');
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('midterm');
  const [year, setYear] = useState(0);
  const [format, setFormat] = useState<(typeof FORMATS)[number]>('pdf');
  const plan = plans.data?.plans.find((p) => p.code === code);
  useEffect(() => {
    const p = plans.data ? defaultPlan(plans.data.plans) : undefined;
    if (p && !code) {
      setCode(p.code);
    }
  }, [plans.data, code]);
  useEffect(() => {
    if (plan) {
      // Mid-term falls in the middle of the period, final on its last year, annual on last year.
      setYear(
        kind === 'final'
          ? plan.targetYear
          : kind === 'midterm'
            ? Math.ceil((plan.baselineYear + plan.targetYear) / 2)
            : Math.min(plan.targetYear, new Date().getFullYear() - 1),
      );
    }
  }, [plan, kind]);
  const link =
    plan && year
      ? `/api/plans/${encodeURIComponent(plan.code)}/evaluation${query({ year, kind, format, locale: lang === 'en' ? 'en' : undefined })}`
      : null;
  return (
    <div>
      <h1>{t('reports.title')}</h1>
      <Async state={plans}>
        {(d) => (
          <Card>
            <form className="filters" onSubmit={(e) => e.preventDefault()}>
              <label>
                {t('reports.plan')}
                <select value={code} onChange={(e) => setCode(e.target.value)} data-testid="report-plan">
                  {d.plans.map((p) => (
                    <option key={p.code} value={p.code}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('plan.kind')}
                <select
                  value={kind}
                  onChange={(e) => setKind(e.target.value as 'annual')}
                  data-testid="report-kind"
                >
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`plan.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('common.year')}
                <select
                  value={year}
                  onChange={(e) => setYear(Number(e.target.value))}
                  data-testid="report-year"
                >
                  {plan &&
                    Array.from(
                      { length: plan.targetYear - plan.baselineYear },
                      (_, k) => plan.baselineYear + 1 + k,
                    ).map((y) => (
                      <option key={y} value={y}>
                        {y}
                      </option>
                    ))}
                </select>
              </label>
              <label>
                {t('reports.format')}
                <select
                  value={format}
                  onChange={(e) => setFormat(e.target.value as 'pdf')}
                  data-testid="report-format"
                >
                  {FORMATS.map((f) => (
                    <option key={f} value={f}>
                      {f.toUpperCase()}
                    </option>
                  ))}
                </select>
              </label>
              {link && (
                <a className="button primary" href={link} download data-testid="report-download">
                  {t('reports.generate')}
                </a>
              )}
              {plan && year > 0 && (
                <a
                  className="button"
                  href={`/api/plans/${encodeURIComponent(plan.code)}/evaluation${query({ year, kind, format: 'html', locale: lang === 'en' ? 'en' : undefined })}`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {t('reports.preview')}
                </a>
              )}
            </form>
            <p className="muted">{t('reports.hint')}</p>
          </Card>
        )}
      </Async>
    </div>
  );
}
