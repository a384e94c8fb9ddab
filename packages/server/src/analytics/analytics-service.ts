import {
  ADDITIVE_TYPES,
  AppError,
  aggregateAdditive,
  aggregateRaw,
  childPeriods,
  collectItems,
  dayNumberOf,
  indicatorValue,
  isRelativePeriod,
  lifeExpectancyAtBirth,
  prematureNcdMortality,
  totalFertilityRate,
  itemKey,
  parseExpression,
  parsePeriod,
  periodDays,
  periodLabel,
  resolveRelativePeriod,
  roundTo,
  shiftPeriod,
  tryParsePeriod,
  yearly,
} from '@healthwatch/core';
import type { AdditiveRow, AggregationOverride, FunctionIndicatorSpec, IndicatorResult, CellRange, DataItem, EvalContext, Expr, Locale, Period, RawRow, Value } from '@healthwatch/core';
import { cachedAnalyticsMetadata, fetchAdditiveRows, fetchRawRows, loadStoredPeriods, numericValue } from '@healthwatch/store';
import type { AnalyticsCatalog, DataElementRow, MetadataIndex, OrgUnitRow, Store } from '@healthwatch/store';
import { dataSetCompleteness } from '../validation/completeness.js';

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
  /** The day relative periods count from (default: today). */
  today?: string | undefined;
  /** Return values unrounded. */
  skipRounding?: boolean | undefined;
  /** Also return the numerator and denominator of ratio indicators (as DHIS2's includeNumDen). */
  includeNumDen?: boolean | undefined;
  locale?: Locale | undefined;
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
  | { kind: 'function'; id: string; ind: AnalyticsCatalog['indicators'][number]; spec: FunctionIndicatorSpec; name: string }
  | { kind: 'indicator'; id: string; ind: AnalyticsCatalog['indicators'][number]; num: Expr; den: Expr; name: string };

const MAX_NESTING = 8;

/**
 * The analytics query service behind `healthwatch query` and `/api/analytics`: every cell is
 * computed from the rollups and stored values as they are now (no rebuild step), as a ratio of
 * sums for indicators.
 */
