import {
  EVENT_STATUS_LABELS,
  EventGrade,
  EventStatus,
  GRADE_LABELS,
  nextEventStatuses,
} from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import { useMemo, useState } from 'react';
import { Async, Card, ErrorBox, Loading } from '../components/common';
import { Chart } from '../components/chart';
import { useI18n } from '../i18n/i18n';
import type { ApiError } from '../lib/api';
import { api, query, toApiError } from '../lib/api';
import { href } from '../lib/router';
import type { Route } from '../lib/router';
import { useApi } from '../lib/use-api';

// Core's grades, the most severe first (a place shows its worst event).
const GRADES: readonly EventGrade[] = [EventGrade.RED, EventGrade.ORANGE, EventGrade.YELLOW, EventGrade.BLUE];
const GRADE_COLORS: Record<EventGrade, string> = {
  red: '#c62828',
  orange: '#ef6c00',
  yellow: '#f9a825',
  blue: '#1565c0',
};
const STATUSES: readonly EventStatus[] = Object.values(EventStatus);

/** Early-warning events: the list, a township grid, and one event with its series and workflow. */
export default function WarningsPage({
  route,
  eventId,
}: {
  route: Route;
  eventId: string | undefined;
}): React.JSX.Element {
  return eventId ? <EventDetail id={eventId} /> : <EventList route={route} />;
}

