/**
 * CLI startup (issue 14, point 6): whole processes of the built CLI against bare Node on the same
 * machine — `node -e 0`, `healthwatch --version`, `healthwatch --help` and `healthwatch query` on
 * the demo district (built once into a temp folder) — interleaved, RUNS times each (default 7),
 * min / median / max wall time and the ratios of the medians to `node -e 0`. Then `serve` on the
 * demo: started, /api/health answered, SIGTERM (and SIGINT), timed until the process has exited,
 * with its exit status. Goals: `--version` ≤ 3× bare node, `query` ≤ 0.5 s.
 * Run: `npm run bench -- cli` (RUNS=…, SERVE_RUNS=… default 3; CLI=<path to a healthwatch.js> to
 * time another build, e.g. the main checkout's, for a before/after comparison).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const RUNS = Number(process.env.RUNS ?? 7);
const SERVE_RUNS = Number(process.env.SERVE_RUNS ?? 3);
const CLI = resolve(process.env.CLI ?? 'packages/cli/bin/healthwatch.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Sample {
  wallMs: number;
  /** User + system CPU of the process (from /usr/bin/time), when available. */
  cpuMs: number | null;
}

/** Runs a command to completion; wall time measured here, CPU time by /usr/bin/time. */
function run(argv: string[], env: Record<string, string> = {}): Sample {
  const cmd = TIME ? [TIME, '-f', 'HWCPU %U %S', ...argv] : argv;
  const t0 = performance.now();
  const r = spawnSync(cmd[0] ?? '', cmd.slice(1), {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) {
    throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  }
  const m = /HWCPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : null };
}

interface Stats {
  min: number;
  median: number;
  max: number;
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const r = (x: number): number => Math.round(x * 10) / 10;
  return { min: r(s[0] ?? NaN), median: r(s[Math.floor(s.length / 2)] ?? NaN), max: r(s.at(-1) ?? NaN) };
}

const dir = mkdtempSync(join(tmpdir(), 'hw-bench-cli-'));
try {
  const dbFile = join(dir, 'demo.db');
  const db = ['--db', `sqlite:${dbFile}`];
  console.error(`[bench] building the demo district into ${dbFile} with ${CLI}`);
  run([process.execPath, CLI, ...db, 'demo', '--force'], { HEALTHWATCH_DEMO_PASSWORD: 'Bench-demo-2024' });

  const cases: Record<string, string[]> = {
    'node -e 0': [process.execPath, '-e', '0'],
    'healthwatch --version': [process.execPath, CLI, '--version'],
    'healthwatch --help': [process.execPath, CLI, '--help'],
    // Three indicators and data elements for the district and its 30 镇街 in 2023 (93 cells).
    'healthwatch query': [
      process.execPath,
      CLI,
      ...db,
      'query',
      '--dx',
      'IMR,MMR,OPD_VISITS',
      '--pe',
      '2023',
      '--ou',
      'JJ,CHILDREN',
      '--format',
      'csv',
    ],
  };
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  // One warm-up round (file cache), then RUNS rounds, the cases interleaved so that a burst of load
  // on the shared machine falls on all of them alike.
  for (let i = -1; i < RUNS; i++) {
    for (const [name, argv] of Object.entries(cases)) {
      const s = run(argv);
      if (i >= 0) {
        samples[name]?.push(s);
      }
    }
  }
  const startup = Object.fromEntries(
    Object.entries(samples).map(([name, ss]) => [
      name,
      {
        wallMs: stats(ss.map((s) => s.wallMs)),
        cpuMs: ss.every((s) => s.cpuMs !== null) ? stats(ss.map((s) => s.cpuMs ?? 0)) : null,
      },
    ]),
  );
  const base = startup['node -e 0']?.wallMs.median ?? NaN;
  const ratio = (name: string): number =>
    Math.round(((startup[name]?.wallMs.median ?? NaN) / base) * 100) / 100;
  const ratios = {
    version: ratio('healthwatch --version'),
    help: ratio('healthwatch --help'),
    query: ratio('healthwatch query'),
  };

  // serve: start on a copy of the demo, wait for /api/health, signal, time the exit.
  const serveRuns: {
    signal: 'SIGTERM' | 'SIGINT';
    readyMs: number;
    stopMs: number;
    code: number | null;
    killedBy: string | null;
  }[] = [];
  for (let i = 0; i < SERVE_RUNS; i++) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const copy = join(dir, `serve-${i}-${signal}.db`);
      copyFileSync(dbFile, copy);
      const t0 = performance.now();
      const child = spawn(
        process.execPath,
        [CLI, '--db', `sqlite:${copy}`, 'serve', '--port', '0', '--upload-dir', join(dir, 'uploads')],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let log = '';
      child.stdout.on('data', (d: Buffer) => (log += d.toString()));
      child.stderr.on('data', (d: Buffer) => (log += d.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((done) =>
        child.once('exit', (code, sig) => done({ code, signal: sig, at: performance.now() })),
      );
      let port: string | undefined;
      for (let k = 0; k < 600 && !port; k++) {
        port = /127\.0\.0\.1:(\d+)/.exec(log)?.[1];
        if (!port) {
          await sleep(50);
        }
      }
      if (!port) {
        child.kill('SIGKILL');
        throw new Error(`serve did not start: ${log}`);
      }
      let healthy = false;
      for (let k = 0; k < 200 && !healthy; k++) {
        healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (!healthy) {
          await sleep(50);
        }
      }
      const readyMs = performance.now() - t0;
      const t1 = performance.now();
      child.kill(signal);
      const e = await exited;
      serveRuns.push({
        signal,
        readyMs: Math.round(readyMs),
        stopMs: Math.round(e.at - t1),
        code: e.code,
        killedBy: e.signal,
      });
    }
  }
  const serveSummary = Object.fromEntries(
    (['SIGTERM', 'SIGINT'] as const).map((signal) => {
      const rs = serveRuns.filter((r) => r.signal === signal);
      return [
        signal,
        {
          readyMs: stats(rs.map((r) => r.readyMs)),
          stopMs: stats(rs.map((r) => r.stopMs)),
          exitCodes: rs.map((r) => r.code ?? r.killedBy),
        },
      ];
    }),
  );

  const goals = {
    'version ≤ 3× node -e 0': ratios.version <= 3,
    'query ≤ 500 ms wall (median)': (startup['healthwatch query']?.wallMs.median ?? Infinity) <= 500,
    'serve exits 0 within 10 s on SIGTERM': serveRuns
      .filter((r) => r.signal === 'SIGTERM')
      .every((r) => r.code === 0 && r.stopMs < 10_000),
  };
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cli: CLI,
    runs: RUNS,
    startup,
    ratios,
    serve: { runs: serveRuns, summary: serveSummary },
    goals,
  };
  console.log(JSON.stringify(result, null, 2));
  if (!process.env.CLI) {
    writeFileSync('bench/results-cli.json', `${JSON.stringify(result, null, 2)}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
