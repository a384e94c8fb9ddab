import {
  ADDITIVE_TYPES,
  AppError,
  msg,
  CellEvaluator,
  collectItems,
  isRelativePeriod,
  itemKey,
  MAX_INDICATOR_NESTING,
  parseExpression,
  parsePeriod,
  periodLabel,
  resolveRelativePeriod,
  roundTo,
  shiftPeriod,
  tryParsePeriod,
} from '@healthwatch/core';
import type {
  AdditiveRow,
  AggregationOverride,
  AnalyticsCatalog,
  CellData,
  ComboMatch,
  DataItem,
  Expr,
  FunctionIndicatorSpec,
  Locale,
  Period,
  RawRow,
  ReportingCounts,
} from '@healthwatch/core';
import {
  cachedAnalyticsMetadata,
  fetchAdditiveRows,
  fetchRawRows,
  loadStoredPeriods,
  numericValue,
} from '@healthwatch/store';
import type { DataElementRow, MetadataIndex, OrgUnitRow, Store } from '@healthwatch/store';
import type { ServiceContext } from '../service-context.js';
import { reportingCounts } from '../validation/completeness.js';

export interface AnalyticsRequest {
  /** Data elements (`de`), operands (`de.coc`) and indicators, by uid, code or name. */
  dx: readonly string[];
  /** Period ids (`2024`, `2024Q1` …) and relative periods (`LAST_12_MONTHS` …). */
  pe: readonly string[];
  /** Org units by uid, code or name, and `LEVEL-n`, `OU_GROUP-x`, `CHILDREN`, `DESCENDANTS`. */
  ou: readonly string[];
  /** The caller's own units (uids): what USER_ORGUNIT and unbounded keywords mean. */
  userOrgUnits?: readonly string[] | undefined;
  /** Optional category (uid or code) to split data elements by its options. */
  co?: string | undefined;
  /** Return values unrounded. */
  skipRounding?: boolean | undefined;
  /** Also return the numerator and denominator of ratio indicators (as DHIS2's includeNumDen). */
  includeNumDen?: boolean | undefined;
}

export interface AnalyticsRow {
  dx: string;
  pe: string;
  ou: string;
  co?: string;
  value: number;
  /** With includeNumDen, for ratio indicators. */
  numerator?: number;
  denominator?: number;
  /** value = numerator ÷ denominator × factor */
  factor?: number;
}

export interface AnalyticsResult {
  rows: AnalyticsRow[];
  /** Names of every dx, pe, ou and co id in the rows (and the requested ones). */
  items: Record<string, { name: string }>;
  dimensions: { dx: string[]; pe: string[]; ou: string[]; co?: string[] };
}

type Target =
  | { kind: 'de'; id: string; de: DataElementRow; cocId: number | null; name: string }
  | {
      kind: 'function';
      id: string;
      ind: AnalyticsCatalog['indicators'][number];
      spec: FunctionIndicatorSpec;
      name: string;
    }
  | {
      kind: 'indicator';
      id: string;
      ind: AnalyticsCatalog['indicators'][number];
      num: Expr;
      den: Expr;
      name: string;
    };

interface Dimensions {
  targets: Target[];
  periods: Period[];
  units: OrgUnitRow[];
  coOptions: { uid: string; name: string }[] | null;
  items: Record<string, { name: string }>;
}

interface FetchPlan {
  /** Parsed formulas of every indicator the query may reach, by uid. */
  formulas: Map<string, { num: Expr; den: Expr }>;
  additiveDe: Set<number>;
  rawDe: Set<number>;
  /** Stored periods any cell may read (offsets, year-to-date, LAST looking back). */
  periodIds: number[];
  /** Data sets whose reporting rates the formulas use. */
  rateSets: Set<string>;
}

/**
 * The analytics query service behind `healthwatch query` and `/api/analytics`: every cell is
 * computed from the rollups and stored values as they are now (no rebuild step), as a ratio of
 * sums for indicators. Five stages: resolve the dimensions, plan the fetch, fetch from the store,
 * evaluate the cells (core's CellEvaluator, pure), shape the rows. Relative periods count from the
 * context's today and names are in its language. The units are the ones asked for: callers keep
 * them within the scope they answer for (dhis2AnalyticsGrid, or the service naming the units).
 */
