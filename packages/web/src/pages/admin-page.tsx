import { PLAN_STATUS_LABELS, ROLE_CODES, roleName } from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import { useState } from 'react';
import { Async, Card, ErrorBox } from '../components/common';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { api, ApiError } from '../lib/api';
import { href } from '../lib/router';
import { can, useSession } from '../lib/session';
import { useAction } from '../lib/use-action';
import { useApi } from '../lib/use-api';
import { DataSetSelect } from '../components/data-set-select';

const TABS: { id: string; label: MessageKey; kind?: string }[] = [
  { id: 'orgUnits', label: 'admin.orgUnits', kind: 'orgUnits' },
  { id: 'dataElements', label: 'admin.dataElements', kind: 'dataElements' },
  { id: 'dataSets', label: 'admin.dataSets', kind: 'dataSets' },
  { id: 'indicators', label: 'admin.indicators', kind: 'indicators' },
  { id: 'plans', label: 'admin.plans' },
  { id: 'users', label: 'admin.users' },
  { id: 'locks', label: 'admin.locks' },
];

/** Org units, data elements, data sets, indicators, plans, users and roles. */
export default function AdminPage({ tab = 'orgUnits' }: { tab: string | undefined }): React.JSX.Element {
  const { t } = useI18n();
  const { me } = useSession();
  const current = TABS.find((x) => x.id === tab) ?? TABS[0];
  const adminOnly = (id: string | undefined): boolean => id === 'users' || id === 'locks';
  // A typed or bookmarked address of a tab the role may not use: said so, not a 403 with a code.
  if (adminOnly(current?.id) && !can(me, 'USER_ADMIN')) {
    return (
      <div className="card" data-testid="forbidden">
        <h1>{t('forbidden.title')}</h1>
        <p>{t('forbidden.body')}</p>
      </div>
    );
  }
  return (
    <div>
      <h1>{t('admin.title')}</h1>
      <nav className="tabs" aria-label={t('admin.title')}>
        {TABS.filter((x) => !adminOnly(x.id) || can(me, 'USER_ADMIN')).map((x) => (
          <a
            key={x.id}
            href={href(`/admin/${x.id}`)}
            aria-current={x.id === current?.id ? 'page' : undefined}
          >
            {t(x.label)}
          </a>
        ))}
      </nav>
      {current?.kind && <MetadataTab key={current.kind} kind={current.kind} />}
      {current?.id === 'plans' && <PlansTab />}
      {current?.id === 'users' && <UsersTab />}
      {current?.id === 'locks' && <LocksTab />}
    </div>
  );
}

