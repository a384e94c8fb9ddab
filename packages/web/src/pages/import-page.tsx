import type * as Api from '@healthwatch/contract';
import { isMessageKey, t as coreT } from '@healthwatch/core';
import { useState } from 'react';
import { Card, ErrorBox, FilePicker } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { apiWithStatus, query } from '../lib/api';
import { DataSetSelect } from '../components/data-set-select';

const TYPES: Record<string, string> = {
  csv: 'application/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
};

/** Upload a file, see the dry-run summary with its problem rows, then import; templates per data set. */
export default function ImportPage(): React.JSX.Element {
  const { t, lang } = useI18n();
  // A conflict's field is a canonical name (orgUnit, value): the column shows what readers call it.
  const fieldLabel = (field: string): string => {
    const key = field === '(columns)' ? 'field.columns' : `field.${field}`;
    return isMessageKey(key) ? coreT(lang, key) : field;
  };
  const [file, setFile] = useState<File | null>(null);
  const [summary, setSummary] = useState<{ result: Api.ImportSummaryResponse; dryRun: boolean } | null>(null);
  const [skip, setSkip] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [templateSet, setTemplateSet] = useState('');
  const send = async (dryRun: boolean): Promise<void> => {
    if (!file) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const ext = file.name.toLowerCase().split('.').pop() ?? '';
      const type = TYPES[ext] ?? 'application/csv';
      const body = ext === 'json' ? await file.text() : await file.arrayBuffer();
      const r = await apiWithStatus<Api.ImportSummaryResponse | Api.ErrorResponse>(
        `/api/dataValueSets${query({ dryRun: dryRun ? 'true' : undefined, importStrategy: skip ? 'SKIP_CONFLICTS' : undefined })}`,
        { method: 'POST', body, contentType: type },
      );
      if ('error' in r.body) {
        throw new Error(r.body.error.message);
      }
      setSummary({ result: r.body, dryRun });
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  const s = summary?.result;
  return (
    <div>
      <h1>{t('import.title')}</h1>
      <Card>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <FilePicker
            label={t('import.file')}
            accept=".csv,.xlsx,.json"
            file={file}
            testId="import-file"
            onChange={(f) => {
              setFile(f);
              setSummary(null);
            }}
          />
          <label className="check">
            <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} />{' '}
            {t('import.skip')}
          </label>
          <button
            type="button"
            onClick={() => void send(true)}
            disabled={!file || busy}
            data-testid="import-check"
          >
            {t('import.check')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void send(false)}
            disabled={!file || busy || !summary?.dryRun || (s?.status === 'ERROR' && !skip)}
            data-testid="import-commit"
          >
            {t('import.commit')}
          </button>
        </form>
        <ErrorBox error={error} />
      </Card>
      {s && (
        <Card title={summary.dryRun ? t('import.summary') : t('import.committed')}>
          <p
            data-testid="import-status"
            className={s.status === 'ERROR' ? 'error' : s.status === 'WARNING' ? 'warn' : 'ok'}
          >
            {t(`import.status.${s.status}`)} ·{' '}
            {t('import.counts', {
              imported: s.imported,
              updated: s.updated,
              deleted: s.deleted,
              ignored: s.ignored,
            })}
          </p>
          {s.conflicts.length > 0 && (
            <table className="table" data-testid="import-conflicts">
              <caption>{t('import.conflicts')}</caption>
              <thead>
                <tr>
                  <th>{t('import.row')}</th>
                  <th>{t('import.field')}</th>
                  <th>{t('common.value')}</th>
                  <th>{t('import.message')}</th>
                </tr>
              </thead>
              <tbody>
                {s.conflicts.map((c, i) => (
                  <tr key={i}>
                    <td>{c.row}</td>
                    <td>{fieldLabel(c.field)}</td>
                    <td>{c.value}</td>
                    <td>{c.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      )}
      <Card title={t('import.templates')}>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <DataSetSelect value={templateSet} onChange={setTemplateSet} />
          {templateSet && (
            <>
              <a
                className="button"
                href={`/api/dataEntry/template${query({ ds: templateSet, format: 'xlsx' })}`}
                download
              >
                XLSX
              </a>
              <a
                className="button"
                href={`/api/dataEntry/template${query({ ds: templateSet, format: 'csv' })}`}
                download
              >
                CSV
              </a>
            </>
          )}
        </form>
      </Card>
    </div>
  );
}
