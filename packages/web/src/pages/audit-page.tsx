import { eventActionLabel, eventDetailText, eventTargetText, valueAuditLabel } from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import { useState } from 'react';
import { Async, Card } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { query } from '../lib/api';
import { can, useSession } from '../lib/session';
import { useApi } from '../lib/use-api';

/** Who changed which value (filter by unit, element, period, user), and logins and admin actions. */
export default function AuditPage(): React.JSX.Element {
  const { t, dateTime, lang } = useI18n();
  const { me } = useSession();
  const root = me.view?.[0]?.code ?? me.view?.[0]?.id ?? '';
  const [form, setForm] = useState({ ou: root, de: '', pe: '', user: '' });
  const [applied, setApplied] = useState(form);
  const data = useApi<Api.AuditResponse>(
    applied.ou || me.view === null ? `/api/audit${query({ ...applied, limit: 200 })}` : null,
  );
  const events = useApi<Api.AuditEventsResponse>(can(me, 'USER_ADMIN') ? '/api/audit/events' : null);
  const field = (k: keyof typeof form, label: string): React.JSX.Element => (
    <label>
      {label}
      <input value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
    </label>
  );
  return (
    <div>
      <h1>{t('audit.title')}</h1>
      <Card title={t('audit.data')}>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(form);
          }}
        >
          {field('ou', t('audit.filterUnit'))}
          {field('de', t('audit.filterElement'))}
          {field('pe', t('common.period'))}
          {field('user', t('common.user'))}
          <button type="submit" className="primary">
            {t('common.apply')}
          </button>
        </form>
        <Async state={data}>
          {(d) => (
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
                    <td>{a.period}</td>
                    <td>{a.oldValue ?? ''}</td>
                    <td>{a.newValue ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Async>
      </Card>
      {can(me, 'USER_ADMIN') && (
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
      )}
    </div>
  );
}
