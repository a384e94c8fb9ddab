import type * as Api from '@healthwatch/contract';
import { AppError, draftToPlanDocument } from '@healthwatch/core';
import { useState } from 'react';
import { Card, ErrorBox, FilePicker } from '../components/common';
import { IndicatorRows, Problems, ProjectRows, renumber, revise } from '../components/plan-draft-rows';
import { useI18n } from '../i18n/i18n';
import { api, query, toApiError } from '../lib/api';
import { href } from '../lib/router';

const TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain; charset=utf-8',
};

type Draft = Api.PlanDraftResponse;
type Row = Api.DraftIndicator;

/** Upload a plan's document (DOCX, TXT, XLSX), check every row it gives, correct it, save it as a plan. */
export default function PlanDraftPage(): React.JSX.Element {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [tables, setTables] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const read = async (): Promise<void> => {
    if (!file) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const ext = file.name.toLowerCase().split('.').pop() ?? '';
      const d = await api<Draft>(`/api/plans/drafts${query({ table: tables.trim() || undefined })}`, {
        method: 'POST',
        body: await file.arrayBuffer(),
        contentType: TYPES[ext] ?? 'application/octet-stream',
      });
      setDraft(d);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const setRow = (i: number, patch: Partial<Row>): void =>
    setDraft((d) =>
      d
        ? { ...d, indicators: d.indicators.map((r, k) => (k === i ? revise(r, patch, lang, d.format) : r)) }
        : d,
    );
  return (
    <div data-testid="plan-draft">
      <h1>{t('planDraft.title')}</h1>
      <Card>
        <p className="muted">{t('planDraft.intro')}</p>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <FilePicker
            label={t('planDraft.file')}
            accept=".docx,.txt,.xlsx"
            file={file}
            testId="draft-file"
            onChange={(f) => {
              setFile(f);
              setDraft(null);
            }}
          />
          <label>
            {t('planDraft.tables')}
            <input value={tables} onChange={(e) => setTables(e.target.value)} size={8} />
          </label>
          <button type="button" className="primary" disabled={!file || busy} onClick={() => void read()}>
            {t('planDraft.read')}
          </button>
        </form>
        <ErrorBox error={error} />
      </Card>
      {draft && (
        <>
          <PlanCard draft={draft} onChange={(plan) => setDraft({ ...draft, plan })} />
          <IndicatorRows draft={draft} setRow={setRow} />
          {draft.projects.length > 0 && (
            <ProjectRows draft={draft} setNo={(i, no) => setDraft(renumber(draft, i, no, lang))} />
          )}
          <SaveCard draft={draft} />
        </>
      )}
    </div>
  );
}

function PlanCard({
  draft,
  onChange,
}: {
  draft: Draft;
  onChange: (plan: Draft['plan']) => void;
}): React.JSX.Element {
  const { t } = useI18n();
  const p = draft.plan;
  const year = (v: string): number | null => (/^\d{4}$/.test(v) ? Number(v) : null);
  return (
    <Card title={t('planDraft.plan')}>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('planDraft.code')}
          <input value={p.code} onChange={(e) => onChange({ ...p, code: e.target.value })} />
        </label>
        <label>
          {t('planDraft.name')}
          <input value={p.name} size={36} onChange={(e) => onChange({ ...p, name: e.target.value })} />
        </label>
        <label>
          {t('planDraft.baselineYear')}
          <input
            value={p.baselineYear ?? ''}
            size={5}
            onChange={(e) => onChange({ ...p, baselineYear: year(e.target.value) })}
          />
        </label>
        <label>
          {t('planDraft.targetYear')}
          <input
            value={p.targetYear ?? ''}
            size={5}
            onChange={(e) => onChange({ ...p, targetYear: year(e.target.value) })}
          />
        </label>
        <label>
          {t('planDraft.issuer')}
          <input
            value={p.issuer ?? ''}
            onChange={(e) => onChange({ ...p, issuer: e.target.value || null })}
          />
        </label>
      </form>
      <Problems list={draft.problems.filter((x) => x.field !== 'table')} />
      <table className="table" data-testid="draft-tables">
        <caption>{t('planDraft.tablesFound')}</caption>
        <thead>
          <tr>
            <th>{t('planDraft.table')}</th>
            <th>{t('planDraft.caption')}</th>
            <th>{t('planDraft.kind')}</th>
            <th>{t('common.status')}</th>
          </tr>
        </thead>
        <tbody>
          {draft.tables.map((x) => (
            <tr key={x.index}>
              <td>{x.index}</td>
              <td>{x.caption ?? '—'}</td>
              <td>{t(`planDraft.kind.${x.kind ?? 'other'}`)}</td>
              <td>{x.used ? t('planDraft.used') : `${t('planDraft.notUsed')}：${x.reason ?? ''}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

/** How many problems are left, and saving the plan file the draft makes now (POST /api/plans). */
function SaveCard({ draft }: { draft: Draft }): React.JSX.Element {
  const { t, lang } = useI18n();
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<Api.PlanImportResponse | null>(null);
  const all = [
    ...draft.problems,
    ...draft.indicators.flatMap((i) => i.problems),
    ...draft.projects.flatMap((p) => p.problems),
  ];
  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const doc = draftToPlanDocument(draft);
      setSaved(
        await api<Api.PlanImportResponse>(`/api/plans${query({ replace: replace ? 'true' : undefined })}`, {
          method: 'POST',
          body: doc,
        }),
      );
    } catch (e) {
      setError(e instanceof AppError ? new Error(e.render(lang)) : toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <p data-testid="draft-summary" className={all.some((p) => p.severity === 'error') ? 'error' : 'warn'}>
        {t('planDraft.summary', {
          errors: all.filter((p) => p.severity === 'error').length,
          warnings: all.filter((p) => p.severity === 'warning').length,
        })}
      </p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label className="check">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />{' '}
          {t('planDraft.replace')}
        </label>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void save()}
          data-testid="draft-save"
        >
          {t('planDraft.save')}
        </button>
      </form>
      <ErrorBox error={error} />
      {saved && (
        <p className="ok" role="status" data-testid="draft-saved">
          {t('planDraft.saved', {
            code: saved.code,
            indicators: saved.indicators,
            projects: saved.projects,
            values: saved.values,
          })}{' '}
          <a href={href(`/plans/${saved.code}`)}>{t('planDraft.open')}</a>
        </p>
      )}
    </Card>
  );
}