export async function queryAnalytics(
  store: Store,
  ctx: ServiceContext,
  req: AnalyticsRequest,
): Promise<AnalyticsResult> {
  const { locale } = ctx;
  const { index, catalog } = await cachedAnalyticsMetadata(store);
  const storedById = new Map<number, Period>();
  for (const sp of await loadStoredPeriods(store.db)) {
    const p = tryParsePeriod(sp.iso);
    if (p) {
      storedById.set(sp.id, p);
    }
  }
  const dims = resolveDimensions(req, ctx.today, index, catalog, locale);
  const plan = planFetch(dims, index, catalog, storedById);
  const data = await fetchCellData(store, ctx, plan, dims, index, storedById);
  const evaluator = new CellEvaluator(
    {
      findDataElement: (ref) => index.findDataElement(ref),
      findCoc: (comboId, ref) => index.findCoc(comboId, ref),
      findAnyCoc: (ref) => index.cocs.find(ref),
      unitPath: (id) => index.orgUnits.byId.get(id)?.path,
      catalog,
    },
    data,
    plan.formulas,
  );
  return {
    rows: evaluateRows(dims, evaluator, catalog, req),
    items: dims.items,
    dimensions: dimensionIds(dims),
  };
}

function resolveDimensions(
  req: AnalyticsRequest,
  today: string,
  index: MetadataIndex,
  catalog: AnalyticsCatalog,
  locale: Locale,
): Dimensions {
  const targets = req.dx.map((ref) => resolveTarget(ref, index, catalog));
  if (targets.length === 0) {
    throw new AppError('HW_VALIDATION', { reason: msg('reason.dimensionRequired', { dimension: 'dx' }) });
  }
  const periods = resolvePeriods(req.pe, today);
  const userRoots = req.userOrgUnits
    ?.map((uid) => index.orgUnits.byUid.get(uid))
    .filter((o): o is OrgUnitRow => o !== undefined);
  const units = resolveOrgUnits(req.ou, index, catalog, userRoots);
  let coOptions: { uid: string; name: string }[] | null = null;
  if (req.co) {
    const cat = catalog.categories.find((c) => c.uid === req.co || c.code === req.co || c.name === req.co);
    if (!cat) {
      throw new AppError('HW_NOT_FOUND', { kind: msg('kind.category'), id: req.co });
    }
    coOptions = cat.options.map((o) => ({ uid: o.uid, name: o.name }));
  }
  const items: Record<string, { name: string }> = {};
  for (const t of targets) {
    items[t.id] = { name: t.name };
  }
  for (const p of periods) {
    items[p.id] = { name: periodLabel(p, locale) };
  }
  for (const u of units) {
    items[u.uid] = { name: u.name };
  }
  for (const o of coOptions ?? []) {
    items[o.uid] = { name: o.name };
  }
  return { targets, periods, units, coOptions, items };
}

