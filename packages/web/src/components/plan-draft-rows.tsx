import type * as Api from '@healthwatch/contract';
import {
  describeTargetRule,
  numberCell,
  parseTargetWording,
  renderParam,
  reviewIndicator,
  reviewProject,
  t as coreT,
} from '@healthwatch/core';
import type { DraftProblem as CoreProblem, Locale } from '@healthwatch/core';
import { Card } from './common';
import { useI18n } from '../i18n/i18n';

/** The rows of a plan draft (plans/draft): every indicator with inputs for its corrections, the projects. */

type Draft = Api.PlanDraftResponse;
type Row = Api.DraftIndicator;

/** A problem of core's review as the API renders it, in the page's language. */
export function rendered(lang: Locale, format: Draft['format'], p: CoreProblem): Api.DraftProblem {
  return {
    table: p.table,
    row: p.row,
    field: p.field,
    fieldLabel: coreT(lang, `draftField.${p.field}`),
    severity: p.severity,
    origin: 'review',
    key: p.message.key,
    message: coreT(lang, p.message.key, p.message.params),
    at:
      p.table !== null && p.row !== null
        ? coreT(lang, `draft.at.${format}`, { table: p.table, row: p.row })
        : '',
  };
}

/** A row after a correction: its rule read again from the wording, its problems asked again. */
export function revise(row: Row, patch: Partial<Row>, lang: Locale, format: Draft['format']): Row {
  const next = { ...row, ...patch };
  next.rule = parseTargetWording(next.target, next.relativeTo ?? undefined);
  next.problems = [
    ...row.problems.filter((p) => p.origin === 'reading'),
    ...reviewIndicator(next).map((p) => rendered(lang, format, p)),
  ];
  return next;
}

/** A project's number corrected (a typo such as 7 for 17), its problems asked again. */
export function renumber(draft: Draft, i: number, no: number | null, lang: Locale): Draft {
  return {
    ...draft,
    projects: draft.projects.map((p, k) =>
      k === i
        ? {
            ...p,
            no,
            problems: [
              ...p.problems.filter((x) => x.origin === 'reading'),
              ...reviewProject({ ...p, no }, k + 1).map((x) => rendered(lang, draft.format, x)),
            ],
          }
        : p,
    ),
  };
}

export function Problems({ list }: { list: readonly Api.DraftProblem[] }): React.JSX.Element {
  const { t } = useI18n();
  if (list.length === 0) {
    return <span className="muted small">{t('planDraft.noProblems')}</span>;
  }
  return (
    <ul className="draft-problems">
      {list.map((p, i) => (
        <li key={i} className={p.severity === 'error' ? 'error' : 'warn'}>
          {p.fieldLabel}：{p.message}
        </li>
      ))}
    </ul>
  );
}

