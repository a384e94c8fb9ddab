import {
  checkValue,
  isNumericValueType,
  periodLabel,
  PERIOD_TYPE_DAYS,
  t as coreMessage,
  tryParsePeriod,
} from '@healthwatch/core';
import type { Locale, ValueType } from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Card, ErrorBox, Loading } from '../components/common';
import { OrgTree } from '../components/org-tree';
import { useI18n } from '../i18n/i18n';
import type { ApiError } from '../lib/api';
import { api, query, toApiError } from '../lib/api';
import { navigate } from '../lib/router';
import type { Route } from '../lib/router';
import { can, useSession } from '../lib/session';
import { useApi } from '../lib/use-api';

type CellState =
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'warning'; message: string }
  | { kind: 'error'; message: string };

/**
 * Checks a typed value with core's value-type rules, as the server will (so `1,234` is accepted
 * as 1234 and `-3` refused for a count): the canonical value to send, or the reason in the
 * reader's language.
 */
function checkTyped(
  valueType: ValueType,
  raw: string,
  lang: Locale,
): { ok: true; value: string } | { ok: false; message: string } {
  const r = checkValue(valueType, raw.trim());
  return r.ok ? r : { ok: false, message: coreMessage(lang, r.reason, r.params) };
}

/** A period's name, or its id as typed when it names no period. */
function periodName(id: string, lang: Locale): string {
  const p = tryParsePeriod(id);
  return p ? periodLabel(p, lang) : id;
}

const key = (de: string, coc: string): string => `${de}|${coc}`;