function planFetch(
  dims: Dimensions,
  index: MetadataIndex,
  catalog: AnalyticsCatalog,
  storedById: ReadonlyMap<number, Period>,
): FetchPlan {
  const dataItems = new Map<string, DataItem>();
  const formulas = new Map<string, { num: Expr; den: Expr }>();
  const visit = (e: Expr, depth: number): void => {
    for (const it of collectItems(e).values()) {
      dataItems.set(itemKey(it), it);
      if (it.kind === 'indicator') {
        const ind = catalog.indicators.find((i) => i.uid === it.id || i.code === it.id);
        if (ind && !formulas.has(ind.uid)) {
          if (depth > MAX_INDICATOR_NESTING) {
            throw new AppError('HW_VALIDATION', { reason: msg('reason.indicatorDepth', { name: ind.name }) });
          }
          const parsed = { num: parseExpression(ind.numerator), den: parseExpression(ind.denominator) };
          formulas.set(ind.uid, parsed);
          visit(parsed.num, depth + 1);
          visit(parsed.den, depth + 1);
        }
      }
    }
  };
  for (const t of dims.targets) {
    if (t.kind === 'indicator') {
      formulas.set(t.ind.uid, { num: t.num, den: t.den });
      visit(t.num, 1);
      visit(t.den, 1);
    }
  }
  const additiveDe = new Set<number>();
  const rawDe = new Set<number>();
  const need = (de: DataElementRow, override?: AggregationOverride): void => {
    (ADDITIVE_TYPES.has(override ?? de.aggregationType) ? additiveDe : rawDe).add(de.id);
  };
  let maxOffset = 0;
  let minOffset = 0;
  for (const t of dims.targets) {
    if (t.kind === 'de') {
      need(t.de);
    }
    if (t.kind === 'function') {
      for (const ref of [t.spec.inputs.deaths, t.spec.inputs.births, t.spec.inputs.population]) {
        const de = ref ? index.findDataElement(ref) : undefined;
        if (ref && !de) {
          throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataElement'), id: ref });
        }
        if (de) {
          need(de);
        }
      }
    }
  }
  for (const it of dataItems.values()) {
    if (it.kind === 'dataElement') {
      const de = index.findDataElement(it.de);
      if (de) {
        need(de, it.modifiers.aggregationType);
      }
    }
    if (it.kind === 'dataElement' || it.kind === 'indicator') {
      maxOffset = Math.max(maxOffset, it.modifiers.periodOffset ?? 0);
      minOffset = Math.min(minOffset, it.modifiers.periodOffset ?? 0);
    }
  }
  // The date window any cell may reach (offsets, year-to-date, LAST looking back ten years).
  let winStart = '9999-12-31';
  let winEnd = '0000-01-01';
  for (const p of dims.periods) {
    const lo = shiftPeriod(p, minOffset * MAX_INDICATOR_NESTING);
    const hi = shiftPeriod(p, maxOffset * MAX_INDICATOR_NESTING);
    winStart = [winStart, lo.startDate, `${lo.startDate.slice(0, 4)}-01-01`].sort()[0] ?? winStart;
    winEnd = [winEnd, hi.endDate].sort().at(-1) ?? winEnd;
  }
  const lookback = rawDe.size > 0 ? `${Number(winStart.slice(0, 4)) - 10}${winStart.slice(4)}` : winStart;
  const peIds = [...storedById.entries()]
    .filter(([, p]) => p.endDate >= lookback && p.startDate <= winEnd)
    .map(([id]) => id);
  const coveringIds = [...storedById.entries()]
    .filter(([, p]) => p.startDate <= winStart && p.endDate >= winStart)
    .map(([id]) => id);
  const rateSets = new Set(
    [...dataItems.values()].flatMap((i) => (i.kind === 'reportingRate' ? [i.dataSet] : [])),
  );
  return { formulas, additiveDe, rawDe, periodIds: [...new Set([...peIds, ...coveringIds])], rateSets };
}

async function fetchCellData(
  store: Store,
  ctx: ServiceContext,
  plan: FetchPlan,
  dims: Dimensions,
  index: MetadataIndex,
  storedById: ReadonlyMap<number, Period>,
): Promise<CellData> {
  const [additive, raw] = await Promise.all([
    fetchAdditiveRows(
      store.db,
      [...plan.additiveDe],
      dims.units.map((u) => u.id),
      plan.periodIds,
    ),
    fetchRawRows(
      store.db,
      [...plan.rawDe],
      dims.units.map((u) => u.path),
      plan.periodIds,
    ),
  ]);
  const additiveBy = new Map<string, AdditiveRow[]>();
  for (const r of additive) {
    const de = index.dataElements.byId.get(r.deId);
    const sum = r.sum ?? (de ? numericValue(de.valueType, r.value) : null);
    if (sum === null) {
      continue;
    }
    const k = `${r.deId}|${r.ouId}`;
    const list = additiveBy.get(k) ?? [];
    list.push({ peId: r.peId, cocId: r.cocId, aocId: r.aocId, sum, count: r.count });
    additiveBy.set(k, list);
  }
  const rawBy = new Map<number, (RawRow & { path: string })[]>();
  for (const r of raw) {
    const de = index.dataElements.byId.get(r.deId);
    const v = de ? numericValue(de.valueType, r.value) : null;
    if (v === null) {
      continue;
    }
    const list = rawBy.get(r.deId) ?? [];
    list.push({ peId: r.peId, ouId: r.ouId, cocId: r.cocId, aocId: r.aocId, value: v, path: r.ouPath });
    rawBy.set(r.deId, list);
  }
  // Reporting rates (R{dataSet.METRIC}): one batched count per data set for all units and periods.
  const reporting = new Map<string, ReportingCounts>();
  for (const ds of plan.rateSets) {
    for (const [key, c] of await reportingCounts(store, ctx, {
      dataSet: ds,
      orgUnits: dims.units,
      periods: dims.periods,
    })) {
      reporting.set(`${ds}|${key}`, c);
    }
  }
  return { periods: storedById, additive: additiveBy, raw: rawBy, reporting };
}

