import {
  eventActionLabel,
  eventDetailText,
  eventTargetText,
  periodLabel,
  tryParsePeriod,
  valueAuditLabel,
} from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import { useState } from 'react';
import { Async, Card } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { query } from '../lib/api';
import { can, useSession } from '../lib/session';
import { useApi } from '../lib/use-api';

const PAGE_SIZE = 50;

/** Who changed which value (filter by unit, element, period, user), and logins and admin actions. */
export default function AuditPage(): React.JSX.Element {
  const { t, dateTime, lang } = useI18n();
  const { me } = useSession();
  // No unit: the whole view scope (a district statistician's "who changed what in my district").
  const [form, setForm] = useState({ ou: '', de: '', ds: '', peFrom: '', peTo: '', user: '', auditType: '' });
  const [applied, setApplied] = useState(form);
  const [page, setPage] = useState(1);
  const params = { ...applied, pageSize: PAGE_SIZE, locale: lang };
  const data = useApi<Api.AuditResponse>(`/api/audit${query({ ...params, page })}`);
  const field = (k: keyof typeof form, label: string, placeholder?: string): React.JSX.Element => (
    <label>
      {label}
      <input
        value={form[k]}
        placeholder={placeholder}
        data-testid={`audit-${k}`}
        onChange={(e) => setForm({ ...form, [k]: e.target.value })}
      />
    </label>
  );
  const pe = (id: string): string => {
    const p = tryParsePeriod(id);
    return p ? periodLabel(p, lang) : id;
  };
  return (
    <div>
      <h1>{t('audit.title')}</h1>
      <Card title={t('audit.data')}>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(form);
            setPage(1);
          }}
        >
          {field('ou', t('audit.filterUnit'), t('audit.wholeScope'))}
          {field('de', t('audit.filterElement'))}
          {field('ds', t('audit.filterDataSet'))}
          {field('peFrom', t('audit.periodFrom'), '202401')}
          {field('peTo', t('audit.periodTo'), '202412')}
          {field('user', t('common.user'))}
          <label>
            {t('common.action')}
            <select
              value={form.auditType}
              data-testid="audit-action"
              onChange={(e) => setForm({ ...form, auditType: e.target.value })}
            >
              <option value="">{t('audit.allActions')}</option>
              {(['CREATE', 'UPDATE', 'DELETE'] as const).map((a) => (
                <option key={a} value={a}>
                  {valueAuditLabel(a, lang)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary">
            {t('common.apply')}
          </button>
          <a
            className="button"
            data-testid="audit-csv"
            href={`/api/audit${query({ ...params, format: 'csv' })}`}
          >
            {t('audit.exportCsv')}
          </a>
          <a
            className="button"
            data-testid="audit-xlsx"
            href={`/api/audit${query({ ...params, format: 'xlsx' })}`}
          >
            {t('audit.exportXlsx')}
          </a>
        </form>
        <Async state={data}>
          {(d) => (
            <>
              <table className="table" data-testid="audit-table">
                <thead>
                  <tr>
                    <th>{t('common.time')}</th>
                    <th>{t('common.user')}</th>
                    <th>{t('common.action')}</th>
                    <th>{t('common.orgUnit')}</th>
                    <th>{t('audit.element')}</th>
                    <th>{t('common.period')}</th>
                    <th>{t('audit.old')}</th>
                    <th>{t('audit.new')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.audit.map((a) => (
                    <tr key={a.id}>
                      <td>{dateTime(a.changedAt)}</td>
                      <td>{a.changedBy}</td>
                      <td title={a.auditType}>{valueAuditLabel(a.auditType, lang)}</td>
                      <td>{a.orgUnitName}</td>
                      <td>
                        {a.dataElementName}
                        {a.categoryOptionComboName !== 'default' ? ` (${a.categoryOptionComboName})` : ''}
                      </td>
                      <td title={a.period}>{pe(a.period)}</td>
                      <td>{a.oldValue ?? ''}</td>
                      <td>{a.newValue ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager page={page} pageSize={d.pageSize} total={d.total} onPage={setPage} />
            </>
          )}
        </Async>
      </Card>
      {can(me, 'USER_ADMIN') && <SecurityEvents />}
    </div>
  );
}

/** Logins and administrative actions (admins only). */
function SecurityEvents(): React.JSX.Element {
  const { t, dateTime, lang } = useI18n();
  const events = useApi<Api.AuditEventsResponse>('/api/audit/events');
  return (
    <Card title={t('audit.events')}>
      <Async state={events}>
        {(d) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('common.time')}</th>
                <th>{t('common.user')}</th>
                <th>{t('common.action')}</th>
                <th>{t('audit.target')}</th>
                <th>{t('audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {d.events.slice(0, 200).map((ev, i) => (
                <tr key={i}>
                  <td>{dateTime(ev.at)}</td>
                  <td>{ev.username}</td>
                  <td title={ev.action}>{eventActionLabel(ev.action, lang)}</td>
                  <td title={ev.target ?? undefined}>{eventTargetText(ev.action, ev.target, lang)}</td>
                  <td>{eventDetailText(ev.action, ev.detail, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
    </Card>
  );
}

function Pager(p: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="pager" data-testid="audit-pager">
      <button type="button" disabled={p.page <= 1} onClick={() => p.onPage(p.page - 1)}>
        {t('common.previousPage')}
      </button>
      <span>
        {t('audit.pageOf', {
          page: p.page,
          pages: Math.max(1, Math.ceil(p.total / p.pageSize)),
          total: p.total,
        })}
      </span>
      <button type="button" disabled={p.page * p.pageSize >= p.total} onClick={() => p.onPage(p.page + 1)}>
        {t('common.nextPage')}
      </button>
    </div>
  );
}
