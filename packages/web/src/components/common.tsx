import { STATUS_LABELS } from '@healthwatch/core';
import type { EvaluationStatus } from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import type { ApiError } from '../lib/api';

export function Loading(): React.JSX.Element {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

export function ErrorBox({ error }: { error: ApiError | Error | null }): React.JSX.Element | null {
  const { t } = useI18n();
  if (!error) {
    return null;
  }
  // The server's details say where each problem is (a row and field, a metadata path): show them.
  const details = 'details' in error ? error.details.slice(0, 10) : [];
  return (
    <div className="error" role="alert">
      {t('common.error', { message: error.message })}
      {details.length > 0 && (
        <ul>
          {details.map((d, i) => (
            <li key={i}>
              {d.path ? `${d.path}：` : ''}
              {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Loading, error or the content, for a page section fed by useApi. */
export function Async<T>({
  state,
  children,
}: {
  state: { data: T | null; error: ApiError | null; loading: boolean };
  children: (data: T) => ReactNode;
}): React.JSX.Element {
  if (state.error) {
    return <ErrorBox error={state.error} />;
  }
  if (state.loading || state.data === null) {
    return <Loading />;
  }
  return <>{children(state.data)}</>;
}

export function StatusBadge({ status, rag }: { status: EvaluationStatus; rag: Api.Rag }): React.JSX.Element {
  const { label } = useI18n();
  return <span className={`badge rag-${rag}`}>{label(STATUS_LABELS[status])}</span>;
}

export function Card({
  title,
  children,
  className,
  actions,
}: {
  title?: ReactNode;
  children: ReactNode;
  className?: string;
  actions?: ReactNode;
}): React.JSX.Element {
  return (
    <section className={`card ${className ?? ''}`}>
      {title !== undefined && (
        <header className="card-head">
          <h2>{title}</h2>
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

/** Completion against time elapsed, as two bars (screen readers get the numbers). */
export function ProgressBars({
  completion,
  time,
}: {
  completion: number | null;
  time: number;
}): React.JSX.Element {
  const { pct } = useI18n();
  const w = (v: number): string => `${Math.max(0, Math.min(1, v)) * 100}%`;
  return (
    <div className="progress" aria-label={`${pct(completion)} / ${pct(time)}`}>
      <div className="bar">
        <span className="fill done" style={{ width: completion === null ? 0 : w(completion) }} />
      </div>
      <div className="bar">
        <span className="fill time" style={{ width: w(time) }} />
      </div>
      <small>
        {pct(completion)} / {pct(time)}
      </small>
    </div>
  );
}

export const RAG_COLORS: Record<Api.Rag, string> = {
  green: '#2e7d32',
  amber: '#ed8b00',
  red: '#c62828',
  grey: '#9e9e9e',
};

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A file chooser whose button and "no file" text are in the page's language: the browser's own
 * `<input type=file>` says "Choose File" in the browser's UI language, whatever the page's.
 */
export function FilePicker({
  label,
  accept,
  file,
  onChange,
  testId,
}: {
  label: string;
  accept: string;
  file: File | null;
  onChange: (f: File | null) => void;
  testId?: string;
}): React.JSX.Element {
  const { t } = useI18n();
  return (
    <label className="file-picker">
      {label}
      <span className="file-picker-row">
        <input
          type="file"
          className="visually-hidden"
          accept={accept}
          data-testid={testId}
          onChange={(e) => onChange(e.target.files?.[0] ?? null)}
        />
        <span className="button" aria-hidden="true">
          {t('file.choose')}
        </span>
        <span className="file-picker-name">{file ? file.name : t('file.none')}</span>
      </span>
    </label>
  );
}