function evaluateRows(
  dims: Dimensions,
  evaluator: CellEvaluator,
  catalog: AnalyticsCatalog,
  req: AnalyticsRequest,
): AnalyticsRow[] {
  const splitCache = new Map<string, { co?: string; match: ComboMatch }[]>();
  const splitsOf = (t: Extract<Target, { kind: 'de' }>): { co?: string; match: ComboMatch }[] => {
    let splits = splitCache.get(t.id);
    if (!splits) {
      splits = dims.coOptions
        ? dims.coOptions.map((o) => ({
            co: o.uid,
            match: (c: number) =>
              (t.cocId === null || c === t.cocId) && (catalog.cocOptions.get(c) ?? []).includes(o.uid),
          }))
        : [{ match: (c: number) => t.cocId === null || c === t.cocId }];
      splitCache.set(t.id, splits);
    }
    return splits;
  };
  const rows: AnalyticsRow[] = [];
  for (const t of dims.targets) {
    for (const p of dims.periods) {
      for (const u of dims.units) {
        if (t.kind === 'function') {
          const v = evaluator.functionIndicator(t.spec, u, p);
          if (v !== null) {
            rows.push({
              dx: t.id,
              pe: p.id,
              ou: u.uid,
              value: req.skipRounding ? v : roundTo(v, t.ind.decimals ?? 2),
            });
          }
          continue;
        }
        if (t.kind === 'indicator') {
          const r = evaluator.indicator(t.ind.uid, u, p);
          if (r !== null) {
            const numDen = req.includeNumDen
              ? { numerator: r.numerator, denominator: r.denominator, factor: r.multiplier / r.divisor }
              : {};
            rows.push({
              dx: t.id,
              pe: p.id,
              ou: u.uid,
              value: req.skipRounding ? r.value : roundTo(r.value, t.ind.decimals ?? 2),
              ...numDen,
            });
          }
          continue;
        }
        for (const s of splitsOf(t)) {
          const v = evaluator.dataElement(t.de, u, p, {}, s.match);
          if (v !== null) {
            rows.push({
              dx: t.id,
              pe: p.id,
              ou: u.uid,
              ...(s.co ? { co: s.co } : {}),
              value: req.skipRounding ? v : roundTo(v, 4),
            });
          }
        }
      }
    }
  }
  return rows;
}

function dimensionIds(dims: Dimensions): AnalyticsResult['dimensions'] {
  return {
    dx: dims.targets.map((t) => t.id),
    pe: dims.periods.map((p) => p.id),
    ou: dims.units.map((u) => u.uid),
    ...(dims.coOptions ? { co: dims.coOptions.map((o) => o.uid) } : {}),
  };
}

function resolveTarget(ref: string, index: MetadataIndex, catalog: AnalyticsCatalog): Target {
  const r = ref.trim();
  const ind =
    catalog.indicators.find((i) => i.uid === r || i.code === r) ??
    catalog.indicators.find((i) => i.name === r);
  if (ind?.kind === 'function' && ind.spec) {
    return { kind: 'function', id: ind.uid, ind, spec: ind.spec, name: ind.name };
  }
  if (ind) {
    return {
      kind: 'indicator',
      id: ind.uid,
      ind,
      num: parseExpression(ind.numerator),
      den: parseExpression(ind.denominator),
      name: ind.name,
    };
  }
  const de = index.findDataElement(r);
  if (de) {
    return { kind: 'de', id: de.uid, de, cocId: null, name: de.name };
  }
  const dot = r.indexOf('.');
  if (dot > 0) {
    const opDe = index.findDataElement(r.slice(0, dot));
    const coc = opDe ? index.findCoc(opDe.comboId, r.slice(dot + 1)) : undefined;
    if (opDe && coc) {
      return {
        kind: 'de',
        id: `${opDe.uid}.${coc.uid}`,
        de: opDe,
        cocId: coc.id,
        name: `${opDe.name} ${coc.name}`,
      };
    }
  }
  throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataItem'), id: r });
}

