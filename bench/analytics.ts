/**
 * Analytics benchmark (figures in bench/RESULTS.md §2): a seeded generator builds a country-shaped tree and
 * millions of values, loads them through the live import path (rollups maintained), then times
 * Q1–Q8 and checks every analytics cell against an in-process typed-array reference. Any
 * mismatch or stale read fails the run (exit 1).
 *
 *   SIZE=S|M  (default S)   DB=sqlite|postgres://…  (default: a temp SQLite file)   RUNS=20
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  everywhereContext,
  importMetadataDocument,
  importRawValues,
  queryAnalytics,
  seededRandom,
  setValue,
} from '@healthwatch/services';
import type { AnalyticsRequest, RawValue } from '@healthwatch/services';
import {
  loadMetadataIndex,
  migrateStore,
  openStore,
  openValueWriter,
  storageBytes,
} from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import {
  buildDenormalisedAnalyticsTable,
  dropDenormalisedAnalyticsTable,
  tableRows,
} from '@healthwatch/store/testing';

const SIZES = { XS: [2, 2, 2, 20], S: [4, 5, 4, 130], M: [16, 10, 2, 130] } as const;
const SIZE = (process.env.SIZE ?? 'S') as keyof typeof SIZES;
const LEVELS = SIZES[SIZE];
const N_DE = 200;
const COC_PATTERN = [1, 2, 1, 4, 1];
const TYPES = 8;
const DES_PER_TYPE = 24;
const MONTHS = 36;
const P_REPORT = 0.9;
const P_CELL = 0.52;
const SEED = 12345;
const RUNS = Number(process.env.RUNS ?? (SIZE === 'S' ? 20 : 10));
const QDE = Array.from({ length: 20 }, (_, i) => 10 * i + (i % 5));

const monthId = (m: number): string => `${2021 + Math.floor(m / 12)}${String((m % 12) + 1).padStart(2, '0')}`;
const quarterOf = (m: number): string => `${2021 + Math.floor(m / 12)}Q${Math.floor((m % 12) / 3) + 1}`;

function stats(xs: number[]): { p50: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { p50: r(at(0.5)), p95: r(at(0.95)), max: r(s.at(-1) ?? NaN) };
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

async function timeAsync<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await f();
  return [v, performance.now() - t0];
}

// ---------------------------------------------------------------------------------------------
// The tree: level 1 is the country; leaves are facilities.
interface Tree {
  codes: string[][];
  leafL2: Int32Array;
  leafL4: Int32Array;
  leafType: Uint8Array;
}

function buildTree(rng: () => number): Tree {
  const codes: string[][] = [['C']];
  let parents = 1;
  for (const [li, fan] of LEVELS.entries()) {
    const level: string[] = [];
    for (let p = 0; p < parents; p++) {
      for (let k = 0; k < fan; k++) {
        level.push(`L${li + 2}_${level.length}`);
      }
    }
    codes.push(level);
    parents = level.length;
  }
  const leaves = codes[4]?.length ?? 0;
  const leafL2 = new Int32Array(leaves);
  const leafL4 = new Int32Array(leaves);
  const leafType = new Uint8Array(leaves);
  const [, f3 = 1, f4 = 1, f5 = 1] = LEVELS;
  for (let l = 0; l < leaves; l++) {
    const l4 = Math.floor(l / f5);
    leafL4[l] = l4;
    leafL2[l] = Math.floor(l4 / (f4 * f3));
    leafType[l] = Math.floor(rng() * TYPES);
  }
  return { codes, leafL2, leafL4, leafType };
}

function metadata(tree: Tree): unknown {
  const orgUnits: { code: string; name: string; parent?: string }[] = [{ code: 'C', name: '全国' }];
  for (let li = 1; li < tree.codes.length; li++) {
    const fan = LEVELS[li - 1] ?? 1;
    (tree.codes[li] ?? []).forEach((code, i) => {
      orgUnits.push({ code, name: code, parent: tree.codes[li - 1]?.[Math.floor(i / fan)] ?? 'C' });
    });
  }
  return {
    orgUnits,
    categoryOptions: ['a', 'b', 'p', 'q', 'r', 's'].map((c) => ({ code: `O_${c}`, name: c })),
    categories: [
      { code: 'C2', name: 'c2', options: ['O_a', 'O_b'] },
      { code: 'C4', name: 'c4', options: ['O_p', 'O_q', 'O_r', 'O_s'] },
    ],
    categoryCombos: [
      { code: 'CC2', name: 'cc2', categories: ['C2'] },
      { code: 'CC4', name: 'cc4', categories: ['C4'] },
    ],
    dataElements: Array.from({ length: N_DE }, (_, d) => ({
      code: `DE${d}`,
      name: `DE${d}`,
      valueType: 'INTEGER_ZERO_OR_POSITIVE',
      aggregationType: 'SUM',
      ...(d % 5 === 1 ? { categoryCombo: 'CC2' } : d % 5 === 3 ? { categoryCombo: 'CC4' } : {}),
    })),
    indicators: [
      {
        code: 'Q4IND',
        name: 'Q4',
        numerator: QDE.slice(0, 10)
          .map((d) => `#{DE${d}}`)
          .join(' + '),
        denominator: QDE.slice(10)
          .map((d) => `#{DE${d}}`)
          .join(' + '),
        factor: 100,
        decimals: 6,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Generated values, kept in typed arrays: they are the reference.
interface Values {
  n: number;
  de: Uint16Array;
  coc: Uint8Array;
  leaf: Int32Array;
  month: Uint8Array;
  value: Uint8Array;
}

function generate(tree: Tree, rng: () => number, months: number[]): Values {
  const cap =
    Math.ceil(tree.leafType.length * months.length * DES_PER_TYPE * 1.8 * P_CELL * P_REPORT * 1.2) + 1000;
  const v: Values = {
    n: 0,
    de: new Uint16Array(cap),
    coc: new Uint8Array(cap),
    leaf: new Int32Array(cap),
    month: new Uint8Array(cap),
    value: new Uint8Array(cap),
  };
  for (const m of months) {
    for (let l = 0; l < tree.leafType.length; l++) {
      if (rng() >= P_REPORT) {
        continue;
      }
      const first = (tree.leafType[l] ?? 0) * DES_PER_TYPE;
      for (let d = first; d < first + DES_PER_TYPE && d < N_DE; d++) {
        const cocs = COC_PATTERN[d % 5] ?? 1;
        for (let k = 0; k < cocs; k++) {
          if (rng() < P_CELL) {
            const i = v.n++;
            v.de[i] = d;
            v.coc[i] = k;
            v.leaf[i] = l;
            v.month[i] = m;
            v.value[i] = 1 + Math.floor(rng() * 200);
          }
        }
      }
    }
  }
  return v;
}

/** Data-element-clustered index lists: the in-process reference scans only the queried elements. */
function clusterByDe(v: Values): Int32Array[] {
  const counts = new Int32Array(N_DE);
  for (let i = 0; i < v.n; i++) {
    counts[v.de[i] ?? 0] = (counts[v.de[i] ?? 0] ?? 0) + 1;
  }
  const lists = Array.from({ length: N_DE }, (_, d) => new Int32Array(counts[d] ?? 0));
  const fill = new Int32Array(N_DE);
  for (let i = 0; i < v.n; i++) {
    const d = v.de[i] ?? 0;
    (lists[d] as Int32Array)[fill[d] ?? 0] = i;
    fill[d] = (fill[d] ?? 0) + 1;
  }
  return lists;
}

