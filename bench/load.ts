/**
 * Load and durability (issues 5, 13, 17): a real server (`healthwatch serve`, SQLite) on the demo,
 * 200 concurrent clients for 30 s mixing analytics reads (2 in 3 requests) with single-value
 * writes (1 in 3) into periods that are open today — the current month of the monthly service
 * report at its institutions, and the last 7 days of the daily case report at the towns, which
 * early warning watches. Each client writes its own keys, so the last acknowledged value of every
 * key is known; afterwards every acknowledged write is read back through the API and looked up in
 * the audit. Then: how long the server's CPU takes to go idle, how many early-warning runs the load
 * cost, and whether the stored events are those of one full run over the final data. The same
 * client loop against a bare Hono server answering the same URLs with the same bodies is the
 * ceiling; the ratio is printed. ROUNDS rounds (min/median/max). Then SIGKILL in the middle of a
 * large import: after a restart the import is either fully there or not at all.
 *
 *   CLIENTS=200 SECONDS=30 ROUNDS=3 CEILING_SECONDS=10 npm run bench -- load
 *
 * Fails (exit 1) on any failed request, lost or unaudited write, events that differ from a full
 * run, or an import that is half there.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePeriod, periodsBetween } from '@healthwatch/core';
import { everywhereContext, runSurveillance } from '@healthwatch/services';
import { cachedMetadataIndex, listSurveillanceEvents, openMigratedStore } from '@healthwatch/store';
import { countRows, tableRows } from '@healthwatch/store/testing';

const CLIENTS = Number(process.env.CLIENTS ?? 200);
const SECONDS = Number(process.env.SECONDS ?? 30);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CEILING_SECONDS = Number(process.env.CEILING_SECONDS ?? 10);
const PASSWORD = 'Load-test-2024';
const dir = mkdtempSync(join(tmpdir(), 'hw-load-'));
const db = `sqlite:${join(dir, 'load.db')}`;
const cli = (args: string[], env: Record<string, string> = {}): string => {
  const r = spawnSync(process.execPath, ['packages/cli/bin/healthwatch.js', '--db', db, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) {
    throw new Error(r.stderr);
  }
  return r.stdout;
};

interface Server {
  child: ChildProcess;
  base: string;
  /** Everything the server wrote to stderr (its early-warning runs are logged there). */
  log: () => string;
  /** When (performance.now()) each early-warning run was logged. */
  runsLoggedAt: number[];
}

async function startServer(port: number): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['packages/cli/bin/healthwatch.js', '--db', db, 'serve', '--port', String(port)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  const runsLoggedAt: number[] = [];
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
      for (const _ of d.toString().matchAll(/^early warning \(/gm)) {
        runsLoggedAt.push(performance.now());
      }
      if (log.includes('HealthWatch is serving')) {
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${log}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, log: () => log, runsLoggedAt };
}

async function stopServer(s: Server | ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const child = 'child' in s ? s.child : s;
  if (child.exitCode !== null) {
    return;
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

function stats(xs: readonly number[]): { p50: number; p99: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number =>
    Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN) * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), max: Math.round((s.at(-1) ?? NaN) * 10) / 10 };
}

function spread(xs: readonly number[]): { min: number; median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0] ?? NaN, median: s[Math.floor(s.length / 2)] ?? NaN, max: s.at(-1) ?? NaN };
}

/** CPU seconds (user + system, all threads) the process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

type Key = { de: string; ou: string; pe: string; watched: boolean };

const QUERIES = [
  '/api/analytics?dimension=dx:IMR;OPD_VISITS&dimension=pe:2024Q1;202403&dimension=ou:JJ;CHILDREN',
  '/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:LAST_12_MONTHS&dimension=ou:LEVEL-2&relativePeriodDate=2024-04-15',
  '/api/analytics?dimension=dx:BEDS&dimension=pe:2010;2020;2023&dimension=ou:JJ',
];

interface LoadResult {
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: ReturnType<typeof stats>;
  readLatencyMs: ReturnType<typeof stats>;
  writeLatencyMs: ReturnType<typeof stats>;
  errors: number;
  errorSamples: string[];
  readsPerQuery: number[];
  acknowledgedWrites: number;
  /** When the last write of a case count (which early warning watches) was acknowledged. */
  lastWatchedWriteAt: number;
  acked: Map<string, { key: Key; values: string[] }>;
  /** The body of one acknowledged write (for the ceiling to answer with). */
  writeBody: string;
}