function EventList({ route }: { route: Route }): React.JSX.Element {
  const { t, label } = useI18n();
  const status = route.params.get('status') ?? '';
  const events = useApi<Api.SurveillanceEventsResponse>(
    `/api/surveillance/events${query({ status, limit: 500 })}`,
  );
  const units = useApi<Api.OrgUnitList>('/api/metadata/orgUnits');
  const grid = useMemo(() => {
    const byPlace = new Map<string, { name: string; count: number; worst: number }>();
    for (const e of events.data?.events ?? []) {
      const k = e.orgUnitUid || String(e.orgUnitId);
      const g = GRADES.indexOf(e.grade);
      const cur = byPlace.get(k) ?? { name: e.orgUnitName || k, count: 0, worst: 9 };
      byPlace.set(k, { name: cur.name, count: cur.count + 1, worst: Math.min(cur.worst, g) });
    }
    return byPlace;
  }, [events.data]);
  const mapOption = useMemo(() => {
    const pts = (units.data?.orgUnits ?? []).filter((u) => grid.has(u.id) && u.latitude !== undefined);
    return {
      tooltip: {
        formatter: (p: { data: { value: [number, number, number, string] } }) =>
          `${p.data.value[3]}: ${p.data.value[2]}`,
      },
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', scale: true, axisLabel: { formatter: '{value}°E' } },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: '{value}°N' } },
      series: [
        {
          type: 'scatter',
          data: pts.map((u) => {
            const g = grid.get(u.id);
            return {
              value: [u.longitude, u.latitude, g?.count ?? 0, u.name],
              itemStyle: { color: GRADE_COLORS[GRADES[g?.worst ?? 3] ?? 'blue'] },
            };
          }),
          symbolSize: (v: number[]) => 10 + 4 * Math.sqrt(v[2] ?? 0),
          label: {
            show: true,
            position: 'bottom',
            fontSize: 10,
            formatter: (p: { data: { value: [number, number, number, string] } }) => p.data.value[3],
          },
        },
      ],
    };
  }, [units.data, grid]);
  return (
    <div>
      <div className="page-head">
        <h1>{t('warnings.title')}</h1>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('common.status')}
            <select
              value={status}
              onChange={(e) => (window.location.hash = href('/warnings', { status: e.target.value }))}
            >
              <option value="">{t('common.all')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {label(EVENT_STATUS_LABELS[s])}
                </option>
              ))}
            </select>
          </label>
        </form>
      </div>
      <Async state={events}>
        {(d) => (
          <div className="grid two">
            <Card title={t('warnings.events')}>
              <table className="table" data-testid="events-table">
                <thead>
                  <tr>
                    <th>{t('common.status')}</th>
                    <th>{t('warnings.disease')}</th>
                    <th>{t('warnings.place')}</th>
                    <th>{t('warnings.weeks')}</th>
                    <th>{t('warnings.points')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {d.events.map((e) => (
                    <tr key={e.id}>
                      <td>
                        <span className={`grade grade-${e.grade}`}>{label(GRADE_LABELS[e.grade])}</span>{' '}
                        {label(EVENT_STATUS_LABELS[e.status])}
                      </td>
                      <td>{e.diseaseName}</td>
                      <td>{e.orgUnitName}</td>
                      <td>
                        {e.periodFrom}–{e.periodTo}
                      </td>
                      <td>{e.points}</td>
                      <td>
                        <a href={href(`/warnings/${e.id}`)}>{t('common.details')}</a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
            <Card title={t('warnings.grid')}>
              {units.data ? (
                <Chart option={mapOption} label={t('warnings.grid')} height={420} />
              ) : (
                <Loading />
              )}
              <ul className="place-grid">
                {[...grid.entries()]
                  .sort((a, b) => a[1].worst - b[1].worst || b[1].count - a[1].count)
                  .map(([k, g]) => (
                    <li key={k} style={{ borderColor: GRADE_COLORS[GRADES[g.worst] ?? 'blue'] }}>
                      {g.name} <strong>{g.count}</strong>
                    </li>
                  ))}
              </ul>
            </Card>
          </div>
        )}
      </Async>
    </div>
  );
}

function EventDetail({ id }: { id: string }): React.JSX.Element {
  const { t, dateTime, label } = useI18n();
  const ev = useApi<Api.SurveillanceEventResponse>(`/api/surveillance/events/${id}`);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const e = ev.data;
  const series = useApi<Api.SurveillanceSeriesResponse>(
    e
      ? `/api/surveillance/series${query({ disease: e.disease, ou: e.orgUnitUid || e.orgUnit, to: e.periodTo, weeks: 26 })}`
      : null,
  );
  const option = useMemo(() => {
    if (!series.data || !e) {
      return null;
    }
    const s = series.data;
    const alarmed = s.weeks.map((_, k) => s.methods.some((m) => m.alarm[k]));
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: 'category', data: s.weeks },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('warnings.cases'),
          data: s.counts.map((v, k) => ({
            value: v,
            itemStyle: { color: alarmed[k] ? GRADE_COLORS[e.grade] : '#90a4ae' },
          })),
        },
        ...s.methods.map((m) => ({
          type: 'line',
          name: `${m.label} ${t('warnings.threshold')}`,
          data: m.upper,
          symbol: 'none',
          lineStyle: { type: 'dashed', width: 1.5 },
          connectNulls: false,
        })),
      ],
    };
  }, [series.data, e, t]);
  const move = async (to: string): Promise<void> => {
    setError(null);
    try {
      await api(`/api/surveillance/events/${id}/transition`, {
        body: { status: to, note: note || undefined },
      });
      setNote('');
      ev.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  if (ev.error) {
    return <ErrorBox error={ev.error} />;
  }
  if (!e) {
    return <Loading />;
  }
  return (
    <div>
      <p>
        <a href={href('/warnings')}>← {t('warnings.events')}</a>
      </p>
      <div className="page-head">
        <h1>
          <span className={`grade grade-${e.grade}`}>{label(GRADE_LABELS[e.grade])}</span> {e.orgUnitName} ·{' '}
          {e.diseaseName}
        </h1>
        <span className="badge">{label(EVENT_STATUS_LABELS[e.status])}</span>
      </div>
      <p data-testid="event-explanation">{e.explanation}</p>
      <Card title={t('warnings.series')}>
        {option ? <Chart option={option} label={t('warnings.series')} height={280} /> : <Loading />}
      </Card>
      <div className="grid two">
        <Card title={t('warnings.move')}>
          <label>
            {t('warnings.note')}
            <textarea rows={3} value={note} onChange={(x) => setNote(x.target.value)} />
          </label>
          <div className="actions">
            {nextEventStatuses(e.status).map((s) => (
              <button key={s} type="button" onClick={() => void move(s)} data-testid={`move-${s}`}>
                {label(EVENT_STATUS_LABELS[s])}
              </button>
            ))}
          </div>
          <ErrorBox error={error} />
        </Card>
        <Card title={t('warnings.log')}>
          <ul className="history">
            {e.log.map((l, i) => (
              <li key={i}>
                {dateTime(l.at)} {l.username}: {l.fromStatus ? label(EVENT_STATUS_LABELS[l.fromStatus]) : '∅'}{' '}
                → {label(EVENT_STATUS_LABELS[l.toStatus])} {l.note ?? ''}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </div>
  );
}