export async function queryAnalytics(store: Store, req: AnalyticsRequest): Promise<AnalyticsResult> {
  const locale = req.locale ?? 'zh-CN';
  const { index, catalog } = await cachedAnalyticsMetadata(store);
  const storedPeriods = await loadStoredPeriods(store.db);
  const items: Record<string, { name: string }> = {};

  // --- dimensions -------------------------------------------------------------------------
  const targets = req.dx.map((ref) => resolveTarget(ref, index, catalog));
  if (targets.length === 0) {
    throw new AppError('HW_VALIDATION', { reason: '缺少 dx 维度（dx dimension required）' });
  }
  const today = req.today ?? new Date().toISOString().slice(0, 10);
  const periods = resolvePeriods(req.pe, today);
  const userRoots = req.userOrgUnits?.map((uid) => index.orgUnits.byUid.get(uid)).filter((o): o is OrgUnitRow => o !== undefined);
  const units = resolveOrgUnits(req.ou, index, catalog, userRoots);
  let coOptions: { uid: string; name: string }[] | null = null;
  if (req.co) {
    const cat = catalog.categories.find((c) => c.uid === req.co || c.code === req.co || c.name === req.co);
    if (!cat) {
      throw new AppError('HW_NOT_FOUND', { kind: '分类', id: req.co });
    }
    coOptions = cat.options.map((o) => ({ uid: o.uid, name: o.name }));
  }
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

  // --- what data is needed -----------------------------------------------------------------
  const storedById = new Map<number, Period>();
  for (const sp of storedPeriods) {
    const p = tryParsePeriod(sp.iso);
    if (p) {
      storedById.set(sp.id, p);
    }
  }
  const dataItems = new Map<string, DataItem>();
  const indicatorExprs = new Map<string, { num: Expr; den: Expr }>();
  const visit = (e: Expr, depth: number): void => {
    for (const it of collectItems(e).values()) {
      dataItems.set(itemKey(it), it);
      if (it.kind === 'indicator') {
        const ind = catalog.indicators.find((i) => i.uid === it.id || i.code === it.id);
        if (ind && !indicatorExprs.has(ind.uid)) {
          if (depth > MAX_NESTING) {
            throw new AppError('HW_VALIDATION', { reason: `指标嵌套过深或循环引用：${ind.name}` });
          }
          const parsed = { num: parseExpression(ind.numerator), den: parseExpression(ind.denominator) };
          indicatorExprs.set(ind.uid, parsed);
          visit(parsed.num, depth + 1);
          visit(parsed.den, depth + 1);
        }
      }
    }
  };
  for (const t of targets) {
    if (t.kind === 'indicator') {
      indicatorExprs.set(t.ind.uid, { num: t.num, den: t.den });
      visit(t.num, 1);
      visit(t.den, 1);
    }
  }
  const deOfItem = (it: Extract<DataItem, { kind: 'dataElement' }>): DataElementRow | undefined => index.findDataElement(it.de);
  const additiveDe = new Set<number>();
  const rawDe = new Set<number>();
  const aggOf = (de: DataElementRow, override?: AggregationOverride): AggregationOverride => override ?? (de.aggregationType);
  const need = (de: DataElementRow, override?: AggregationOverride): void => {
    (ADDITIVE_TYPES.has(aggOf(de, override)) ? additiveDe : rawDe).add(de.id);
  };
  let maxOffset = 0;
  let minOffset = 0;
  for (const t of targets) {
    if (t.kind === 'de') {
      need(t.de);
    }
    if (t.kind === 'function') {
      for (const ref of [t.spec.inputs.deaths, t.spec.inputs.births, t.spec.inputs.population]) {
        const de = ref ? index.findDataElement(ref) : undefined;
        if (ref && !de) {
          throw new AppError('HW_NOT_FOUND', { kind: '数据元', id: ref });
        }
        if (de) {
          need(de);
        }
      }
    }
  }
  for (const it of dataItems.values()) {
    if (it.kind === 'dataElement') {
      const de = deOfItem(it);
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
  for (const p of periods) {
    const lo = shiftPeriod(p, minOffset * MAX_NESTING);
    const hi = shiftPeriod(p, maxOffset * MAX_NESTING);
    winStart = [winStart, lo.startDate, `${lo.startDate.slice(0, 4)}-01-01`].sort()[0] ?? winStart;
    winEnd = [winEnd, hi.endDate].sort().at(-1) ?? winEnd;
  }
  const lookback = rawDe.size > 0 ? `${Number(winStart.slice(0, 4)) - 10}${winStart.slice(4)}` : winStart;
  const peIds = [...storedById.entries()].filter(([, p]) => p.endDate >= lookback && p.startDate <= winEnd).map(([id]) => id);
  const coveringIds = [...storedById.entries()].filter(([, p]) => p.startDate <= winStart && p.endDate >= winStart).map(([id]) => id);
  const relevant = [...new Set([...peIds, ...coveringIds])];

  const [additive, raw] = await Promise.all([
    fetchAdditiveRows(store.db, [...additiveDe], units.map((u) => u.id), relevant),
    fetchRawRows(store.db, [...rawDe], units.map((u) => u.path), relevant),
  ]);
  const additiveBy = new Map<string, (AdditiveRow & { deId: number })[]>();
  for (const r of additive) {
    const de = index.dataElements.byId.get(r.deId);
    let sum = r.sum;
    if (sum === null) {
      sum = de ? numericValue(de.valueType, r.value) : null;
      if (sum === null) {
        continue;
      }
    }
    const k = `${r.deId}|${r.ouId}`;
    const list = additiveBy.get(k) ?? [];
    list.push({ deId: r.deId, peId: r.peId, cocId: r.cocId, aocId: r.aocId, sum, count: r.count });
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

  // Reporting rates (R{dataSet.METRIC}) of the query's units and periods, from completeness and timeliness.
  const reporting = new Map<string, { expected: number; actual: number; onTime: number }>();
  const rateSets = new Set([...dataItems.values()].flatMap((i) => (i.kind === 'reportingRate' ? [i.dataSet] : [])));
  for (const ds of rateSets) {
    for (const u of units) {
      for (const p of periods) {
        // A period shorter than the data set's, or an unknown set, has no rate (null).
        const c = await dataSetCompleteness(store, { dataSet: ds, orgUnit: u.uid, periods: [p.id] }).catch(() => null);
        if (c) {
          reporting.set(`${ds}|${u.uid}|${p.id}`, { expected: c.expected, actual: c.actual, onTime: c.onTime });
        }
      }
    }
  }

  // --- evaluation --------------------------------------------------------------------------
  const rangeOf = (p: Period, it: { periodOffset?: number | undefined; yearToDate?: boolean | undefined; minDate?: string | undefined; maxDate?: string | undefined }): CellRange => {
    const q = it.periodOffset ? shiftPeriod(p, it.periodOffset) : p;
    const start = it.yearToDate ? `${q.endDate.slice(0, 4)}-01-01` : q.startDate;
    return { start, end: q.endDate, days: dayNumberOf(q.endDate) - dayNumberOf(start) + 1, minDate: it.minDate, maxDate: it.maxDate };
  };
  const deValue = (
    de: DataElementRow,
    ou: OrgUnitRow,
    p: Period,
    mods: { aggregationType?: AggregationOverride | undefined; periodOffset?: number | undefined; yearToDate?: boolean | undefined; minDate?: string | undefined; maxDate?: string | undefined },
    match: (cocId: number, aocId: number) => boolean,
  ): number | null => {
    const type = aggOf(de, mods.aggregationType);
    const range = rangeOf(p, mods);
    if (ADDITIVE_TYPES.has(type)) {
      // The same (item, unit) is read for every period of the query: filter its rows once.
      let perMatch = filtered.get(match);
      if (!perMatch) {
        perMatch = new Map();
        filtered.set(match, perMatch);
      }
      const key = `${de.id}|${ou.id}`;
      let rows = perMatch.get(key);
      if (!rows) {
        rows = (additiveBy.get(key) ?? []).filter((r) => match(r.cocId, r.aocId));
        perMatch.set(key, rows);
      }
      return aggregateAdditive(rows, storedById, type, range);
    }
    const rows = (rawBy.get(de.id) ?? []).filter((r) => r.path.startsWith(ou.path) && match(r.cocId, r.aocId));
    return aggregateRaw(rows, storedById, type, range);
  };
  const filtered = new Map<(c: number, a: number) => boolean, Map<string, (AdditiveRow & { deId: number })[]>>();
  const matchCache = new Map<string, (cocId: number, aocId: number) => boolean>();
  const itemMatch = (it: Extract<DataItem, { kind: 'dataElement' }>): ((cocId: number, aocId: number) => boolean) => {
    const cacheKey = `${it.de}|${it.coc ?? ''}|${it.aoc ?? ''}`;
    const cached = matchCache.get(cacheKey);
    if (cached) {
      return cached;
    }
    const made = makeMatch(it);
    matchCache.set(cacheKey, made);
    return made;
  };
  const makeMatch = (it: Extract<DataItem, { kind: 'dataElement' }>): ((cocId: number, aocId: number) => boolean) => {
    const de = deOfItem(it);
    const coc = it.coc ? (de ? index.findCoc(de.comboId, it.coc)?.id : undefined) : null;
    const aoc = it.aoc ? index.cocs.find(it.aoc)?.id : null;
    if ((it.coc && coc === undefined) || (it.aoc && aoc === undefined)) {
      return () => false;
    }
    return (c, a) => (coc === null || coc === undefined || c === coc) && (aoc === null || aoc === undefined || a === aoc);
  };

  const evalIndicator = (uid: string, ou: OrgUnitRow, p: Period, depth: number): IndicatorResult | null => {
    const ind = catalog.indicators.find((i) => i.uid === uid);
    const ex = indicatorExprs.get(uid);
    if (!ind || !ex || depth > MAX_NESTING) {
      return null;
    }
    const ctx: EvalContext = {
      days: periodDays(p),
      periodInYear: periodInYear(p),
      yearlyPeriodCount: yearlyPeriodCount(p),
      item: (it): Value => {
        switch (it.kind) {
          case 'dataElement': {
            const de = deOfItem(it);
            return de ? deValue(de, ou, p, it.modifiers, itemMatch(it)) : null;
          }
          case 'constant':
            return catalog.constants.find((c) => c.uid === it.id || c.code === it.id)?.value ?? null;
          case 'orgUnitGroupCount': {
            const g = catalog.groups.find((x) => x.uid === it.id || x.code === it.id);
            return g ? g.memberIds.filter((id) => index.orgUnits.byId.get(id)?.path.startsWith(ou.path)).length : null;
          }
          case 'indicator': {
            const nested = catalog.indicators.find((i) => i.uid === it.id || i.code === it.id);
            const q = it.modifiers.periodOffset ? shiftPeriod(p, it.modifiers.periodOffset) : p;
            return nested ? (evalIndicator(nested.uid, ou, q, depth + 1)?.value ?? null) : null;
          }
          case 'reportingRate': {
            const r = reporting.get(`${it.dataSet}|${ou.uid}|${p.id}`);
            if (!r) {
              return null;
            }
            // Rates in percent and capped at 100, as DHIS2; null when nothing is expected.
            const rate = (n: number): number | null => (r.expected === 0 ? null : Math.min(100, (n * 100) / r.expected));
            switch (it.metric) {
              case 'REPORTING_RATE':
                return rate(r.actual);
              case 'REPORTING_RATE_ON_TIME':
                return rate(r.onTime);
              case 'ACTUAL_REPORTS':
                return r.actual;
              case 'ACTUAL_REPORTS_ON_TIME':
                return r.onTime;
              case 'EXPECTED_REPORTS':
                return r.expected;
            }
            return null;
          }
        }
      },
    };
    return indicatorValue({ numerator: ex.num, denominator: ex.den, factor: ind.factor, annualized: ind.annualized }, ctx);
  };

  const evalFunction = (t: Extract<Target, { kind: 'function' }>, ou: OrgUnitRow, p: Period): number | null => {
    const spec = t.spec;
    const cat = catalog.categories.find((c) => c.uid === spec.inputs.ageCategory || c.code === spec.inputs.ageCategory);
    const eventsDe = index.findDataElement((spec.function === 'totalFertilityRate' ? spec.inputs.births : spec.inputs.deaths) ?? '');
    const popDe = index.findDataElement(spec.inputs.population);
    if (!cat || !eventsDe || !popDe) {
      return null;
    }
    const sexUid = spec.inputs.sex
      ? catalog.categories.flatMap((c) => c.options).find((o) => o.uid === spec.inputs.sex || o.code === spec.inputs.sex || o.name === spec.inputs.sex)?.uid
      : undefined;
    const sexSiblings = new Set(sexUid ? (catalog.categories.find((c) => c.options.some((o) => o.uid === sexUid))?.options.map((o) => o.uid) ?? []) : []);
    const groups = cat.options.flatMap((o) => {
      const age = ageGroupOf(o.code ?? o.name);
      if (!age) {
        return [];
      }
      // The sex restriction applies to combos that have a sex at all (births by mother's age do not).
      const match = (c: number): boolean => {
        const opts = catalog.cocOptions.get(c) ?? [];
        return opts.includes(o.uid) && (sexUid === undefined || opts.includes(sexUid) || !opts.some((x) => sexSiblings.has(x)));
      };
      return [{ ...age, events: deValue(eventsDe, ou, p, {}, match), population: deValue(popDe, ou, p, {}, match) }];
    });
    switch (spec.function) {
      case 'lifeExpectancy':
        if (groups.some((g) => g.population === null)) {
          return null;
        }
        return lifeExpectancyAtBirth(
          groups.map((g) => ({ age: g.age, width: g.width, deaths: g.events ?? 0, population: g.population ?? 0 })),
          { ...(spec.parameters?.a0 !== undefined ? { a0: spec.parameters.a0 } : {}), ...(spec.parameters?.a1to4 !== undefined ? { a1to4: spec.parameters.a1to4 } : {}) },
        );
      case 'prematureNcdMortality':
        return prematureNcdMortality(groups.map((g) => ({ age: g.age, ncdDeaths: g.events ?? 0, population: g.population ?? 0 })));
      case 'totalFertilityRate':
        return totalFertilityRate(groups.map((g) => ({ age: g.age, births: g.events ?? 0, women: g.population ?? 0 })));
    }
  };

  const splitCache = new Map<string, { co?: string; match: (c: number, a: number) => boolean }[]>();
  const splitsOf = (t: Extract<Target, { kind: 'de' }>): { co?: string; match: (c: number, a: number) => boolean }[] => {
    let splits = splitCache.get(t.id);
    if (!splits) {
      splits = coOptions
        ? coOptions.map((o) => ({ co: o.uid, match: (c: number) => (t.cocId === null || c === t.cocId) && (catalog.cocOptions.get(c) ?? []).includes(o.uid) }))
        : [{ match: (c: number) => t.cocId === null || c === t.cocId }];
      splitCache.set(t.id, splits);
    }
    return splits;
  };

  const rows: AnalyticsRow[] = [];
  for (const t of targets) {
    for (const p of periods) {
      for (const u of units) {
        if (t.kind === 'function') {
          const v = evalFunction(t, u, p);
          if (v !== null) {
            rows.push({ dx: t.id, pe: p.id, ou: u.uid, value: req.skipRounding ? v : roundTo(v, t.ind.decimals ?? 2) });
          }
          continue;
        }
        if (t.kind === 'indicator') {
          const r = evalIndicator(t.ind.uid, u, p, 1);
          if (r !== null) {
            const numDen = req.includeNumDen ? { numerator: r.numerator, denominator: r.denominator, factor: r.multiplier / r.divisor } : {};
            rows.push({ dx: t.id, pe: p.id, ou: u.uid, value: req.skipRounding ? r.value : roundTo(r.value, t.ind.decimals ?? 2), ...numDen });
          }
          continue;
        }
        const splits = splitsOf(t);
        for (const s of splits) {
          const v = deValue(t.de, u, p, {}, s.match);
          if (v !== null) {
            rows.push({ dx: t.id, pe: p.id, ou: u.uid, ...(s.co ? { co: s.co } : {}), value: req.skipRounding ? v : roundTo(v, 4) });
          }
        }
      }
    }
  }
  return {
    rows,
    items,
    dimensions: { dx: targets.map((t) => t.id), pe: periods.map((p) => p.id), ou: units.map((u) => u.uid), ...(coOptions ? { co: coOptions.map((o) => o.uid) } : {}) },
  };
}

function resolveTarget(ref: string, index: MetadataIndex, catalog: AnalyticsCatalog): Target {
  const r = ref.trim();
  const ind = catalog.indicators.find((i) => i.uid === r || i.code === r) ?? catalog.indicators.find((i) => i.name === r);
  if (ind?.kind === 'function' && ind.spec) {
    return { kind: 'function', id: ind.uid, ind, spec: ind.spec, name: ind.name };
  }
  if (ind) {
    return { kind: 'indicator', id: ind.uid, ind, num: parseExpression(ind.numerator), den: parseExpression(ind.denominator), name: ind.name };
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
      return { kind: 'de', id: `${opDe.uid}.${coc.uid}`, de: opDe, cocId: coc.id, name: `${opDe.name} ${coc.name}` };
    }
  }
  throw new AppError('HW_NOT_FOUND', { kind: '数据项（指标或数据元）', id: r });
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
    throw new AppError('HW_VALIDATION', { reason: '缺少 pe 维度（pe dimension required）' });
  }
  return [...out.values()];
}

/** Resolves the ou dimension: units, LEVEL-n and OU_GROUP-x within them, CHILDREN, DESCENDANTS. */
export function resolveOrgUnits(refs: readonly string[], index: MetadataIndex, catalog: AnalyticsCatalog, userRoots?: readonly OrgUnitRow[]): OrgUnitRow[] {
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
        throw new AppError('HW_NOT_FOUND', { kind: '机构分组', id });
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
      throw new AppError('HW_NOT_FOUND', { kind: '机构', id: ref });
    }
    bases.push(ou);
  }
  // Without named units, keywords resolve inside the user's own units (everywhere for admins).
  const roots: readonly OrgUnitRow[] = bases.length > 0 ? bases : (userRoots ?? all.filter((o) => o.parentId === null));
  const within = (o: OrgUnitRow): boolean => roots.some((b) => o.path.startsWith(b.path));
  let out: OrgUnitRow[];
  if (levels.length > 0 || groups.length > 0) {
    out = all.filter((o) => within(o) && (levels.length === 0 || levels.includes(o.level)) && groups.every((g) => g.includes(o.id)));
  } else if (children || descendants) {
    out = all.filter((o) => roots.some((b) => (children ? o.parentId === b.id : o.path.startsWith(b.path) && o.id !== b.id)));
  } else {
    out = [...roots];
  }
  if (out.length === 0 && bases.length === 0 && levels.length === 0 && groups.length === 0) {
    throw new AppError('HW_VALIDATION', { reason: '缺少 ou 维度（ou dimension required）' });
  }
  const seen = new Set<number>();
  return out
    .filter((o) => (seen.has(o.id) ? false : (seen.add(o.id), true)))
    .sort((a, b) => a.level - b.level || a.path.localeCompare(b.path));
}

