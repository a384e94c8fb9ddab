import { AppError, msg, renderParam } from '@healthwatch/core';
import type { Locale } from '@healthwatch/core';
import {
  cachedMetadataIndex,
  findSurveillanceEvent,
  listSurveillanceEvents,
  surveillanceEventLog,
} from '@healthwatch/store';
import type { StoredEvent, Store } from '@healthwatch/store';
import { inScope } from '../auth/access-scope.js';
import { accessScope } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';
import { loadSurveillanceConfig } from './surveillance-service.js';

/**
 * An event as people and pages see it: the place's code, uid and name, the disease's name and the
 * explanation rendered in the reader's language (older rows: the text they were stored with).
 */
export type NamedEvent<E> = Omit<E, 'explanationRef'> & {
  explanation: string;
  orgUnit: string;
  orgUnitUid: string;
  orgUnitName: string;
  diseaseName: string;
  dataElement: string | null;
};

/** Adds names to events (an unconfigured surveillance leaves the disease's code as its name). */
export async function nameEvents<E extends StoredEvent>(
  store: Store,
  locale: Locale,
  events: E[],
): Promise<NamedEvent<E>[]> {
  const index = await cachedMetadataIndex(store);
  const diseases = new Map(
    (await loadSurveillanceConfig(store).catch(() => ({ diseases: [] }))).diseases.map((d) => [d.code, d]),
  );
  return events.map((e) => {
    const ou = index.orgUnits.byId.get(e.orgUnitId);
    const d = diseases.get(e.disease);
    const { explanationRef, ...rest } = e;
    return {
      ...rest,
      explanation: explanationRef ? renderParam(locale, explanationRef) : e.explanation,
      orgUnit: ou?.code ?? ou?.uid ?? '',
      orgUnitUid: ou?.uid ?? '',
      orgUnitName: ou?.name ?? '',
      diseaseName: d?.name ?? e.disease,
      dataElement: d?.dataElement ?? null,
    };
  });
}

/**
 * The events in the context's view scope, named. The scope is part of the query, so `limit`
 * counts visible events only.
 */
export async function listVisibleEvents(
  store: Store,
  ctx: ServiceContext,
  f: { status?: string | undefined; disease?: string | undefined; limit: number },
): Promise<NamedEvent<StoredEvent>[]> {
  const { viewPaths } = accessScope(ctx);
  const index = await cachedMetadataIndex(store);
  const orgUnitIds =
    viewPaths === null
      ? undefined
      : [...index.orgUnits.byId.values()].filter((o) => inScope(viewPaths, o.path)).map((o) => o.id);
  const events = await listSurveillanceEvents(store.db, {
    status: f.status,
    disease: f.disease,
    orgUnitIds,
    limit: f.limit,
  });
  return nameEvents(store, ctx.locale, events);
}

/** One event by its id (as the caller wrote it), if it lies in the context's view scope: 404 otherwise, outside or not. */
export async function visibleEvent(store: Store, ctx: ServiceContext, rawId: string): Promise<StoredEvent> {
  const { viewPaths } = accessScope(ctx);
  const e = await findSurveillanceEvent(store.db, Number(rawId));
  const ou = e ? (await cachedMetadataIndex(store)).orgUnits.byId.get(e.orgUnitId) : undefined;
  if (!e || ou === undefined || !inScope(viewPaths, ou.path)) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.event'), id: rawId });
  }
  return e;
}

/** An event named, with its workflow log. */
export async function eventDetail(
  store: Store,
  ctx: ServiceContext,
  e: StoredEvent,
): Promise<NamedEvent<StoredEvent> & { log: Awaited<ReturnType<typeof surveillanceEventLog>> }> {
  const [one] = await nameEvents(store, ctx.locale, [e]);
  return { ...(one as NamedEvent<StoredEvent>), log: await surveillanceEventLog(store.db, e.id) };
}