/** CLIENTS clients for `seconds`: 2 reads (the queries in turn) then 1 write of one of its own keys. */
async function load(
  base: string,
  auth: Record<string, string>,
  keys: readonly Key[],
  seconds: number,
  round: number,
): Promise<LoadResult> {
  const acked = new Map<string, { key: Key; values: string[] }>();
  const latencies: number[] = [];
  const reads: number[] = [];
  const writesMs: number[] = [];
  const readsPerQuery = QUERIES.map(() => 0);
  const errorSamples: string[] = [];
  let errors = 0;
  let writes = 0;
  let writeBody = '';
  let lastWatchedWriteAt = 0;
  const fail = (what: string): void => {
    errors++;
    if (errorSamples.length < 5) {
      errorSamples.push(what);
    }
  };
  const end = Date.now() + seconds * 1000;
  async function client(i: number): Promise<void> {
    const mine = keys.filter((_, k) => k % CLIENTS === i);
    let n = 0;
    let read = i;
    let written = 0;
    while (Date.now() < end) {
      n++;
      const t0 = performance.now();
      const isWrite = mine.length > 0 && n % 3 === 0;
      try {
        if (isWrite) {
          const k = mine[written % mine.length] ?? mine[0];
          written++;
          if (!k) {
            continue;
          }
          // Case counts stay small (0–9); monthly figures vary widely.
          const value = String(
            k.watched ? (n * 7 + i + round) % 10 : 1 + ((n * 7919 + i + round * 31) % 5000),
          );
          const r = await fetch(`${base}/api/dataValues`, {
            method: 'POST',
            body: JSON.stringify({ dataElement: k.de, orgUnit: k.ou, period: k.pe, value }),
            headers: { ...auth, 'content-type': 'application/json' },
          });
          const text = await r.text();
          if (r.status === 200) {
            const id = `${k.de}|${k.ou}|${k.pe}`;
            const entry = acked.get(id) ?? { key: k, values: [] };
            entry.values.push(value);
            acked.set(id, entry);
            writes++;
            writeBody ||= text;
            if (k.watched) {
              lastWatchedWriteAt = performance.now();
            }
          } else {
            fail(`POST ${k.de} ${k.ou} ${k.pe}: ${r.status} ${text.slice(0, 160)}`);
          }
          writesMs.push(performance.now() - t0);
        } else {
          const q = read++ % QUERIES.length;
          readsPerQuery[q] = (readsPerQuery[q] ?? 0) + 1;
          const r = await fetch(`${base}${QUERIES[q] ?? ''}`, { headers: auth });
          await r.arrayBuffer();
          if (r.status !== 200) {
            fail(`GET query ${q}: ${r.status}`);
          }
          reads.push(performance.now() - t0);
        }
      } catch (e) {
        const cause = (e as Error).cause as { code?: string; message?: string } | undefined;
        fail(
          `${isWrite ? 'POST' : 'GET'} after ${Math.round(performance.now() - t0)} ms: ${(e as Error).message} (${cause?.code ?? cause?.message ?? ''})`,
        );
      }
      latencies.push(performance.now() - t0);
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  const elapsed = (performance.now() - t0) / 1000;
  return {
    seconds: Math.round(elapsed * 10) / 10,
    requests: latencies.length,
    requestsPerSecond: Math.round(latencies.length / elapsed),
    latencyMs: stats(latencies),
    readLatencyMs: stats(reads),
    writeLatencyMs: stats(writesMs),
    errors,
    errorSamples,
    readsPerQuery,
    acknowledgedWrites: writes,
    lastWatchedWriteAt,
    acked,
    writeBody,
  };
}

/** Every acknowledged write: its key reads back its last value through the API, and each value is in the audit. */
async function verify(
  base: string,
  auth: Record<string, string>,
  acked: LoadResult['acked'],
): Promise<{ lost: number; unaudited: number; samples: string[] }> {
  let lost = 0;
  let unaudited = 0;
  const samples: string[] = [];
  const entries = [...acked.values()];
  for (let i = 0; i < entries.length; i += 20) {
    await Promise.all(
      entries.slice(i, i + 20).map(async ({ key, values }) => {
        const q = `de=${key.de}&ou=${key.ou}&pe=${key.pe}`;
        const read = (await (await fetch(`${base}/api/dataValues?${q}`, { headers: auth })).json()) as {
          dataValues?: { value: string }[];
        };
        if (read.dataValues?.[0]?.value !== values.at(-1)) {
          lost++;
          if (samples.length < 5) {
            samples.push(
              `${q}: read ${JSON.stringify(read).slice(0, 120)}, last acknowledged ${values.at(-1) ?? ''}`,
            );
          }
        }
        const audit = (await (
          await fetch(`${base}/api/audit?${q}&limit=1000`, { headers: auth })
        ).json()) as { audit?: { newValue: string | null; changedBy: string }[] };
        const audited = new Set(
          (audit.audit ?? []).filter((a) => a.changedBy === 'stats').map((a) => a.newValue),
        );
        if (values.some((v) => !audited.has(v))) {
          unaudited++;
          if (samples.length < 5) {
            samples.push(`${q}: values ${values.join(',')} not all in the audit`);
          }
        }
      }),
    );
  }
  return { lost, unaudited, samples };
}

/**
 * After the load: seconds until the server's CPU is idle (under 5 % over a second) with the
 * early-warning run for the load's last case-count write done (logged after that write), at most 60 s.
 */
async function untilIdle(
  server: Server,
  lastWatchedWriteAt: number,
): Promise<{ seconds: number; cpuSecondsAfterLoad: number }> {
  const pid = server.child.pid ?? 0;
  const start = performance.now();
  const cpu0 = cpuSeconds(pid);
  const samples: { t: number; cpu: number }[] = [{ t: start, cpu: cpu0 }];
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = performance.now();
    samples.push({ t: now, cpu: cpuSeconds(pid) });
    const ranAfter = lastWatchedWriteAt === 0 || server.runsLoggedAt.some((t) => t > lastWatchedWriteAt);
    const base = samples.find((s) => s.t >= now - 1000) ?? samples[0];
    const busy =
      base && now - base.t >= 900 ? ((samples.at(-1)?.cpu ?? 0) - base.cpu) / ((now - base.t) / 1000) : 1;
    if ((ranAfter && busy < 0.05) || now - start > 60_000) {
      // Idle since the start of the quiet second.
      return {
        seconds: Math.round(((base?.t ?? now) - start) / 100) / 10,
        cpuSecondsAfterLoad: Math.round(((base?.cpu ?? 0) - cpu0) * 100) / 100,
      };
    }
  }
}

/** The events stored for the last run's weeks against one full run over the same (final) data. */
async function checkEvents(lastRun: string): Promise<{
  window: string;
  lastRunEvents: number;
  fullRunEvents: number;
  fullRunCreated: number;
  fullRunUpdated: number;
  storedInWindow: number;
  staleFromEarlierRuns: number;
  equal: boolean;
}> {
  const m = /\) (\S+)—(\S+): (\d+) events/.exec(lastRun);
  const from = m?.[1] ?? '';
  const to = m?.[2] ?? '';
  const store = await openMigratedStore(db);
  try {
    const weeks = new Set(
      periodsBetween('Weekly', parsePeriod(from).startDate, parsePeriod(to).startDate).map((w) => w.id),
    );
    const full = await runSurveillance(store, everywhereContext('bench', 'zh-CN'), { from, to });
    const key = (e: {
      disease: string;
      orgUnitId: number;
      from: string;
      to: string;
      grade: string;
      points: number;
    }): string => `${e.disease}|${e.orgUnitId}|${e.from}|${e.to}|${e.grade}|${e.points}`;
    const fullKeys = new Set(full.events.map(key));
    const stored = (await listSurveillanceEvents(store.db, { limit: 100_000 }))
      .filter((e) => weeks.has(e.periodTo))
      .map((e) => key({ ...e, from: e.periodFrom, to: e.periodTo }));
    const stale = stored.filter((k) => !fullKeys.has(k)).length;
    return {
      window: `${from}—${to}`,
      lastRunEvents: Number(m?.[3] ?? -1),
      fullRunEvents: full.events.length,
      fullRunCreated: full.created,
      fullRunUpdated: full.updated,
      storedInWindow: stored.length,
      staleFromEarlierRuns: stale,
      // The last run found what a full run finds, and the full run had nothing to add or change.
      equal: Number(m?.[3] ?? -1) === full.events.length && full.created === 0 && full.updated === 0,
    };
  } finally {
    await store.close();
  }
}