type Cells = Map<string, number>;

/**
 * The in-process reference: scans only the queried elements' values (clustered by data element)
 * and adds each into a Float64Array slot; `cellOf` maps a value to a slot or -1. Only the final
 * conversion to keys (for the checksum) is outside the timed loop.
 */
function reference(
  v: Values,
  byDe: Int32Array[],
  des: readonly number[],
  cellOf: (i: number) => number,
  cells: number,
): Float64Array {
  const out = new Float64Array(cells).fill(NaN);
  for (const d of des) {
    const list = byDe[d] ?? new Int32Array();
    for (let j = 0; j < list.length; j++) {
      const i = list[j] ?? 0;
      const c = cellOf(i);
      if (c >= 0) {
        const prev = out[c] ?? NaN;
        out[c] = (Number.isNaN(prev) ? 0 : prev) + (v.value[i] ?? 0);
      }
    }
  }
  return out;
}

function toCells(sums: Float64Array, keyOf: (c: number) => string): Cells {
  const out: Cells = new Map();
  sums.forEach((x, c) => {
    if (!Number.isNaN(x)) {
      out.set(keyOf(c), x);
    }
  });
  return out;
}

function compare(name: string, got: Cells, want: Cells): void {
  let bad = 0;
  for (const [k, w] of want) {
    if (got.get(k) !== w) {
      bad++;
      if (bad <= 5) {
        console.error(`${name}: cell ${k} expected ${w}, got ${got.get(k)}`);
      }
    }
  }
  for (const k of got.keys()) {
    if (!want.has(k)) {
      bad++;
    }
  }
  if (bad > 0) {
    console.error(`${name}: ${bad} cells differ — FAIL`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------
async function main(): Promise<void> {
  const rng = seededRandom(SEED);
  const dir = mkdtempSync(join(tmpdir(), 'hw-bench-analytics-'));
  const dbUrl = process.env.DB?.startsWith('postgres') ? process.env.DB : `sqlite:${join(dir, 'bench.db')}`;
  const tree = buildTree(rng);
  const [values, genMs] = time(() =>
    generate(
      tree,
      rng,
      Array.from({ length: MONTHS }, (_, m) => m),
    ),
  );
  const extra = generate(tree, rng, [MONTHS]);
  const byDe = clusterByDe(values);
  const leaves = tree.leafType.length;
  const targetL2 = Math.min(5, (tree.codes[1]?.length ?? 1) - 1);
  console.error(
    `[bench] size ${SIZE}: ${leaves} leaves, ${values.n} values (+${extra.n} extra month), generated in ${Math.round(genMs)} ms`,
  );

  let store: Store = await openStore(dbUrl, { create: true });
  await migrateStore(store);
  const [, mdMs] = await timeAsync(() =>
    importMetadataDocument(store, everywhereContext('bench', 'zh-CN'), metadata(tree)),
  );
  console.error(`[bench] metadata in ${Math.round(mdMs)} ms`);
  const cocRows = await tableRows(store, 'category_option_combo');
  const cocUid = new Map(cocRows.map((r) => [r.name, r.uid]));
  const cocName = (d: number, k: number): string | null =>
    d % 5 === 1 ? (['a', 'b'][k] ?? null) : d % 5 === 3 ? (['p', 'q', 'r', 's'][k] ?? null) : null;
  const leafCode = (l: number): string => tree.codes[4]?.[l] ?? '';

  function* rows(v: Values, from: number, to: number): Generator<RawValue> {
    for (let i = from; i < to; i++) {
      const d = v.de[i] ?? 0;
      const c = cocName(d, v.coc[i] ?? 0);
      yield {
        row: i,
        fields: {
          dataElement: `DE${d}`,
          period: monthId(v.month[i] ?? 0),
          orgUnit: leafCode(v.leaf[i] ?? 0),
          ...(c ? { categoryOptionCombo: cocUid.get(c) ?? c } : {}),
          value: String(v.value[i]),
        },
        problems: [],
      };
    }
  }

  // Load month by month (values were generated month-major), one import transaction each.
  const loadStart = performance.now();
  let start = 0;
  for (let m = 0; m < MONTHS; m++) {
    let end = start;
    while (end < values.n && values.month[end] === m) {
      end++;
    }
    const s = await importRawValues(
      store,
      everywhereContext('bench', 'zh-CN'),
      () => rows(values, start, end),
      { fileName: null, formatName: 'bench' },
    );
    if (s.status !== 'SUCCESS' || s.imported !== end - start) {
      console.error('load failed', s.status, s.conflicts.slice(0, 3));
      process.exit(1);
    }
    start = end;
  }
  const loadMs = performance.now() - loadStart;
  console.error(
    `[bench] loaded ${values.n} values in ${Math.round(loadMs / 1000)} s (${Math.round(values.n / (loadMs / 1000))} values/s)`,
  );

  // --- queries --------------------------------------------------------------------------------
  const quarters = Array.from({ length: 12 }, (_, q) => quarterOf(q * 3));
  const l2Codes = tree.codes[1] ?? [];
  const qdeCodes = QDE.map((d) => `DE${d}`);
  const districtL4 = tree.leafL4[0] ?? 0;
  const districtCode = tree.codes[3]?.[districtL4] ?? '';
  const deSlot = new Int16Array(N_DE).fill(-1);
  QDE.forEach((d, i) => {
    deSlot[d] = i;
  });
  const nL2 = l2Codes.length;
  const monthQuarter = (m: number): number => Math.floor(m / 3);
  interface Query {
    req: AnalyticsRequest;
    des: readonly number[];
    cells: number;
    cellOf: (i: number) => number;
    keyOf: (c: number) => string;
  }
  const queries: Record<string, Query> = {
    Q1: {
      req: { dx: qdeCodes, pe: quarters, ou: [l2Codes[targetL2] ?? ''] },
      des: QDE,
      cells: 20 * 12,
      cellOf: (i) =>
        tree.leafL2[values.leaf[i] ?? 0] === targetL2
          ? (deSlot[values.de[i] ?? 0] ?? 0) * 12 + monthQuarter(values.month[i] ?? 0)
          : -1,
      keyOf: (c) => `DE${QDE[Math.floor(c / 12)]}|${quarters[c % 12]}|${l2Codes[targetL2]}`,
    },
    Q2: {
      req: { dx: qdeCodes, pe: quarters, ou: ['LEVEL-2'] },
      des: QDE,
      cells: 20 * 12 * nL2,
      cellOf: (i) =>
        ((deSlot[values.de[i] ?? 0] ?? 0) * 12 + monthQuarter(values.month[i] ?? 0)) * nL2 +
        (tree.leafL2[values.leaf[i] ?? 0] ?? 0),
      keyOf: (c) =>
        `DE${QDE[Math.floor(c / nL2 / 12)]}|${quarters[Math.floor(c / nL2) % 12]}|${l2Codes[c % nL2]}`,
    },
    Q3: {
      req: { dx: qdeCodes, pe: Array.from({ length: MONTHS }, (_, m) => monthId(m)), ou: [districtCode] },
      des: QDE,
      cells: 20 * MONTHS,
      cellOf: (i) =>
        tree.leafL4[values.leaf[i] ?? 0] === districtL4
          ? (deSlot[values.de[i] ?? 0] ?? 0) * MONTHS + (values.month[i] ?? 0)
          : -1,
      keyOf: (c) => `DE${QDE[Math.floor(c / MONTHS)]}|${monthId(c % MONTHS)}|${districtCode}`,
    },
  };
  const uidToCode = new Map<string, string>();
  for (const r of await tableRows(store, 'data_element')) {
    uidToCode.set(r.uid, r.code ?? '');
  }
  for (const r of await tableRows(store, 'indicator')) {
    uidToCode.set(r.uid, r.code ?? '');
  }
  for (const r of (await tableRows(store, 'org_unit')).filter((o) => o.level <= 4)) {
    uidToCode.set(r.uid, r.code ?? '');
  }
  const asCells = (rowsIn: { dx: string; pe: string; ou: string; value: number }[]): Cells =>
    new Map(
      rowsIn.map((r) => [`${uidToCode.get(r.dx) ?? r.dx}|${r.pe}|${uidToCode.get(r.ou) ?? r.ou}`, r.value]),
    );

  const result: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', node: process.version },
    db: store.dialect,
    generator: {
      size: SIZE,
      levels: LEVELS,
      nDE: N_DE,
      cocPattern: COC_PATTERN,
      facilityTypes: TYPES,
      desPerType: DES_PER_TYPE,
      months: MONTHS,
      pReport: P_REPORT,
      pCell: P_CELL,
      seed: SEED,
    },
    values: values.n,
    load: { seconds: Math.round(loadMs / 100) / 10, valuesPerSecond: Math.round(values.n / (loadMs / 1000)) },
  };
  const run = async (
    name: string,
    req: AnalyticsRequest,
    ref: () => Float64Array,
    finish: (sums: Float64Array) => Cells,
  ): Promise<void> => {
    const want = finish(ref());
    const refTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      refTimes.push(time(ref)[1]);
    }
    const times: number[] = [];
    let last: Cells = new Map();
    for (let i = 0; i < RUNS + 2; i++) {
      const [r, ms] = await timeAsync(() =>
        queryAnalytics(store, everywhereContext('bench', 'zh-CN'), { ...req, skipRounding: true }),
      );
      if (i >= 2) {
        times.push(ms);
      }
      last = asCells(r.rows);
    }
    compare(name, last, want);
    const s = stats(times);
    const rs = stats(refTimes);
    result[name] = {
      ...s,
      cells: want.size,
      reference: rs,
      ratio: Math.round((s.p50 / rs.p50) * 100) / 100,
      checksum: 'ok',
    };
    console.error(
      `[bench] ${name} p50 ${s.p50} ms (reference ${rs.p50} ms, ratio ${Math.round((s.p50 / rs.p50) * 100) / 100}) cells ${want.size}`,
    );
  };
  for (const [name, q] of Object.entries(queries)) {
    await run(
      name,
      q.req,
      () => reference(values, byDe, q.des, q.cellOf, q.cells),
      (sums) => toCells(sums, q.keyOf),
    );
  }
  // Q4: the indicator Σ(DE 0–9)/Σ(DE 10–19)×100 by L2 × year.
  const years = ['2021', '2022', '2023'];
  // Numerator and denominator sums in one pass: slot = (part × years + year) × L2 + l2.
  const q4Cell = (i: number): number => {
    const slot = deSlot[values.de[i] ?? 0] ?? 0;
    const part = slot < 10 ? 0 : 1;
    return (
      (part * 3 + Math.floor((values.month[i] ?? 0) / 12)) * nL2 + (tree.leafL2[values.leaf[i] ?? 0] ?? 0)
    );
  };
  await run(
    'Q4',
    { dx: ['Q4IND'], pe: years, ou: ['LEVEL-2'] },
    () => reference(values, byDe, QDE, q4Cell, 2 * 3 * nL2),
    (sums) => {
      const out: Cells = new Map();
      for (let y = 0; y < 3; y++) {
        for (let o = 0; o < nL2; o++) {
          const n = sums[y * nL2 + o] ?? NaN;
          const d = sums[(3 + y) * nL2 + o] ?? NaN;
          if (!Number.isNaN(n) && !Number.isNaN(d) && d !== 0) {
            out.set(`Q4IND|${years[y]}|${l2Codes[o]}`, (n * 100) / d);
          }
        }
      }
      return out;
    },
  );

  // Q5: point lookups of 10,000 random existing keys.
  const deIds = new Map((await tableRows(store, 'data_element')).map((r) => [r.code ?? '', r.id]));
  const ouIds = new Map((await tableRows(store, 'org_unit')).map((r) => [r.code ?? '', r.id]));
  const peIds = new Map((await tableRows(store, 'period')).map((r) => [r.iso, r.id]));
  const cocIds = new Map((await tableRows(store, 'category_option_combo')).map((r) => [r.name, r.id]));
  const keyOf = (i: number): { deId: number; peId: number; ouId: number; cocId: number; aocId: number } => {
    const d = values.de[i] ?? 0;
    return {
      deId: deIds.get(`DE${d}`) ?? 0,
      peId: peIds.get(monthId(values.month[i] ?? 0)) ?? 0,
      ouId: ouIds.get(leafCode(values.leaf[i] ?? 0)) ?? 0,
      cocId: cocIds.get(cocName(d, values.coc[i] ?? 0) ?? 'default') ?? 0,
      aocId: cocIds.get('default') ?? 0,
    };
  };
  // Outside a transaction: reads only (fetchExisting), as the import's first step does.
  const lookup = openValueWriter(store, store.db, await loadMetadataIndex(store.db));
  const q5: number[] = [];
  let missing = 0;
  for (let j = 0; j < 10_000; j++) {
    const i = Math.floor(rng() * values.n);
    const k = keyOf(i);
    const [found, ms] = await timeAsync(() => lookup.fetchExisting([k]));
    q5.push(ms);
    const got = [...found.values()][0];
    if (got?.value !== String(values.value[i])) {
      missing++;
    }
  }
  if (missing > 0) {
    console.error(`Q5: ${missing} lookups wrong — FAIL`);
    process.exit(1);
  }
  result.Q5 = { ...stats(q5), lookups: 10_000 };
  console.error(`[bench] Q5 point lookup p50 ${stats(q5).p50} ms`);

  // Q6: freshness — write one value in Q1's area, commit, run Q1, the cell must move by the delta.
  const q6Write: number[] = [];
  const q6Visible: number[] = [];
  let stale = 0;
  const q1 = (queries.Q1 as Query).req;
  for (let j = 0; j < 200; j++) {
    let i = Math.floor(rng() * values.n);
    while (tree.leafL2[values.leaf[i] ?? 0] !== targetL2 || !QDE.includes(values.de[i] ?? -1)) {
      i = Math.floor(rng() * values.n);
    }
    const d = values.de[i] ?? 0;
    const cell = `DE${d}|${quarterOf(values.month[i] ?? 0)}|${l2Codes[targetL2]}`;
    const before =
      asCells(
        (await queryAnalytics(store, everywhereContext('bench', 'zh-CN'), { ...q1, skipRounding: true }))
          .rows,
      ).get(cell) ?? 0;
    const old = values.value[i] ?? 0;
    const next = old === 200 ? 1 : old + 1;
    const c = cocName(d, values.coc[i] ?? 0);
    const t0 = performance.now();
    await setValue(store, everywhereContext('bench', 'zh-CN'), {
      dataElement: `DE${d}`,
      orgUnit: leafCode(values.leaf[i] ?? 0),
      period: monthId(values.month[i] ?? 0),
      categoryOptionCombo: c ? cocUid.get(c) : undefined,
      value: String(next),
    });
    const t1 = performance.now();
    const after =
      asCells(
        (await queryAnalytics(store, everywhereContext('bench', 'zh-CN'), { ...q1, skipRounding: true }))
          .rows,
      ).get(cell) ?? 0;
    const t2 = performance.now();
    values.value[i] = next;
    q6Write.push(t1 - t0);
    q6Visible.push(t2 - t0);
    if (after - before !== next - old) {
      stale++;
    }
  }
  result.Q6 = { writes: 200, staleReads: stale, upsert: stats(q6Write), writeToVisible: stats(q6Visible) };
  console.error(
    `[bench] Q6 upsert p50 ${stats(q6Write).p50} ms, write→visible p50 ${stats(q6Visible).p50} ms, stale ${stale}`,
  );
  if (stale > 0) {
    console.error('Q6: stale reads — FAIL');
    process.exit(1);
  }

  // Q7: import one more month into the live store, then Q2.
  const [, q7Ms] = await timeAsync(() =>
    importRawValues(store, everywhereContext('bench', 'zh-CN'), () => rows(extra, 0, extra.n), {
      fileName: null,
      formatName: 'bench',
    }),
  );
  const [, q2AfterMs] = await timeAsync(() =>
    queryAnalytics(store, everywhereContext('bench', 'zh-CN'), {
      ...(queries.Q2 as Query).req,
      skipRounding: true,
    }),
  );
  result.Q7 = {
    values: extra.n,
    seconds: Math.round(q7Ms / 100) / 10,
    valuesPerSecond: Math.round(extra.n / (q7Ms / 1000)),
    q2AfterMs: Math.round(q2AfterMs),
  };
  console.error(
    `[bench] Q7 ${extra.n} values in ${Math.round(q7Ms)} ms (${Math.round(extra.n / (q7Ms / 1000))}/s)`,
  );

  // Storage per value: values, their index and rollups (audit history reported apart).
  const total = values.n + extra.n;
  const by = await storageBytes(store);
  const valueBytes = by.get('data_value') ?? 0;
  const rollupBytes = by.get('data_value_rollup') ?? 0;
  result.storage = {
    bytesPerValueWithRollups: Math.round(((valueBytes + rollupBytes) / total) * 10) / 10,
    rollupShare: Math.round((rollupBytes / (valueBytes + rollupBytes)) * 1000) / 1000,
    auditBytesPerValue: Math.round(((by.get('data_value_audit') ?? 0) / total) * 10) / 10,
    ...(store.sqlitePath ? { fileMb: Math.round(statSync(store.sqlitePath).size / 1e6) } : {}),
  };

  // The comparison DHIS2 users live with: rebuilding a denormalised analytics table.
  const [, rebuildMs] = await timeAsync(() => buildDenormalisedAnalyticsTable(store));
  await dropDenormalisedAnalyticsTable(store);
  result.dhis2StyleRebuild = {
    seconds: Math.round(rebuildMs / 100) / 10,
    ratioToQ7Import: Math.round((rebuildMs / q7Ms) * 10) / 10,
  };
  console.error(
    `[bench] DHIS2-style rebuild ${Math.round(rebuildMs)} ms (${Math.round((rebuildMs / q7Ms) * 10) / 10}× the Q7 import)`,
  );

  // Q8: cold start — open the store and run the first Q2.
  const q8: number[] = [];
  for (let j = 0; j < 3; j++) {
    await store.close();
    const [s2, ms] = await timeAsync(async () => {
      const s = await openStore(dbUrl);
      await queryAnalytics(s, everywhereContext('bench', 'zh-CN'), {
        ...(queries.Q2 as Query).req,
        skipRounding: true,
      });
      return s;
    });
    store = s2;
    q8.push(ms);
  }
  result.Q8 = stats(q8);
  console.error(`[bench] Q8 cold start + first Q2 p50 ${stats(q8).p50} ms`);
  await store.close();
  result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify(result, null, 2));
  if (dbUrl.startsWith('sqlite:')) {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