/** Age group from an option code: `AGE_0` (0, width 1), `AGE_1_4`, `AGE_5_9` …, `AGE_85P` (open). */
export function ageGroupOf(code: string): { age: number; width: number | null } | null {
  const open = /^AGE_(\d+)P$/.exec(code);
  if (open) {
    return { age: Number(open[1]), width: null };
  }
  const range = /^AGE_(\d+)(?:_(\d+))?$/.exec(code);
  if (!range) {
    return null;
  }
  const start = Number(range[1]);
  const end = range[2] === undefined ? start : Number(range[2]);
  return { age: start, width: end - start + 1 };
}

/** Position of the period in its calendar year (month 1–12, quarter 1–4 …; 1 for a year). */
function periodInYear(p: Period): number {
  const year = yearly(Number(p.startDate.slice(0, 4)));
  if (p.type === 'Yearly' || p.type === 'FinancialOct') {
    return 1;
  }
  if (p.type === 'Weekly') {
    return Number(p.id.split('W')[1]);
  }
  return childPeriods(year, p.type).findIndex((c) => c.id === p.id) + 1;
}

function yearlyPeriodCount(p: Period): number {
  if (p.type === 'Yearly' || p.type === 'FinancialOct') {
    return 1;
  }
  const year = p.type === 'Weekly' ? yearly(Number(p.id.slice(0, 4))) : yearly(Number(p.startDate.slice(0, 4)));
  return childPeriods(year, p.type).length;
}