/** The same client loop against the bare Hono ceiling, answering with HealthWatch's bodies. */
async function ceiling(
  bodies: { get: Record<string, string>; write: string },
  keys: readonly Key[],
): Promise<LoadResult> {
  const file = join(dir, 'bodies.json');
  writeFileSync(file, JSON.stringify(bodies));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-hono.ts', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m?.[1]) {
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`bare Hono exited ${code}`)));
  });
  try {
    return await load(`http://127.0.0.1:${port}`, {}, keys, CEILING_SECONDS, 0);
  } finally {
    await stopServer(child);
  }
}

async function sigkillImport(port: number, auth: Record<string, string>): Promise<Record<string, unknown>> {
  // SIGKILL in the middle of a large import: all or nothing. A separate set of elements and
  // facilities, so the count is unambiguous.
  const FAC = 200;
  const DES = 20;
  const MONTHS = 60;
  writeFileSync(
    join(dir, 'kill-md.json'),
    JSON.stringify({
      orgUnits: [
        { code: 'K', name: '压测区', parent: 'JJ', openingDate: '1990-01-01' },
        ...Array.from({ length: FAC }, (_, f) => ({
          code: `K${f}`,
          name: `压测机构${f}`,
          parent: 'K',
          openingDate: '1990-01-01',
        })),
      ],
      dataElements: Array.from({ length: DES }, (_, d) => ({
        code: `KDE${d}`,
        name: `压测数据元${d}`,
        valueType: 'INTEGER_ZERO_OR_POSITIVE',
      })),
    }),
  );
  cli(['metadata', 'import', join(dir, 'kill-md.json')]);
  const lines = ['dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value'];
  for (let m = 0; m < MONTHS; m++) {
    const pe = `${2019 + Math.floor(m / 12)}${String((m % 12) + 1).padStart(2, '0')}`;
    for (let f = 0; f < FAC; f++) {
      for (let d = 0; d < DES; d++) {
        lines.push(`KDE${d},${pe},K${f},,,${(m * 31 + f * 7 + d) % 500}`);
      }
    }
  }
  const body = Buffer.from(`${lines.join('\n')}\n`);
  const expected = lines.length - 1;
  const countKill = async (): Promise<number> => {
    const s = await openMigratedStore(db);
    try {
      const kde = (await tableRows(s, 'data_element')).filter((de) => de.code?.startsWith('KDE'));
      return await countRows(s, 'data_value', { data_element_id: kde.map((de) => de.id) });
    } finally {
      await s.close();
    }
  };
  let server = await startServer(port);
  const killAfterMs = Number(process.env.KILL_AFTER_MS ?? 1500);
  const upload = fetch(`${server.base}/api/dataValueSets`, {
    method: 'POST',
    body,
    headers: { ...auth, 'content-type': 'application/csv' },
  }).catch(() => null);
  await new Promise((r) => setTimeout(r, killAfterMs));
  await stopServer(server, 'SIGKILL');
  const interrupted = (await upload) === null;
  const afterKill = await countKill();
  server = await startServer(port);
  const t1 = performance.now();
  const full = await fetch(`${server.base}/api/dataValueSets`, {
    method: 'POST',
    body,
    headers: { ...auth, 'content-type': 'application/csv' },
  });
  const fullSeconds = (performance.now() - t1) / 1000;
  const summary = (await full.json()) as { imported: number };
  if (summary.imported !== expected) {
    console.error('full import:', full.status, JSON.stringify(summary).slice(0, 500));
  }
  await stopServer(server);
  const afterFull = await countKill();
  return {
    rowsInImport: expected,
    killedAfterMs: killAfterMs,
    requestInterrupted: interrupted,
    valuesAfterKill: afterKill,
    allOrNothing: afterKill === 0 || afterKill === expected,
    fullImportSeconds: Math.round(fullSeconds * 10) / 10,
    valuesAfterFullImport: afterFull,
    importedAfterRestart: summary.imported,
    complete: afterFull === expected,
  };
}

