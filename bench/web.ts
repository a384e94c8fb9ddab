/**
 * Web app (issue 6 §6): the JavaScript the browser loads first (gzip) and the cockpit's first load
 * on the demo district, cold (empty browser cache, a new context) and warm (a reload with the cache),
 * in Debian Chromium against `healthwatch serve` on loopback. Goals: ≤ 1 s warm, ≤ 300 KB initial JS.
 *
 *   RUNS=10 npm run bench -- web
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { findChromium } from '@healthwatch/services';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

const RUNS = Number(process.env.RUNS ?? 10);
const PASSWORD = 'Web-bench-2024';
const dir = mkdtempSync(join(tmpdir(), 'hw-web-bench-'));
const db = `sqlite:${join(dir, 'web.db')}`;
const DIST = 'packages/web/dist';

function bundle(): {
  initialJsGzip: number;
  initialCssGzip: number;
  chartsJsGzip: number;
  allJsGzip: number;
  files: number;
} {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const gz = (f: string): number => gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length;
  const linked = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
  const assets = readdirSync(join(DIST, 'assets')).map((f) => `assets/${f}`);
  const js = assets.filter((f) => f.endsWith('.js'));
  return {
    initialJsGzip: linked.filter((f) => f.endsWith('.js')).reduce((s, f) => s + gz(f), 0),
    initialCssGzip: linked.filter((f) => f.endsWith('.css')).reduce((s, f) => s + gz(f), 0),
    chartsJsGzip: js.filter((f) => f.includes('echarts')).reduce((s, f) => s + gz(f), 0),
    allJsGzip: js.reduce((s, f) => s + gz(f), 0),
    files: assets.length,
  };
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['packages/cli/bin/healthwatch.js', '--db', db, 'serve', '--port', String(port)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => d.toString().includes('HealthWatch is serving') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return child;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)] ?? NaN);
};

async function main(): Promise<void> {
  const size = bundle();
  const built = spawnSync(process.execPath, ['packages/cli/bin/healthwatch.js', '--db', db, 'demo'], {
    encoding: 'utf8',
    env: { ...process.env, HEALTHWATCH_DEMO_PASSWORD: PASSWORD },
  });
  if (built.status !== 0) {
    throw new Error(built.stderr);
  }
  const port = 19000 + Math.floor(Math.random() * 1000);
  const server = await startServer(port);
  const base = `http://127.0.0.1:${port}/`;
  const exe = findChromium(process.env.HEALTHWATCH_CHROMIUM);
  if (!exe) {
    throw new Error('chromium not found (apt-get install chromium)');
  }
  const browser = await chromium.launch({
    executablePath: exe,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  // Time from navigation to the cockpit with its data and its first chart drawn.
  const load = async (ctx: BrowserContext, reload: boolean): Promise<number> => {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const t0 = performance.now();
    await (reload ? page.reload() : page.goto(base));
    await page.locator('[data-testid=cockpit] [data-chart] svg').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=binding-table] tbody tr').first().waitFor();
    return performance.now() - t0;
  };
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    // Sign in through the API (sets the session cookie), so the timing is the cockpit alone.
    const r = await ctx.request.post(`${base}api/auth/login`, {
      data: { username: 'viewer', password: PASSWORD },
    });
    if (!r.ok()) {
      throw new Error(`login ${r.status()}`);
    }
    cold.push(await load(ctx, false));
    warm.push(await load(ctx, true));
    await ctx.close();
  }
  await browser.close();
  server.kill('SIGTERM');
  const result = {
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    runs: RUNS,
    bundle: size,
    cockpitMs: {
      coldMedian: median(cold),
      warmMedian: median(warm),
      cold: cold.map(Math.round),
      warm: warm.map(Math.round),
    },
    goals: { warmMs: 1000, initialJsGzip: 300 * 1024 },
    met: {
      warm: median(warm) <= 1000,
      initialJs: size.initialJsGzip <= 300 * 1024,
      initialPlusCharts: size.initialJsGzip + size.chartsJsGzip <= 300 * 1024,
    },
  };
  writeFileSync('bench/results-web.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  rmSync(dir, { recursive: true, force: true });
}

await main();
