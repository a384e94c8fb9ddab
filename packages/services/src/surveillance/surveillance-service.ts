import {
  AppError,
  msg,
  EVENT_STATUS_LABELS,
  fuseSignals,
  isEventStatus,
  nextEventStatuses,
  parsePeriod,
  periodsBetween,
  renderParam,
  shiftPeriod,
} from '@healthwatch/core';
import type { Detection, FusedEvent, UnitSignals } from '@healthwatch/core';
import {
  cachedMetadataIndex,
  findSurveillanceEvent,
  orgUnitCoordinates,
  readSetting,
  topOrgUnitUid,
  transitionSurveillanceEvent,
  upsertSurveillanceEvents,
  writeSetting,
} from '@healthwatch/store';
import type { Store, StoredEvent } from '@healthwatch/store';
import * as z from 'zod';
import { readJsonFile } from '../files/read-json-file.js';
import { queryAnalytics } from '../analytics/analytics-service.js';
import { assertInScope, coversEverything, ScopeKind } from '../auth/access-scope.js';
import { accessScope } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';
import { DETECTION_METHODS, detect } from './detect-method.js';
import type { DetectionMethod, DetectionOptions } from './detect-method.js';

/** The early-warning configuration (packs/notifiable-diseases/surveillance.json; docs/surveillance.md). */
export const SurveillanceConfig = z.object({
  description: z.string().optional(),
  periodType: z.literal('Weekly').default('Weekly'),
  /** Each place's nearest places (by centroid) count as neighbours. */
  neighbours: z.number().int().min(0).max(10).default(3),
  /** Org-unit level of the places monitored (default: the children of the top unit). */
  level: z.number().int().min(1).max(10).optional(),
  diseases: z
    .array(
      z.object({
        code: z.string().min(1),
        name: z.string().min(1),
        class: z.string().optional(),
        dataElement: z.string().min(1),
        immediate: z.boolean().default(false),
        methods: z
          .array(
            z.object({
              label: z.string().min(1),
              method: z.enum(DETECTION_METHODS),
              options: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});
export type SurveillanceConfig = z.infer<typeof SurveillanceConfig>;

const CONFIG_SETTING = 'surveillance_config';

export async function saveSurveillanceConfigFile(store: Store, path: string): Promise<SurveillanceConfig> {
  const doc = await readJsonFile(path, SurveillanceConfig);
  const index = await cachedMetadataIndex(store);
  const unknown = doc.diseases.filter((d) => !index.findDataElement(d.dataElement));
  if (unknown.length > 0) {
    throw new AppError(
      'HW_METADATA_INVALID',
      { count: unknown.length },
      {
        details: unknown.map((d) => ({
          path: `diseases.${d.code}.dataElement`,
          message: `未知的数据元 ${d.dataElement}`,
        })),
      },
    );
  }
  await writeSetting(store.db, CONFIG_SETTING, JSON.stringify(doc));
  return doc;
}

export async function loadSurveillanceConfig(store: Store): Promise<SurveillanceConfig> {
  const raw = await readSetting(store.db, CONFIG_SETTING);
  if (!raw) {
    throw new AppError('HW_NOT_FOUND', {
      kind: msg('kind.surveillanceConfig'),
      id: '',
    });
  }
  return SurveillanceConfig.parse(JSON.parse(raw));
}

/** History before the first monitored week: enough for Farrington with b = 3 and the moving percentile. */
const HISTORY_WEEKS = 52 * 3 + 8;
/**
 * Weeks before `from` that are also scanned, so a run of signals that began shortly before the
 * window keeps its first week (the event key) and a narrower re-run updates instead of duplicating.
 */
const LOOKBACK_WEEKS = 8;

export interface SurveillanceRunResult {
  from: string;
  to: string;
  places: number;
  diseases: number;
  events: (FusedEvent & { orgUnitId: number })[];
  created: number;
  updated: number;
}

/** The events of a run before they are saved. */
export type SurveillanceDetection = Omit<SurveillanceRunResult, 'created' | 'updated'>;

/**
 * Runs one configured method over one place's weekly counts. A pure function of its arguments, so
 * the scheduler can pass one that reuses the result of an unchanged series (series-cache.ts).
 */
export type SeriesDetector = (
  y: readonly number[],
  method: DetectionMethod,
  options: DetectionOptions,
) => readonly Detection[];

/**
 * Runs early warning over the weeks `from`…`to` (ISO weeks, e.g. 2024W15) and saves the events (a
 * re-run updates events instead of duplicating them): see {@link detectSurveillanceEvents}. A run
 * covers every township (multi-point triggering compares neighbours), so only a context that sees
 * the whole district may start one.
 */
export async function runSurveillance(
  store: Store,
  ctx: ServiceContext,
  opts: { from: string; to: string },
): Promise<SurveillanceRunResult> {
  const views = accessScope(ctx).viewPaths;
  if (views !== null && !coversEverything(views, await cachedMetadataIndex(store))) {
    throw new AppError('HW_FORBIDDEN', { reason: msg('forbidden.districtWideRun') });
  }
  const found = await detectSurveillanceEvents(store, ctx, opts);
  return { ...found, ...(await saveSurveillanceEvents(store, ctx, found.events)) };
}

/** Saves the events of a run (as the context's actor): new ones start as `new`, known ones get the latest evidence. */
export async function saveSurveillanceEvents(
  store: Store,
  ctx: ServiceContext,
  events: SurveillanceDetection['events'],
): Promise<{ created: number; updated: number }> {
  return store.transaction((tx) =>
    upsertSurveillanceEvents(
      tx,
      events.map((e) => ({
        disease: e.disease,
        orgUnitId: e.orgUnitId,
        periodFrom: e.from,
        periodTo: e.to,
        grade: e.grade,
        points: e.points,
        evidence: e.evidence,
        explanation: e.explanation,
        explanationText: renderParam('zh-CN', e.explanation),
      })),
      ctx.actor,
    ),
  );
}

/**
 * The events of the weeks `from`…`to`, without saving them: weekly counts per place from the
 * analytics service (daily reports summed), every configured method per disease and place (through
 * `detector`), fusion across methods, neighbouring places and weeks into graded events. Only reads,
 * so it can run on its own connection in the early-warning worker thread.
 */
export async function detectSurveillanceEvents(
  store: Store,
  ctx: ServiceContext,
  opts: { from: string; to: string },
  detector: SeriesDetector = detect,
): Promise<SurveillanceDetection> {
  const config = await loadSurveillanceConfig(store);
  const first = parsePeriod(opts.from);
  const last = parsePeriod(opts.to);
  if (first.type !== 'Weekly' || last.type !== 'Weekly' || first.startDate > last.startDate) {
    throw new AppError('HW_VALIDATION', {
      reason: msg('reason.isoWeekRange', { from: opts.from, to: opts.to }),
    });
  }
  const weeks = periodsBetween(
    'Weekly',
    shiftPeriod(first, -(HISTORY_WEEKS + LOOKBACK_WEEKS)).startDate,
    last.startDate,
  );
  const firstIndex = weeks.findIndex((w) => w.id === first.id) + 1;
  const monitoredFrom = firstIndex - LOOKBACK_WEEKS;
  const weekIndex = new Map(weeks.map((w, i) => [w.id, i + 1]));
  const index = await cachedMetadataIndex(store);
  const topUid = await topOrgUnitUid(store.db);
  const top = topUid ? index.orgUnits.find(topUid) : undefined;
  if (!top) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: '' });
  }
  const level = config.level ?? top.level + 1;
  const places = [...index.orgUnits.byId.values()]
    .filter((o) => o.level === level)
    .sort((a, b) => a.path.localeCompare(b.path));
  const coords = await orgUnitCoordinates(
    store.db,
    places.map((p) => p.id),
  );
  const neighbours: Record<string, string[]> = {};
  for (const p of places) {
    const here = coords.get(p.id);
    neighbours[p.uid] = here
      ? places
          .filter((q) => q.id !== p.id && coords.has(q.id))
          .map((q) => {
            const c = coords.get(q.id) ?? [0, 0];
            return {
              uid: q.uid,
              d: (c[0] - here[0]) ** 2 + ((c[1] - here[1]) * Math.cos((here[0] * Math.PI) / 180)) ** 2,
            };
          })
          .sort((a, b) => a.d - b.d)
          .slice(0, config.neighbours)
          .map((x) => x.uid)
      : [];
  }
  const events: SurveillanceRunResult['events'] = [];
  for (const disease of config.diseases) {
    const r = await queryAnalytics(store, ctx, {
      dx: [disease.dataElement],
      pe: weeks.map((w) => w.id),
      ou: places.map((p) => p.uid),
    });
    const counts = new Map<string, number>();
    for (const row of r.rows) {
      counts.set(`${row.ou}|${row.pe}`, row.value);
    }
    const units: UnitSignals[] = places.map((p) => {
      const y = weeks.map((w) => counts.get(`${p.uid}|${w.id}`) ?? 0);
      const methods: Record<string, ReturnType<typeof detect>> = {};
      for (const m of disease.methods) {
        methods[m.label] = detector(y, m.method, {
          ...(m.options as DetectionOptions),
          from: monitoredFrom,
        }).filter((d) => d.t >= monitoredFrom);
      }
      return { unit: p.uid, unitName: p.name, periods: weeks.map((w) => w.id), methods };
    });
    for (const e of fuseSignals(disease.name, units, { neighbours, immediate: disease.immediate })) {
      if ((weekIndex.get(e.to) ?? 0) < firstIndex) {
        continue;
      }
      const ou = index.orgUnits.find(e.unit);
      // Neighbours by name in the evidence, so stored events read on their own.
      const named = {
        ...e,
        disease: disease.code,
        evidence: {
          ...e.evidence,
          neighbours: e.evidence.neighbours.map((n) => index.orgUnits.find(n)?.name ?? n),
        },
      };
      events.push({ ...named, orgUnitId: ou?.id ?? 0 });
    }
  }
  return { from: first.id, to: last.id, places: places.length, diseases: config.diseases.length, events };
}

/** A move of an event along the workflow: the status it goes to, what was found or done, who handles it. */
export interface EventTransition {
  status: string;
  note?: string | null | undefined;
  assignee?: string | null | undefined;
}

/**
 * Moves an event along the workflow (audited in its log as the context's actor); refuses moves the
 * workflow does not allow.
 */
export async function transitionEvent(
  store: Store,
  ctx: ServiceContext,
  id: number,
  move: EventTransition,
): Promise<StoredEvent> {
  const to = move.status;
  const event = await findSurveillanceEvent(store.db, id);
  if (!event) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.event'), id: String(id) });
  }
  if (!isEventStatus(to) || !nextEventStatuses(event.status).includes(to)) {
    const allowed = nextEventStatuses(event.status);
    throw new AppError('HW_CONFLICT', {
      reason: msg('reason.eventTransition', {
        id,
        status: isEventStatus(event.status) ? EVENT_STATUS_LABELS[event.status] : event.status,
        to: isEventStatus(to) ? EVENT_STATUS_LABELS[to] : to,
        next:
          allowed.length > 0
            ? msg('reason.eventNext', { allowed: allowed.join(', ') })
            : msg('reason.eventClosed'),
      }),
    });
  }
  const ok = await transitionSurveillanceEvent(
    store.db,
    id,
    event.status,
    {
      status: to,
      note: move.note ?? null,
      ...(move.assignee !== undefined ? { assignee: move.assignee } : {}),
    },
    ctx.actor,
  );
  if (!ok) {
    throw new AppError('HW_CONFLICT', {
      reason: msg('reason.eventChanged', { id }),
    });
  }
  return (await findSurveillanceEvent(store.db, id)) ?? event;
}

export interface SurveillanceSeries {
  disease: string;
  diseaseName: string;
  orgUnit: string;
  orgUnitName: string;
  weeks: string[];
  counts: number[];
  /** Each configured method's upper bound (null where it cannot compute one) and alarms, week by week. */
  methods: { label: string; upper: (number | null)[]; alarm: boolean[] }[];
}

/**
 * One place's weekly counts of a disease for the `weeks` weeks up to `to`, with every configured
 * method's threshold and alarms over them (computed on the same history as a run), for the chart
 * of an event. The place must lie in the context's view scope.
 */
export async function surveillanceSeries(
  store: Store,
  ctx: ServiceContext,
  o: { disease: string; orgUnit: string; to: string; weeks?: number },
): Promise<SurveillanceSeries> {
  const config = await loadSurveillanceConfig(store);
  const disease = config.diseases.find((d) => d.code === o.disease || d.name === o.disease);
  if (!disease) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.disease'), id: o.disease });
  }
  const index = await cachedMetadataIndex(store);
  const ou = index.findOrgUnit(o.orgUnit);
  if (!ou || ou === 'ambiguous') {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: o.orgUnit });
  }
  assertInScope(accessScope(ctx), ScopeKind.VIEW, ou);
  const last = parsePeriod(o.to);
  const shown = Math.min(156, Math.max(4, o.weeks ?? 26));
  if (last.type !== 'Weekly') {
    throw new AppError('HW_VALIDATION', { reason: msg('reason.isoWeek', { value: o.to }) });
  }
  const weeks = periodsBetween(
    'Weekly',
    shiftPeriod(last, -(HISTORY_WEEKS + shown - 1)).startDate,
    last.startDate,
  );
  const from = weeks.length - shown + 1;
  const r = await queryAnalytics(store, ctx, {
    dx: [disease.dataElement],
    pe: weeks.map((w) => w.id),
    ou: [ou.uid],
  });
  const byWeek = new Map(r.rows.map((row) => [row.pe, row.value]));
  const y = weeks.map((w) => byWeek.get(w.id) ?? 0);
  const methods = disease.methods.map((m) => {
    const found = new Map(
      detect(y, m.method, { ...(m.options as DetectionOptions), from }).map((d) => [d.t, d]),
    );
    const range = Array.from({ length: shown }, (_, k) => found.get(from + k));
    return {
      label: m.label,
      upper: range.map((d) => d?.upperbound ?? null),
      alarm: range.map((d) => d?.alarm ?? false),
    };
  });
  return {
    disease: disease.code,
    diseaseName: disease.name,
    orgUnit: ou.code ?? ou.uid,
    orgUnitName: ou.name,
    weeks: weeks.slice(-shown).map((w) => w.id),
    counts: y.slice(-shown),
    methods,
  };
}