async function token(base: string, username: string): Promise<Record<string, string>> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username, password: PASSWORD }),
    headers: { 'content-type': 'application/json' },
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const r = await fetch(`${base}/api/me/tokens`, {
    method: 'POST',
    body: JSON.stringify({ name: 'load' }),
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
  });
  return { authorization: `Bearer ${((await r.json()) as { token: string }).token}` };
}

async function main(): Promise<void> {
  cli(['demo'], { HEALTHWATCH_DEMO_PASSWORD: PASSWORD });
  // Keys for writes, in periods open today (the server judges expiry on the system date): the
  // current month of 医疗服务月报 (expiry 15 days after the month) at every institution that
  // reports it, and the last 7 days of 法定传染病日报 (expiry 7 days) at every town.
  const today = new Date().toISOString().slice(0, 10);
  const month = today.slice(0, 7).replace('-', '');
  const days = Array.from({ length: 7 }, (_, i) =>
    new Date(Date.parse(`${today}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''),
  );
  const store = await openMigratedStore(db);
  const index = await cachedMetadataIndex(store);
  await store.close();
  const setOf = (code: string): { ous: string[]; des: string[] } => {
    const ds = [...index.dataSets.byId.values()].find((d) => d.code === code);
    const codeOf = (o: { code: string | null; uid: string } | undefined): string => o?.code ?? o?.uid ?? '';
    return {
      ous: [...(ds?.orgUnitIds ?? [])].map((id) => codeOf(index.orgUnits.byId.get(id))).sort(),
      des: [...(ds?.elementIds ?? [])].map((id) => codeOf(index.dataElements.byId.get(id))).sort(),
    };
  };
  const services = setOf('JJ_SERVICES_M');
  const cases = setOf('JJ_NOTIFIABLE_D');
  const monthly = ['OPD_VISITS', 'DISCHARGES', 'HAI_CASES', 'OPD_VISITS_ANTIBIOTIC', 'READMISSIONS_30D'];
  const monthlyKeys = services.ous.flatMap((ou) =>
    monthly.map((de) => ({ de, ou, pe: month, watched: false })),
  );
  const caseKeys = cases.ous.flatMap((ou) =>
    cases.des.flatMap((de) => days.map((pe) => ({ de, ou, pe, watched: true }))),
  );
  // Interleaved, so that both kinds are spread over the clients.
  const keys: Key[] = Array.from({ length: Math.max(monthlyKeys.length, caseKeys.length) }, (_, i) => [
    monthlyKeys[i],
    caseKeys[i],
  ])
    .flat()
    .filter((k): k is Key => k !== undefined);

  const port = 18000 + Math.floor(Math.random() * 1000);
  const rounds: Record<string, unknown>[] = [];
  let auth: Record<string, string> = {};
  let failed = false;
  for (let round = 1; round <= ROUNDS; round++) {
    const server = await startServer(port);
    if (round === 1) {
      auth = await token(server.base, 'stats');
    }
    // The bodies for the ceiling (and a warm-up of each query).
    const bodies = { get: {} as Record<string, string>, write: '' };
    for (const q of QUERIES) {
      bodies.get[q] = await (await fetch(`${server.base}${q}`, { headers: auth })).text();
    }
    const cpuBefore = cpuSeconds(server.child.pid ?? 0);
    const logAtStart = server.log().length;
    const r = await load(server.base, auth, keys, SECONDS, round);
    const cpuDuring = cpuSeconds(server.child.pid ?? 0) - cpuBefore;
    const idle = await untilIdle(server, r.lastWatchedWriteAt);
    const checked = await verify(server.base, auth, r.acked);
    bodies.write = r.writeBody;
    await stopServer(server);
    const runs = server
      .log()
      .slice(logAtStart)
      .split('\n')
      .filter((l) => l.startsWith('early warning ('));
    const events = runs.length > 0 ? await checkEvents(runs.at(-1) ?? '') : null;
    const bare = await ceiling(bodies, keys);
    const result = {
      round,
      clients: CLIENTS,
      seconds: r.seconds,
      requests: r.requests,
      requestsPerSecond: r.requestsPerSecond,
      latencyMs: r.latencyMs,
      readLatencyMs: r.readLatencyMs,
      writeLatencyMs: r.writeLatencyMs,
      readsPerQuery: r.readsPerQuery,
      errors: r.errors,
      errorSamples: r.errorSamples,
      acknowledgedWrites: r.acknowledgedWrites,
      distinctKeysWritten: r.acked.size,
      caseCountKeysWritten: [...r.acked.values()].filter((e) => e.key.watched).length,
      lostWrites: checked.lost,
      writesWithoutAudit: checked.unaudited,
      verifySamples: checked.samples,
      serverCpuMsPerRequest: Math.round((cpuDuring * 1000) / Math.max(1, r.requests)),
      cpuIdleSecondsAfterLoad: idle.seconds,
      // From the last acknowledged case count to the end of the run that evaluated it.
      earlyWarningDoneSecondsAfterLastWrite:
        Math.round(
          ((server.runsLoggedAt.find((t) => t > r.lastWatchedWriteAt) ?? NaN) - r.lastWatchedWriteAt) / 100,
        ) / 10,
      serverCpuSecondsAfterLoad: idle.cpuSecondsAfterLoad,
      earlyWarningRuns: runs.length,
      earlyWarningRunLog: runs,
      events,
      ceiling: { requestsPerSecond: bare.requestsPerSecond, latencyMs: bare.latencyMs, errors: bare.errors },
      ratioToCeiling:
        Math.round((r.requestsPerSecond / Math.max(1, bare.requestsPerSecond)) * 10_000) / 10_000,
    };
    console.error(JSON.stringify(result));
    rounds.push(result);
    if (
      r.errors > 0 ||
      checked.lost > 0 ||
      checked.unaudited > 0 ||
      r.acknowledgedWrites === 0 ||
      r.readsPerQuery.some((n) => n === 0) ||
      (events !== null && !events.equal)
    ) {
      failed = true;
    }
  }

  const sigkill = await sigkillImport(port, auth);
  const num = (k: string): number[] => rounds.map((r) => r[k] as number);
  const nested = (k: string, f: string): number[] =>
    rounds.map((r) => (r[k] as Record<string, number>)[f] ?? NaN);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    clients: CLIENTS,
    seconds: SECONDS,
    rounds: ROUNDS,
    summary: {
      requestsPerSecond: spread(num('requestsPerSecond')),
      p50Ms: spread(nested('latencyMs', 'p50')),
      p99Ms: spread(nested('latencyMs', 'p99')),
      errors: spread(num('errors')),
      lostWrites: spread(num('lostWrites')),
      writesWithoutAudit: spread(num('writesWithoutAudit')),
      earlyWarningRuns: spread(num('earlyWarningRuns')),
      cpuIdleSecondsAfterLoad: spread(num('cpuIdleSecondsAfterLoad')),
      serverCpuMsPerRequest: spread(num('serverCpuMsPerRequest')),
      ceilingRequestsPerSecond: spread(
        rounds.map((r) => (r.ceiling as { requestsPerSecond: number }).requestsPerSecond),
      ),
      ratioToCeiling: spread(num('ratioToCeiling')),
    },
    perRound: rounds,
    sigkill,
  };
  console.log(JSON.stringify(result, null, 2));
  rmSync(dir, { recursive: true, force: true });
  if (failed || !sigkill.allOrNothing || !sigkill.complete) {
    console.error('load/durability: FAIL');
    process.exit(1);
  }
}

await main();
