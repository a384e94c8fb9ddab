import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedPackages, traceArgs } from './helpers/module-trace.js';
import { hw } from './helpers/run-cli.js';

/**
 * The CLI loads the heavy libraries only in the commands that use them (issue 14, point 6): the
 * real entry point runs as a process with a hook that records every module it loads, and
 * `--version`, `--help`, `query` and `value get` must not have loaded the spreadsheet, document,
 * chart, browser-driver or HTTP libraries. (Timings are in bench/cli-startup.ts, not here.)
 */
const root = new URL('..', import.meta.url).pathname;
const fixtures = join(root, 'packs/example-district');
const HEAVY = ['exceljs', 'docx', 'echarts', 'zrender', 'playwright-core', 'hono', '@hono/node-server'];

function tracedHw(
  args: string[],
  trace: string,
): { code: number | null; stderr: string; loaded: Set<string> } {
  const r = spawnSync(
    process.execPath,
    [
      '--conditions=healthwatch-source',
      '--import',
      'tsx',
      ...traceArgs(),
      'packages/cli/src/main.ts',
      ...args,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HW_MODULE_TRACE: trace },
    },
  );
  return { code: r.status, stderr: r.stderr, loaded: loadedPackages(trace) };
}

describe('what a CLI command loads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-startup-'));
  const db = ['--db', `sqlite:${join(dir, 'hw.db')}`];
  beforeAll(async () => {
    expect((await hw([...db, 'init'])).code).toBe(0);
    expect((await hw([...db, 'metadata', 'import', join(fixtures, 'dhis2-metadata.json')])).code).toBe(0);
    expect((await hw([...db, 'import', join(fixtures, 'reports-2024-03.csv')])).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--version and --help load commander and core only: no store, services or heavy library', () => {
    for (const [i, args] of [['--version'], ['--help']].entries()) {
      const r = tracedHw(args, join(dir, `trace-help-${i}.txt`));
      expect(r.code, r.stderr).toBe(0);
      // The trace works: it saw commander (else an empty trace would pass everything below).
      expect(r.loaded).toContain('commander');
      for (const lib of [...HEAVY, 'kysely', 'better-sqlite3', 'pg', 'zod']) {
        expect(r.loaded, `${args.join(' ')} loaded ${lib}`).not.toContain(lib);
      }
    }
  });

  it('query and value get load the store but none of the heavy libraries', () => {
    const commands = [
      ['query', '--dx', 'IMR,OPD_VISITS', '--pe', '2024Q1', '--ou', 'CQ-JJ', '--format', 'csv'],
      ['value', 'get', '--de', 'OPD_VISITS', '--ou', 'JJ-BS-HC', '--pe', '202403'],
    ];
    for (const [i, args] of commands.entries()) {
      const r = tracedHw([...db, ...args], join(dir, `trace-cmd-${i}.txt`));
      expect(r.code, r.stderr).toBe(0);
      expect(r.loaded).toContain('better-sqlite3');
      for (const lib of [...HEAVY, 'pg']) {
        expect(r.loaded, `${args[0]} loaded ${lib}`).not.toContain(lib);
      }
    }
  });

  it('the trace sees a heavy library when a command does load it', () => {
    // `export --format xlsx` writes with exceljs: the same check must then find it.
    const r = tracedHw(
      [
        ...db,
        'export',
        '--de',
        'OPD_VISITS',
        '--ou',
        'CQ-JJ',
        '--descendants',
        '--pe',
        '202403',
        '--format',
        'xlsx',
        '--out',
        join(dir, 'out.xlsx'),
      ],
      join(dir, 'trace-xlsx.txt'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.loaded).toContain('exceljs');
  });
});