function MetadataTab({ kind }: { kind: string }): React.JSX.Element {
  const { t } = useI18n();
  const list = useApi<Api.MetadataListResponse>(`/api/metadata/${kind}`);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<{ ref: string; text: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async (): Promise<void> => {
    if (!editing) {
      return;
    }
    setError(null);
    setSaved(false);
    try {
      await api(`/api/metadata/${kind}/${encodeURIComponent(editing.ref)}`, {
        method: 'PUT',
        body: JSON.parse(editing.text) as unknown,
      });
      setSaved(true);
      list.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(400, 'HW_VALIDATION', String(e)));
    }
  };
  return (
    <Async state={list}>
      {(d) => {
        const items = (d[kind] ?? []).filter(
          (o) =>
            filter === '' ||
            o.name.includes(filter) ||
            (o.code ?? '').toLowerCase().includes(filter.toLowerCase()),
        );
        return (
          <div className="grid two">
            <Card title={t('admin.count', { n: items.length })}>
              <input
                type="search"
                aria-label={t('admin.filter')}
                placeholder={t('admin.filter')}
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
              />
              <div className="scroll tall">
                <table className="table" data-testid={`admin-${kind}`}>
                  <thead>
                    <tr>
                      <th>{t('common.code')}</th>
                      <th>{t('common.name')}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {items.slice(0, 500).map((o) => (
                      <tr key={o.id}>
                        <td>{o.code ?? o.id}</td>
                        <td>{o.name}</td>
                        <td>
                          <button
                            type="button"
                            className="link"
                            onClick={() => setEditing({ ref: o.id, text: JSON.stringify(o, null, 2) })}
                          >
                            {t('admin.edit')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
            {editing && (
              <Card title={t('admin.editJson')}>
                <textarea
                  className="code"
                  rows={20}
                  value={editing.text}
                  aria-label={t('admin.editJson')}
                  onChange={(e) => setEditing({ ...editing, text: e.target.value })}
                />
                <ErrorBox error={error} />
                {saved && <p className="ok">{t('admin.saved')}</p>}
                <button type="button" className="primary" onClick={() => void save()}>
                  {t('common.save')}
                </button>
              </Card>
            )}
          </div>
        );
      }}
    </Async>
  );
}

function PlansTab(): React.JSX.Element {
  const { t, label } = useI18n();
  const plans = useApi<Api.PlanListResponse>('/api/plans');
  return (
    <Async state={plans}>
      {(d) => (
        <Card title={t('admin.plans')}>
          <table className="table">
            <thead>
              <tr>
                <th>{t('common.code')}</th>
                <th>{t('common.name')}</th>
                <th>{t('plan.baseline')}</th>
                <th>{t('plan.target')}</th>
                <th>{t('plan.indicators')}</th>
                <th>{t('plan.projects')}</th>
                <th>{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {d.plans.map((p) => (
                <tr key={p.code}>
                  <td>{p.code}</td>
                  <td>
                    <a href={href(`/plans/${p.code}`)}>{p.name}</a>
                  </td>
                  <td>{p.baselineYear}</td>
                  <td>{p.targetYear}</td>
                  <td>{p.indicators}</td>
                  <td>{p.projects}</td>
                  <td>{label(PLAN_STATUS_LABELS[p.status])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('admin.planImport')}</p>
        </Card>
      )}
    </Async>
  );
}

function UsersTab(): React.JSX.Element {
  const { t, lang } = useI18n();
  const users = useApi<Api.UserListResponse>('/api/users');
  const [draft, setDraft] = useState({
    username: '',
    password: '',
    displayName: '',
    role: 'clerk',
    capture: '',
  });
  const { error, run } = useAction();
  const codes = (s: string): string[] =>
    s
      .split(/[,，\s]+/)
      .map((x) => x.trim())
      .filter(Boolean);
  const act = async (f: () => Promise<unknown>): Promise<void> => {
    if (await run(f)) {
      users.reload();
    }
  };
  return (
    <div>
      <ErrorBox error={error} />
      <Async state={users}>
        {(d) => (
          <Card title={t('admin.users')}>
            <table className="table" data-testid="admin-users">
              <thead>
                <tr>
                  <th>{t('login.username')}</th>
                  <th>{t('admin.displayName')}</th>
                  <th>{t('admin.role')}</th>
                  <th>{t('admin.capture')}</th>
                  <th>{t('common.status')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {d.users.map((u) => (
                  <tr key={u.username}>
                    <td>{u.username}</td>
                    <td>{u.displayName}</td>
                    <td>
                      <select
                        aria-label={`${u.username} ${t('admin.role')}`}
                        value={u.role}
                        onChange={(e) =>
                          void act(() =>
                            api(`/api/users/${u.username}`, {
                              method: 'PATCH',
                              body: { role: e.target.value },
                            }),
                          )
                        }
                      >
                        {ROLE_CODES.map((r) => (
                          <option key={r} value={r}>
                            {roleName(r, lang)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>{u.capture.join(', ')}</td>
                    <td>{u.disabled ? t('admin.disabled') : u.locked ? t('admin.locked') : ''}</td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() =>
                          void act(() =>
                            api(`/api/users/${u.username}`, {
                              method: 'PATCH',
                              body: { disabled: !u.disabled },
                            }),
                          )
                        }
                      >
                        {u.disabled ? t('admin.enable') : t('admin.disable')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        )}
      </Async>
      <Card title={t('admin.roles')}>
        <table className="table" data-testid="admin-roles">
          <tbody>
            {ROLE_CODES.map((r) => (
              <tr key={r}>
                <th scope="row">{roleName(r, lang)}</th>
                <td>
                  <code>{r}</code>
                </td>
                <td>{t(`role.${r}.what`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title={t('admin.newUser')}>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() =>
              api('/api/users', {
                body: {
                  username: draft.username,
                  password: draft.password,
                  role: draft.role,
                  displayName: draft.displayName || undefined,
                  capture: codes(draft.capture),
                },
              }),
            );
          }}
        >
          <label>
            {t('login.username')}
            <input
              value={draft.username}
              onChange={(e) => setDraft({ ...draft, username: e.target.value })}
              required
            />
          </label>
          <label>
            {t('login.password')}
            <input
              type="password"
              value={draft.password}
              onChange={(e) => setDraft({ ...draft, password: e.target.value })}
              required
              autoComplete="new-password"
            />
          </label>
          <label>
            {t('admin.displayName')}
            <input
              value={draft.displayName}
              onChange={(e) => setDraft({ ...draft, displayName: e.target.value })}
            />
          </label>
          <label>
            {t('admin.role')}
            <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
              {ROLE_CODES.map((r) => (
                <option key={r} value={r}>
                  {roleName(r, lang)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.capture')}
            <input value={draft.capture} onChange={(e) => setDraft({ ...draft, capture: e.target.value })} />
          </label>
          <button type="submit" className="primary">
            {t('admin.create')}
          </button>
        </form>
      </Card>
    </div>
  );
}

/** Re-open an expired period of a data set for a unit and the units below it. */
function LocksTab(): React.JSX.Element {
  const { t, dateTime } = useI18n();
  const list = useApi<Api.LockExceptionList>('/api/lockExceptions');
  const [draft, setDraft] = useState({ dataSet: '', orgUnit: '', period: '', reason: '' });
  const { error, run } = useAction();
  const act = async (f: () => Promise<unknown>): Promise<void> => {
    if (await run(f)) {
      list.reload();
    }
  };
  return (
    <div>
      <Card title={t('admin.grant')}>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => api('/api/lockExceptions', { body: draft }));
          }}
        >
          <DataSetSelect
            value={draft.dataSet}
            onChange={(dataSet) => setDraft({ ...draft, dataSet })}
            required
            testId="lock-dataset"
          />
          <label>
            {t('admin.unitCode')}
            <input
              value={draft.orgUnit}
              onChange={(e) => setDraft({ ...draft, orgUnit: e.target.value })}
              required
              data-testid="lock-unit"
            />
          </label>
          <label>
            {t('common.period')}
            <input
              value={draft.period}
              onChange={(e) => setDraft({ ...draft, period: e.target.value })}
              required
              data-testid="lock-period"
            />
          </label>
          <label>
            {t('admin.reason')}
            <input
              value={draft.reason}
              onChange={(e) => setDraft({ ...draft, reason: e.target.value })}
              required
              data-testid="lock-reason"
            />
          </label>
          <button type="submit" className="primary" data-testid="lock-grant">
            {t('admin.grant')}
          </button>
        </form>
        <ErrorBox error={error} />
      </Card>
      <Async state={list}>
        {(d) => (
          <Card title={t('admin.locks')}>
            {d.exceptions.length === 0 ? (
              <p className="muted">{t('admin.noLocks')}</p>
            ) : (
              <table className="table" data-testid="lock-exceptions">
                <thead>
                  <tr>
                    <th>{t('common.dataSet')}</th>
                    <th>{t('common.orgUnit')}</th>
                    <th>{t('common.period')}</th>
                    <th>{t('admin.reason')}</th>
                    <th>{t('common.user')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {d.exceptions.map((x) => (
                    <tr key={x.id}>
                      <td>{x.dataSetName}</td>
                      <td>{x.orgUnitName}</td>
                      <td>{x.period}</td>
                      <td>{x.reason}</td>
                      <td>
                        {x.grantedBy} · {dateTime(x.grantedAt)}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="link"
                          onClick={() =>
                            void act(() => api(`/api/lockExceptions/${x.id}`, { method: 'DELETE' }))
                          }
                        >
                          {t('admin.revoke')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
        )}
      </Async>
    </div>
  );
}