/** Fixed and relative period ids, in the order given, without duplicates. */
export function resolvePeriods(refs: readonly string[], today: string): Period[] {
  const out = new Map<string, Period>();
  for (const ref of refs) {
    const r = ref.trim();
    const list = isRelativePeriod(r) ? (resolveRelativePeriod(r, today) ?? []) : [parsePeriod(r)];
    for (const p of list) {
      out.set(p.id, p);
    }
  }
  if (out.size === 0) {
    throw new AppError('HW_VALIDATION', { reason: msg('reason.dimensionRequired', { dimension: 'pe' }) });
  }
  return [...out.values()];
}

/** Resolves the ou dimension: units, LEVEL-n and OU_GROUP-x within them, CHILDREN, DESCENDANTS. */
export function resolveOrgUnits(
  refs: readonly string[],
  index: MetadataIndex,
  catalog: AnalyticsCatalog,
  userRoots?: readonly OrgUnitRow[],
): OrgUnitRow[] {
  const all = [...index.orgUnits.byId.values()];
  const bases: OrgUnitRow[] = [];
  const levels: number[] = [];
  const groups: number[][] = [];
  let children = false;
  let descendants = false;
  for (const ref of refs.map((s) => s.trim()).filter((s) => s !== '')) {
    const level = /^LEVEL-(\d+)$/.exec(ref);
    if (level) {
      levels.push(Number(level[1]));
      continue;
    }
    if (ref.startsWith('OU_GROUP-')) {
      const id = ref.slice('OU_GROUP-'.length);
      const g = catalog.groups.find((x) => x.uid === id || x.code === id || x.name === id);
      if (!g) {
        throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnitGroup'), id });
      }
      groups.push(g.memberIds);
      continue;
    }
    if (ref === 'CHILDREN' || ref === 'USER_ORGUNIT_CHILDREN') {
      children = true;
      continue;
    }
    if (ref === 'DESCENDANTS') {
      descendants = true;
      continue;
    }
    if (ref === 'USER_ORGUNIT') {
      bases.push(...(userRoots ?? all.filter((o) => o.parentId === null)));
      continue;
    }
    const ou = index.findOrgUnit(ref);
    if (!ou || ou === 'ambiguous') {
      throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: ref });
    }
    bases.push(ou);
  }
  // Without named units, keywords resolve inside the user's own units (everywhere for admins).
  const roots: readonly OrgUnitRow[] =
    bases.length > 0 ? bases : (userRoots ?? all.filter((o) => o.parentId === null));
  const within = (o: OrgUnitRow): boolean => roots.some((b) => o.path.startsWith(b.path));
  let out: OrgUnitRow[];
  if (levels.length > 0 || groups.length > 0) {
    out = all.filter(
      (o) =>
        within(o) &&
        (levels.length === 0 || levels.includes(o.level)) &&
        groups.every((g) => g.includes(o.id)),
    );
  } else if (children || descendants) {
    out = all.filter((o) =>
      roots.some((b) => (children ? o.parentId === b.id : o.path.startsWith(b.path) && o.id !== b.id)),
    );
  } else {
    out = [...roots];
  }
  if (out.length === 0 && bases.length === 0 && levels.length === 0 && groups.length === 0) {
    throw new AppError('HW_VALIDATION', { reason: msg('reason.dimensionRequired', { dimension: 'ou' }) });
  }
  const seen = new Set<number>();
  return out
    .filter((o) => (seen.has(o.id) ? false : (seen.add(o.id), true)))
    .sort((a, b) => a.level - b.level || a.path.localeCompare(b.path));
}
