/**
 * Streaming-import benchmark: writes a 1,000,000-row CSV (Chinese headers) for a generated
 * district, imports it with `healthwatch import` in a child process, and reports rows/s and the
 * child's peak resident memory. Run: `npm run bench -- import` (ROWS=… to change the size,
 * DB=postgres://… for PostgreSQL).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLargeCsvFixture } from './large-csv-fixture.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'hw-bench-import-'));
const dbUrl = process.env.DB ?? `sqlite:${join(dir, 'bench.db')}`;
// Measure what users run: the built CLI (`npm run build` first; the bench runner does it).
const cli = ['packages/cli/bin/healthwatch.js'];

function hw(args: string[]): { code: number; ms: number; stdout: string; stderr: string; maxRssMb: number } {
  const t0 = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', 'MAXRSS_KB=%M', process.execPath, ...cli, '--db', dbUrl, ...args],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const ms = performance.now() - t0;
  const rss = /MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1];
  return {
    code: r.status ?? 1,
    ms,
    stdout: r.stdout,
    stderr: r.stderr,
    maxRssMb: rss ? Number(rss) / 1024 : NaN,
  };
}

async function main(): Promise<void> {
  const { metadata, csv, rows: n } = await writeLargeCsvFixture(dir, ROWS);
  const sizeMb = statSync(csv).size / 1024 / 1024;

  const init = hw(['init']);
  const meta = hw(['metadata', 'import', metadata]);
  if (init.code !== 0 || meta.code !== 0) {
    throw new Error(init.stderr + meta.stderr);
  }
  const first = hw(['import', csv, '--format', 'json']);
  if (first.code !== 0) {
    throw new Error(first.stderr);
  }
  const again = hw(['import', csv, '--format', 'json']);
  const s1 = JSON.parse(first.stdout) as { imported: number };
  const s2 = JSON.parse(again.stdout) as { ignored: number };
  const dbSize = dbUrl.startsWith('sqlite:') ? statSync(dbUrl.slice(7)).size / 1024 / 1024 : NaN;
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    db: dbUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres',
    rows: n,
    csvMb: Number(sizeMb.toFixed(1)),
    firstImport: {
      seconds: Number((first.ms / 1000).toFixed(1)),
      rowsPerSecond: Math.round(n / (first.ms / 1000)),
      peakRssMb: Math.round(first.maxRssMb),
      imported: s1.imported,
    },
    reimport: {
      seconds: Number((again.ms / 1000).toFixed(1)),
      rowsPerSecond: Math.round(n / (again.ms / 1000)),
      peakRssMb: Math.round(again.maxRssMb),
      unchanged: s2.ignored,
    },
    dbFileMb: Number.isNaN(dbSize) ? null : Number(dbSize.toFixed(1)),
  };
  console.log(JSON.stringify(result, null, 2));
  rmSync(dir, { recursive: true, force: true });
}

await main();