export default function EntryPage({ route }: { route: Route }): React.JSX.Element {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const ou = route.params.get('ou');
  const ds = route.params.get('ds');
  const pe = route.params.get('pe');
  const units = useApi<Api.OrgUnitList>('/api/metadata/orgUnits');
  const sets = useApi<Api.DataSetList>('/api/metadata/dataSets');
  const roots = me.capture === null ? null : me.capture.map((u) => u.id);
  const assigned = useMemo(
    () => (sets.data && ou ? sets.data.dataSets.filter((d) => d.orgUnits.includes(ou)) : []),
    [sets.data, ou],
  );
  const dataSet = sets.data?.dataSets.find((d) => d.id === ds);
  // The periods offered and the default come from the server's today, never the browser's clock:
  // newest first, named, without periods that have not ended (unless the data set opens them).
  const periods = useApi<Api.ReportingPeriodsResponse>(
    dataSet ? `/api/dataEntry/periods${query({ ds: dataSet.id })}` : null,
  );
  const offered = periods.data && periods.data.dataSet.id === ds ? periods.data : null;
  const choices = offered?.periods ?? [];
  // The period a clerk fills in now: the latest due one while it is still open, else the newest open.
  const defaultPe = offered
    ? ((choices.find((p) => p.id === offered.latestDue.id) ?? choices[0])?.id ?? null)
    : null;
  const shownPe = pe ?? defaultPe;
  const stateText = (p: Api.ReportingPeriodEntry): string =>
    t(`entry.periodState.${p.state === 'notOpen' ? 'open' : p.state}`, {
      due: p.dueOn,
      closes: p.closesOn ?? '',
    });
  const go = (p: { ou?: string | null; ds?: string | null; pe?: string | null }): void => {
    const next = { ou: p.ou ?? ou, ds: p.ds === undefined ? ds : p.ds, pe: p.pe === undefined ? pe : p.pe };
    navigate('/entry', next);
  };
  // A clerk with one institution lands on its form: the unit, and the data set when it has only one.
  const onlyRoot = me.capture !== null && me.capture.length === 1 ? (me.capture[0]?.id ?? null) : null;
  useEffect(() => {
    if (!ou && onlyRoot && sets.data?.dataSets.some((d) => d.orgUnits.includes(onlyRoot))) {
      navigate('/entry', { ou: onlyRoot, ds: null, pe: null });
    } else if (ou && !ds && (assigned.length === 1 || (ou === onlyRoot && assigned.length > 1))) {
      // Of several, the one reported most often (the monthly report before the yearly one).
      const days: Readonly<Record<string, number>> = PERIOD_TYPE_DAYS;
      const first = [...assigned].sort((a, b) => (days[a.periodType] ?? 0) - (days[b.periodType] ?? 0))[0];
      navigate('/entry', { ou, ds: first?.id ?? null, pe: null });
    }
  }, [ou, ds, onlyRoot, sets.data, assigned]);
  if (units.error || sets.error) {
    return <ErrorBox error={units.error ?? sets.error} />;
  }
  if (!units.data || !sets.data) {
    return <Loading />;
  }
  return (
    <div className="entry">
      <h1>{t('entry.title')}</h1>
      <div className="entry-layout">
        <aside className="card">
          <h2>{t('entry.pickUnit')}</h2>
          <OrgTree
            units={units.data.orgUnits}
            roots={roots}
            selected={ou}
            onSelect={(id) => go({ ou: id, ds: null, pe: null })}
          />
        </aside>
        <div>
          {ou && (
            <form className="filters card" onSubmit={(e) => e.preventDefault()}>
              <label>
                {t('entry.pickDataSet')}
                <select
                  value={ds ?? ''}
                  onChange={(e) => go({ ds: e.target.value, pe: null })}
                  data-testid="dataset"
                >
                  <option value="">—</option>
                  {assigned.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </label>
              {assigned.length === 0 && <span className="muted">{t('entry.noDataSet')}</span>}
              {dataSet && (
                <label>
                  {t('entry.pickPeriod')}
                  <select
                    value={shownPe ?? ''}
                    onChange={(e) => go({ pe: e.target.value })}
                    disabled={!offered}
                    aria-busy={!offered}
                    data-testid="period"
                  >
                    {!shownPe && <option value="">—</option>}
                    {pe && ![...choices, ...(offered?.closed ?? [])].some((p) => p.id === pe) && (
                      <option value={pe} title={pe}>
                        {periodName(pe, lang)}
                      </option>
                    )}
                    <optgroup label={t('entry.periodsOpen')}>
                      {choices.map((p) => (
                        <option key={p.id} value={p.id} title={`${p.id} · ${stateText(p)}`}>
                          {p.name}
                        </option>
                      ))}
                    </optgroup>
                    {offered && offered.closed.length > 0 && (
                      <optgroup label={t('entry.periodsClosed')}>
                        {offered.closed.map((p) => (
                          <option key={p.id} value={p.id} title={`${p.id} · ${stateText(p)}`}>
                            {p.name}
                          </option>
                        ))}
                      </optgroup>
                    )}
                  </select>
                </label>
              )}
              {dataSet && periods.loading && <Loading />}
              <ErrorBox error={periods.error} />
              {offered && choices.length === 0 && !pe && (
                <span className="muted" data-testid="no-open-period">
                  {t('entry.noOpenPeriod')}
                </span>
              )}
            </form>
          )}
          {ou && ds && shownPe && (
            <FormGrid
              ou={ou}
              ds={ds}
              pe={shownPe}
              canWrite={can(me, 'DATA_WRITE')}
              canAudit={can(me, 'AUDIT_READ')}
              canApprove={can(me, 'DATA_APPROVE')}
            />
          )}
        </div>
      </div>
    </div>
  );
}

function FormGrid({
  ou,
  ds,
  pe,
  canWrite: mayWrite,
  canAudit,
  canApprove,
}: {
  ou: string;
  ds: string;
  pe: string;
  canWrite: boolean;
  canAudit: boolean;
  canApprove: boolean;
}): React.JSX.Element {
  const { t, dateTime, lang } = useI18n();
  const form = useApi<Api.EntryFormResponse>(`/api/dataEntry/form${query({ ds, ou, pe })}`);
  const approval = useApi<Api.ApprovalResponse>(`/api/dataApprovals${query({ ds, ou, pe })}`);
  // While another form is loading (a switch of period or data set) the one on screen is not the one
  // asked for: nothing may be typed into it, or a value would go to the wrong period.
  const pending = form.loading || approval.loading || (form.data !== null && form.data.period !== pe);
  // An approved or closed form is read-only; the server refuses the edit anyway, with the same message.
  const canWrite = !pending && mayWrite && approval.data !== null && approval.data.locked === null;
  const [values, setValues] = useState<Map<string, string>>(new Map());
  const [saved, setSaved] = useState<Map<string, string>>(new Map());
  const [meta, setMeta] = useState<Map<string, { comment: string; followUp: boolean }>>(new Map());
  const [cells, setCells] = useState<Map<string, CellState>>(new Map());
  const [focus, setFocus] = useState<{ de: string; coc: string; label: string } | null>(null);
  const [complete, setComplete] = useState<Api.EntryFormResponse['complete']>(null);
  const [completeError, setCompleteError] = useState<ApiError | null>(null);
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!form.data) {
      return;
    }
    const v = new Map<string, string>();
    const m = new Map<string, { comment: string; followUp: boolean }>();
    for (const x of form.data.values) {
      v.set(key(x.dataElement, x.categoryOptionCombo), x.value ?? '');
      m.set(key(x.dataElement, x.categoryOptionCombo), { comment: x.comment ?? '', followUp: x.followUp });
    }
    setValues(v);
    setSaved(new Map(v));
    setMeta(m);
    setCells(new Map());
    setComplete(form.data.complete);
  }, [form.data]);
  const setCell = (k: string, s: CellState): void => setCells((c) => new Map(c).set(k, s));
  const save = useCallback(
    async (
      de: string,
      coc: string,
      valueType: ValueType,
      extra?: { comment: string; followUp: boolean },
    ): Promise<void> => {
      const k = key(de, coc);
      const typed = values.get(k) ?? '';
      if (!extra && typed === (saved.get(k) ?? '')) {
        return;
      }
      const empty = typed.trim() === '';
      const check = empty ? null : checkTyped(valueType, typed, lang);
      if (check && !check.ok) {
        setCell(k, { kind: 'error', message: t('entry.invalid', { message: check.message }) });
        return;
      }
      // What is stored: core's canonical form (`1,234` → `1234`), shown in the cell once saved.
      const value = check ? check.value : '';
      setCell(k, { kind: 'saving' });
      try {
        if (empty) {
          await api(`/api/dataValues${query({ de, ou, pe, co: coc })}`, { method: 'DELETE' });
          setCell(k, { kind: 'saved' });
        } else {
          const r = await api<Api.DataValueSaveResponse>('/api/dataValues', {
            body: {
              dataElement: de,
              orgUnit: ou,
              period: pe,
              categoryOptionCombo: coc,
              value,
              ...(extra ? { comment: extra.comment, followUp: extra.followUp } : {}),
            },
          });
          // Saved; a rule that only warns is shown under the cell so the clerk can check it.
          const warn = r.validation;
          setCell(
            k,
            warn.length > 0
              ? {
                  kind: 'warning',
                  message: t('entry.warning', {
                    message: warn.map((w) => `${w.message}（${w.instruction}）`).join('；'),
                  }),
                }
              : { kind: 'saved' },
          );
        }
        setValues((v) => (v.get(k) === typed ? new Map(v).set(k, value) : v));
        setSaved((s) => new Map(s).set(k, value));
        if (extra) {
          setMeta((m) => new Map(m).set(k, extra));
        }
      } catch (e) {
        setCell(k, {
          kind: 'error',
          message: t('entry.failed', { message: e instanceof Error ? e.message : String(e) }),
        });
      }
    },
    [values, saved, ou, pe, t, lang],
  );
  const onKey = (e: React.KeyboardEvent<HTMLInputElement>): void => {
    const el = e.currentTarget;
    const inputs = [...(grid.current?.querySelectorAll<HTMLInputElement>('input[data-cell]') ?? [])];
    const i = inputs.indexOf(el);
    if (e.key === 'Enter') {
      e.preventDefault();
      inputs[i + 1]?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const table = el.closest('table');
      const col = el.dataset.col;
      const row = Number(el.dataset.row) + (e.key === 'ArrowDown' ? 1 : -1);
      table?.querySelector<HTMLInputElement>(`input[data-row="${row}"][data-col="${col}"]`)?.focus();
    }
  };
  if (form.error) {
    return <ErrorBox error={form.error} />;
  }
  if (!form.data) {
    return <Loading />;
  }
  const f = form.data;
  // One table per disaggregation: elements sharing a category combo share columns.
  const groups = new Map<string, Api.EntryFormElement[]>();
  for (const el of f.elements) {
    const sig = el.combos.map((c) => c.id).join(',');
    groups.set(sig, [...(groups.get(sig) ?? []), el]);
  }
  const setComplet = async (done: boolean): Promise<void> => {
    setCompleteError(null);
    try {
      await api('/api/dataEntry/complete', {
        body: { dataSet: ds, orgUnit: ou, period: pe, complete: done },
      });
      form.reload();
    } catch (e) {
      setCompleteError(toApiError(e));
    }
  };
  const focusKey = focus ? key(focus.de, focus.coc) : null;
  return (
    <div className="form-layout" aria-busy={pending} data-testid="entry-form">
      <Card
        title={`${f.dataSet.name} · ${f.orgUnit.name} · ${periodName(f.period, lang)}`}
        actions={
          canWrite ? (
            <button
              type="button"
              className={complete ? '' : 'primary'}
              onClick={() => void setComplet(!complete)}
              disabled={pending}
              data-testid="complete"
            >
              {complete ? t('entry.incomplete') : t('entry.complete')}
            </button>
          ) : undefined
        }
      >
        {pending && (
          <p className="banner" role="status" data-testid="form-loading">
            {t('entry.loadingForm', { period: periodName(pe, lang) })}
          </p>
        )}
        <p className="muted small" data-testid="completion">
          {complete
            ? t('entry.completedBy', { user: complete.by, time: dateTime(complete.at) })
            : t('entry.notComplete')}{' '}
          · {t('entry.keyboard')}
        </p>
        <ErrorBox error={completeError} />
        {approval.data && (
          <ApprovalBar
            view={approval.data}
            ds={ds}
            pe={pe}
            canApprove={canApprove}
            onChange={approval.reload}
          />
        )}
        <FormCheck ds={ds} ou={ou} pe={pe} />
        {!f.assigned && <p className="error">{t('entry.notAssigned')}</p>}
        <div ref={grid} className={pending ? 'form-pending' : undefined}>
          {[...groups.values()].map((els, g) => {
            const combos = els[0]?.combos ?? [];
            // Many disaggregations (sex × age) read better as rows, one column per element.
            const transposed = combos.length > 8;
            const cell = (
              el: Api.EntryFormElement,
              c: { id: string; name: string },
              row: number,
              col: number,
            ): React.JSX.Element => {
              const k = key(el.id, c.id);
              const state = cells.get(k);
              const label = c.name === 'default' ? el.name : `${el.name} ${c.name}`;
              const m = meta.get(k);
              return (
                <td
                  key={`${el.id}${c.id}`}
                  className={`cell ${state?.kind ?? ''} ${focusKey === k ? 'focused' : ''}`}
                >
                  <input
                    data-cell={k}
                    data-de={el.code ?? el.id}
                    data-row={row}
                    data-col={col}
                    aria-label={label}
                    aria-invalid={state?.kind === 'error'}
                    inputMode={isNumericValueType(el.valueType) ? 'decimal' : 'text'}
                    value={values.get(k) ?? ''}
                    readOnly={!canWrite}
                    disabled={pending}
                    onChange={(e) => setValues((v) => new Map(v).set(k, e.target.value))}
                    onFocus={() => setFocus({ de: el.id, coc: c.id, label })}
                    onBlur={() => void save(el.id, c.id, el.valueType)}
                    onKeyDown={onKey}
                  />
                  {m?.followUp && (
                    <span title={t('entry.followUp')} aria-label={t('entry.followUp')}>
                      ⚑
                    </span>
                  )}
                  {m?.comment && <span title={m.comment}>✎</span>}
                  <span className="cell-status" role="status" aria-live="polite">
                    {state?.kind === 'saving'
                      ? t('entry.saving')
                      : state?.kind === 'saved'
                        ? t('entry.saved')
                        : state?.kind === 'error' || state?.kind === 'warning'
                          ? state.message
                          : ''}
                  </span>
                </td>
              );
            };
            return (
              <div key={g} className="scroll-x">
                {transposed ? (
                  <table className="table form-grid">
                    <thead>
                      <tr>
                        <th scope="col" />
                        {els.map((el) => (
                          <th key={el.id} scope="col">
                            {el.name}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {combos.map((c, r) => (
                        <tr key={c.id}>
                          <th scope="row">{c.name}</th>
                          {els.map((el, col) => cell(el, el.combos.find((x) => x.id === c.id) ?? c, r, col))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <table className="table form-grid">
                    <thead>
                      <tr>
                        <th scope="col">{t('entry.element')}</th>
                        {combos.map((c) => (
                          <th key={c.id} scope="col">
                            {c.name === 'default' ? t('common.value') : c.name}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {els.map((el, r) => (
                        <tr key={el.id}>
                          <th scope="row">{el.name}</th>
                          {el.combos.map((c, col) => cell(el, c, r, col))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            );
          })}
        </div>
      </Card>
      <CellPanel
        key={focusKey ?? ''}
        focus={focus}
        meta={focusKey ? meta.get(focusKey) : undefined}
        canWrite={canWrite && focusKey !== null && (values.get(focusKey) ?? '') !== ''}
        history={canAudit && focus ? `/api/audit${query({ ou, pe, de: focus.de, limit: 20 })}` : null}
        onSave={(extra) => {
          if (focus) {
            const el = f.elements.find((x) => x.id === focus.de);
            void save(focus.de, focus.coc, el?.valueType ?? 'TEXT', extra);
          }
        }}
      />
    </div>
  );
}

/** Runs the validation rules of this form's data set on its unit and period (what the clerk checks before completing). */
function FormCheck({ ds, ou, pe }: { ds: string; ou: string; pe: string }): React.JSX.Element {
  const { t } = useI18n();
  const [result, setResult] = useState<Api.ValidationRunResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (): Promise<void> => {
    setError(null);
    try {
      setResult(
        await api<Api.ValidationRunResponse>('/api/validation/run', {
          body: { orgUnit: ou, periods: [pe], dataSet: ds },
        }),
      );
    } catch (e) {
      setError(toApiError(e));
    }
  };
  return (
    <div className="form-check">
      <button type="button" onClick={() => void run()} data-testid="check-form">
        {t('entry.check')}
      </button>
      {result && (
        <div role="status" data-testid="check-result">
          {result.violations.length === 0 ? (
            <span className="ok">{t('quality.noViolations')}</span>
          ) : (
            <ul className="history">
              {result.violations.map((v, i) => (
                <li key={i} className="warn">
                  {v.ruleName}：{v.message}。{v.instruction}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorBox error={error} />
    </div>
  );
}

function ApprovalBar({
  view,
  ds,
  pe,
  canApprove,
  onChange,
}: {
  view: Api.ApprovalResponse;
  ds: string;
  pe: string;
  canApprove: boolean;
  onChange: () => void;
}): React.JSX.Element {
  const { t, dateTime } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const act = async (action: 'approve' | 'unapprove' | 'accept' | 'unaccept'): Promise<void> => {
    setError(null);
    try {
      await api('/api/dataApprovals', {
        body: {
          dataSet: ds,
          orgUnit: view.orgUnit.id,
          period: pe,
          action,
          ...(action === 'unapprove' ? { reason } : {}),
        },
      });
      setReason('');
      onChange();
    } catch (e) {
      setError(toApiError(e));
    }
  };
  const a = view.approval;
  return (
    <div className="approval" data-testid="approval">
      <p>
        <strong data-testid="approval-state">{t('entry.approval', { state: view.stateName })}</strong>
        {a && (
          <span className="muted small">
            {' '}
            · {t('entry.approvedBy', { user: a.approvedBy, time: dateTime(a.approvedAt) })}
            {a.acceptedBy && a.acceptedAt
              ? t('entry.acceptedBy', { user: a.acceptedBy, time: dateTime(a.acceptedAt) })
              : ''}
          </span>
        )}
      </p>
      {view.locked && (
        <p className="banner" role="status" data-testid="locked">
          {t('entry.locked', { message: view.locked.message })}
        </p>
      )}
      {canApprove && (
        <div className="actions">
          {view.state === 'ready' && (
            <button
              type="button"
              className="primary"
              onClick={() => void act('approve')}
              data-testid="approve"
            >
              {t('entry.approve')}
            </button>
          )}
          {view.state === 'approved' && (
            <>
              <input
                aria-label={t('entry.reason')}
                placeholder={t('entry.reason')}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                data-testid="unapprove-reason"
              />
              <button type="button" onClick={() => void act('unapprove')} data-testid="unapprove">
                {t('entry.unapprove')}
              </button>
              <button type="button" onClick={() => void act('accept')}>
                {t('entry.accept')}
              </button>
            </>
          )}
          {view.state === 'accepted' && (
            <button type="button" onClick={() => void act('unaccept')}>
              {t('entry.unaccept')}
            </button>
          )}
        </div>
      )}
      {view.children.length > 0 && (
        <details>
          <summary>{t('entry.below')}</summary>
          <ul className="place-grid">
            {view.children.map((c) => (
              <li key={c.orgUnit} className={`approval-${c.state}`}>
                {c.name} · {c.stateName}
              </li>
            ))}
          </ul>
        </details>
      )}
      <ErrorBox error={error} />
    </div>
  );
}

function CellPanel({
  focus,
  meta,
  canWrite,
  history,
  onSave,
}: {
  focus: { label: string } | null;
  meta: { comment: string; followUp: boolean } | undefined;
  canWrite: boolean;
  history: string | null;
  onSave: (m: { comment: string; followUp: boolean }) => void;
}): React.JSX.Element {
  const { t, dateTime } = useI18n();
  const [comment, setComment] = useState(meta?.comment ?? '');
  const [followUp, setFollowUp] = useState(meta?.followUp ?? false);
  const audit = useApi<Api.AuditResponse>(history);
  if (!focus) {
    return (
      <aside className="card side">
        <p className="muted">{t('entry.pickCell')}</p>
      </aside>
    );
  }
  return (
    <aside className="card side" aria-label={t('entry.cellFor', { name: focus.label })}>
      <h2>{t('entry.cellFor', { name: focus.label })}</h2>
      <label>
        {t('entry.comment')}
        <textarea
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          rows={3}
          disabled={!canWrite}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={followUp}
          onChange={(e) => setFollowUp(e.target.checked)}
          disabled={!canWrite}
        />{' '}
        {t('entry.followUp')}
      </label>
      <button type="button" onClick={() => onSave({ comment, followUp })} disabled={!canWrite}>
        {t('entry.saveComment')}
      </button>
      {history && audit.data && (
        <>
          <h3>{t('entry.history')}</h3>
          <ul className="history">
            {audit.data.audit.map((a, i) => (
              <li key={i}>
                {dateTime(a.changedAt)} {a.changedBy}: {a.oldValue ?? '∅'} → {a.newValue ?? '∅'}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