export function IndicatorRows({
  draft,
  setRow,
}: {
  draft: Draft;
  setRow: (i: number, patch: Partial<Row>) => void;
}): React.JSX.Element {
  const { t } = useI18n();
  return (
    <Card title={t('planDraft.indicators', { count: draft.indicators.length })}>
      <div className="table-scroll">
        <table className="table draft-table" data-testid="draft-indicators">
          <thead>
            <tr>
              <th>{t('planDraft.at')}</th>
              <th>{t('planDraft.section')}</th>
              <th>{t('planDraft.indicator')}</th>
              <th>{t('planDraft.unit')}</th>
              <th>{t('planDraft.baseline')}</th>
              <th>{t('planDraft.target')}</th>
              <th>{t('planDraft.rule')}</th>
              <th>{t('planDraft.nature')}</th>
              <th>{t('planDraft.polarity')}</th>
              <th>{t('planDraft.link')}</th>
              <th>{t('planDraft.problems')}</th>
            </tr>
          </thead>
          <tbody>
            {draft.indicators.map((r, i) => (
              <IndicatorRow
                key={`${r.table}-${r.row}`}
                draft={draft}
                row={r}
                set={(patch) => setRow(i, patch)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function IndicatorRow({
  draft,
  row: r,
  set,
}: {
  draft: Draft;
  row: Row;
  set: (patch: Partial<Row>) => void;
}): React.JSX.Element {
  const { t, lang } = useI18n();
  const sections = new Map(draft.sections.map((s) => [s.code, s.name]));
  return (
    <tr className={r.problems.some((p) => p.severity === 'error') ? 'conflict' : undefined}>
      <td className="small nowrap">
        {coreT(lang, `draft.at.${draft.format}`, { table: r.table, row: r.row })}
      </td>
      <td className="nowrap">{sections.get(r.section) ?? r.section}</td>
      <td>
        <input
          aria-label={`${t('planDraft.indicator')} ${r.row}`}
          value={r.name}
          size={18}
          title={r.name}
          onChange={(e) => set({ name: e.target.value })}
        />
      </td>
      <td>
        <input
          aria-label={`${t('planDraft.unit')} ${r.name}`}
          value={r.unit ?? ''}
          size={6}
          onChange={(e) => set({ unit: e.target.value || null, unitFrom: 'user' })}
        />
      </td>
      <td>
        <input
          aria-label={`${t('planDraft.baseline')} ${r.name}`}
          value={r.baselineText}
          size={7}
          onChange={(e) => {
            const c = numberCell(e.target.value);
            const baseline = c.kind === 'number' || c.kind === 'approximate' ? c.value : null;
            set({ baselineText: e.target.value, baseline });
          }}
        />
      </td>
      <td>
        <input
          aria-label={`${t('planDraft.target')} ${r.name}`}
          value={r.target}
          size={9}
          onChange={(e) => set({ target: e.target.value })}
        />
      </td>
      <td>
        <span data-testid={`rule-${r.row}`}>
          {renderParam(
            lang,
            describeTargetRule(
              // Named as the reader knows it, not by its code.
              r.rule.kind === 'relative' && r.rule.to
                ? { ...r.rule, to: draft.indicators.find((x) => x.code === r.relativeTo)?.name ?? r.rule.to }
                : r.rule,
            ),
          )}
        </span>
        {r.rule.kind === 'relative' && (
          <select
            aria-label={`${t('planDraft.relativeTo')} ${r.name}`}
            value={r.relativeTo ?? ''}
            onChange={(e) => set({ relativeTo: e.target.value || null })}
          >
            <option value="">{t('planDraft.choose')}</option>
            {draft.indicators
              .filter((x) => x.code !== r.code)
              .map((x) => (
                <option key={x.code} value={x.code}>
                  {x.name}
                </option>
              ))}
          </select>
        )}
      </td>
      <td>
        <select
          aria-label={`${t('planDraft.nature')} ${r.name}`}
          value={r.nature}
          onChange={(e) => set({ nature: e.target.value as Row['nature'], natureFrom: 'user' })}
        >
          <option value="binding">{t('plan.nature.binding')}</option>
          <option value="expected">{t('plan.nature.expected')}</option>
        </select>
      </td>
      <td>
        <select
          aria-label={`${t('planDraft.polarity')} ${r.name}`}
          value={r.polarity}
          onChange={(e) => set({ polarity: e.target.value as Row['polarity'], polarityFrom: 'user' })}
        >
          {(['higher', 'lower', 'neutral'] as const).map((p) => (
            <option key={p} value={p}>
              {coreT(lang, `draft.polarity.${p}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <LinkSelect draft={draft} row={r} set={set} />
      </td>
      <td>
        <Problems list={r.problems} />
      </td>
    </tr>
  );
}

/** The library indicator a row is linked to; choosing one takes its direction. */
function LinkSelect({
  draft,
  row: r,
  set,
}: {
  draft: Draft;
  row: Row;
  set: (patch: Partial<Row>) => void;
}): React.JSX.Element {
  const { t } = useI18n();
  const library = new Map(draft.library.map((l) => [l.code, l]));
  return (
    <select
      aria-label={`${t('planDraft.link')} ${r.name}`}
      value={r.indicator ?? ''}
      onChange={(e) => {
        const lib = library.get(e.target.value);
        set(
          lib
            ? {
                indicator: lib.code,
                link: { code: lib.code, name: lib.name, unit: lib.unit, match: 'chosen' },
                unitDiffers: null,
                ...(lib.polarity ? { polarity: lib.polarity, polarityFrom: 'library' as const } : {}),
              }
            : { indicator: null, link: null, unitDiffers: null },
        );
      }}
    >
      <option value="">{t('planDraft.noLink')}</option>
      {draft.library.map((l) => (
        <option key={l.code} value={l.code}>
          {l.code} {l.name}
        </option>
      ))}
    </select>
  );
}

export function ProjectRows({
  draft,
  setNo,
}: {
  draft: Draft;
  setNo: (i: number, no: number | null) => void;
}): React.JSX.Element {
  const { t, num, lang } = useI18n();
  return (
    <Card title={t('planDraft.projects', { count: draft.projects.length })}>
      <table className="table draft-table" data-testid="draft-projects">
        <thead>
          <tr>
            <th>{t('planDraft.at')}</th>
            <th>{t('planDraft.projectNo')}</th>
            <th>{t('planDraft.projectName')}</th>
            <th>{t('planDraft.content')}</th>
            <th>{t('planDraft.floorArea')}</th>
            <th>{t('planDraft.beds')}</th>
            <th>{t('planDraft.investment')}</th>
            <th>{t('planDraft.problems')}</th>
          </tr>
        </thead>
        <tbody>
          {draft.projects.map((p, i) => (
            <tr key={`${p.table}-${p.row}`}>
              <td className="small">
                {coreT(lang, `draft.at.${draft.format}`, { table: p.table, row: p.row })}
              </td>
              <td>
                <input
                  aria-label={`${t('planDraft.projectNo')} ${p.name}`}
                  value={p.no ?? ''}
                  size={3}
                  onChange={(e) => setNo(i, /^\d+$/.test(e.target.value) ? Number(e.target.value) : null)}
                />
              </td>
              <td>{p.name}</td>
              <td className="small draft-content">{p.content}</td>
              <td>{num(p.floorArea, 2)}</td>
              <td>{num(p.beds, 0)}</td>
              <td>{num(p.investment, 2)}</td>
              <td>
                <Problems list={p.problems} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
