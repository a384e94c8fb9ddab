/**
 * Availability during a large import: starts `healthwatch serve` (the built CLI) on SQLite, posts
 * a 1,000,000-row CSV to POST /api/dataValueSets, and meanwhile measures what other users get:
 * GET /api/health every 50 ms, an analytics read every 500 ms, and one single-value write
 * (POST /api/dataValues) a few seconds in. The same probes are first timed on the idle server.
 * Then SIGTERM, timed until the process has exited. Run: `npm run bench -- availability`
 * (ROWS=… to change the size, RUNS=… the repetitions, default 3; DB=postgres://… for PostgreSQL).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeLargeCsvFixture } from './large-csv-fixture.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const PASSWORD = 'Bench-admin-2024';
const cli = ['packages/cli/bin/healthwatch.js'];

interface Latencies {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

function stats(ms: number[]): Latencies {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  const r = (x: number): number => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(at(0.5)), p99: r(at(0.99)), max: r(s[s.length - 1] ?? NaN) };
}

async function timed(f: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await f();
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

/** Calls `probe` every `everyMs` until `until` settles; returns the latencies (all must be 200). */
async function probeLoop(
  probe: () => Promise<Response>,
  everyMs: number,
  until: Promise<unknown>,
  slow?: { at: number; ms: number }[],
): Promise<number[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const t0 = performance.now();
  const out: number[] = [];
  while (!done) {
    const r = await timed(probe);
    if (r.status !== 200) {
      throw new Error(`probe answered ${r.status}`);
    }
    out.push(r.ms);
    slow?.push({ at: Math.round((performance.now() - r.ms - t0) / 100) / 10, ms: Math.round(r.ms) });
    await sleep(everyMs);
  }
  slow?.sort((a, b) => b.ms - a.ms).splice(3);
  return out;
}

async function startServer(dbUrl: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    [...cli, '--db', dbUrl, 'serve', '--port', '0', '--max-body', String(200 * 1024 * 1024)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  const port = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /127\.0\.0\.1:(\d+)/.exec(log);
      if (m?.[1]) {
        resolve(m[1]);
      }
    });
    child.on('exit', () => reject(new Error(`serve exited: ${log}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

interface RunResult {
  run: number;
  rows: number | undefined;
  importSeconds: number;
  idle: { health: Latencies; analytics: Latencies; writeMs: number };
  /** `slowestHealth`: the three slowest health probes, `at` seconds after the import was posted. */
  duringImport: {
    health: Latencies;
    slowestHealth: { at: number; ms: number }[];
    analytics: Latencies;
    writeMs: number;
    writeStatus: number;
  };
  sigterm: { ms: number; code: number | null; signal: string | null };
}

async function oneRun(run: number, fixture: { metadata: string; csv: string }): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hw-bench-avail-'));
  const dbUrl = process.env.DB ?? `sqlite:${join(dir, 'bench.db')}`;
  const env = { ...process.env, HEALTHWATCH_ADMIN_PASSWORD: PASSWORD };
  for (const args of [['init'], ['metadata', 'import', fixture.metadata]]) {
    const r = spawnSync(process.execPath, [...cli, '--db', dbUrl, ...args], { encoding: 'utf8', env });
    if (r.status !== 0) {
      throw new Error(r.stderr);
    }
  }
  const { child, base } = await startServer(dbUrl);
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const headers = { cookie, 'x-csrf-token': csrfToken };
    const health = (): Promise<Response> => fetch(`${base}/api/health`);
    const analytics = (): Promise<Response> =>
      fetch(`${base}/api/analytics?dimension=dx:E0;E1&dimension=pe:2023&dimension=ou:D;T0`, { headers });
    const write = (): Promise<Response> =>
      fetch(`${base}/api/dataValues`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ dataElement: 'E0', period: '202301', orgUnit: 'F0', value: String(run) }),
      });

    const idleDone = sleep(5000);
    const [idleHealth, idleAnalytics] = await Promise.all([
      probeLoop(health, 50, idleDone),
      probeLoop(analytics, 500, idleDone),
    ]);
    const idleWrite = await timed(write);

    const body = readFileSync(fixture.csv);
    const t0 = performance.now();
    const importing = fetch(`${base}/api/dataValueSets`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body,
    }).then(async (r) => ({ status: r.status, summary: (await r.json()) as { imported?: number } }));
    const writeDuring = sleep(3000).then(() => timed(write));
    const slowest: { at: number; ms: number }[] = [];
    const [busyHealth, busyAnalytics, imported, busyWrite] = await Promise.all([
      probeLoop(health, 50, importing, slowest),
      probeLoop(analytics, 500, importing),
      importing,
      writeDuring,
    ]);
    const importSeconds = (performance.now() - t0) / 1000;
    if (imported.status !== 200 || busyWrite.status !== 200) {
      throw new Error(`import ${imported.status}, write during import ${busyWrite.status}`);
    }

    const stopT0 = performance.now();
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill('SIGTERM');
    const exit = await exited;
    const result: RunResult = {
      run,
      rows: imported.summary.imported,
      importSeconds: Number(importSeconds.toFixed(1)),
      idle: { health: stats(idleHealth), analytics: stats(idleAnalytics), writeMs: Math.round(idleWrite.ms) },
      duringImport: {
        health: stats(busyHealth),
        slowestHealth: slowest,
        analytics: stats(busyAnalytics),
        writeMs: Math.round(busyWrite.ms),
        writeStatus: busyWrite.status,
      },
      sigterm: { ms: Math.round(performance.now() - stopT0), ...exit },
    };
    console.error(JSON.stringify(result));
    return result;
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

function spread(values: number[]): { min: number; median: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0] ?? NaN, median: s[Math.floor(s.length / 2)] ?? NaN, max: s[s.length - 1] ?? NaN };
}

async function main(): Promise<void> {
  const fixtureDir = mkdtempSync(join(tmpdir(), 'hw-bench-avail-csv-'));
  try {
    const fixture = await writeLargeCsvFixture(fixtureDir, ROWS, 2024);
    const runs: RunResult[] = [];
    for (let i = 1; i <= RUNS; i++) {
      runs.push(await oneRun(i, fixture));
    }
    const pick = (f: (r: RunResult) => number): { min: number; median: number; max: number } =>
      spread(runs.map(f));
    const summary = {
      date: new Date().toISOString(),
      node: process.version,
      db: process.env.DB ? 'postgres' : 'sqlite',
      rows: fixture.rows,
      runs: RUNS,
      importSeconds: pick((r) => r.importSeconds),
      idleHealthP50: pick((r) => r.idle.health.p50),
      idleHealthP99: pick((r) => r.idle.health.p99),
      importHealthP50: pick((r) => r.duringImport.health.p50),
      importHealthP99: pick((r) => r.duringImport.health.p99),
      importHealthMax: pick((r) => r.duringImport.health.max),
      idleAnalyticsP50: pick((r) => r.idle.analytics.p50),
      importAnalyticsP50: pick((r) => r.duringImport.analytics.p50),
      importAnalyticsMax: pick((r) => r.duringImport.analytics.max),
      writeDuringImportMs: pick((r) => r.duringImport.writeMs),
      sigtermExitMs: pick((r) => r.sigterm.ms),
      detail: runs,
    };
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    rmSync(fixtureDir, { recursive: true, force: true });
  }
}

await main();
