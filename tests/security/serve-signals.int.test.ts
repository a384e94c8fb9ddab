import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hw } from '../helpers/run-cli.js';
import { sessionHeaders } from '../helpers/http-session.js';

/**
 * `healthwatch serve` as a real process: SIGTERM and SIGINT stop it cleanly (requests in flight
 * finish, exit 0 within 10 s), also after a PDF was printed (the browser driver used to swallow
 * SIGTERM and leave the server running without its browser), with no Chromium left behind; a
 * second signal exits at once; a browser that died is launched again for the next PDF.
 */
const root = new URL('../..', import.meta.url).pathname;
const PASSWORD = 'Signal-test-2024';

interface Served {
  child: ChildProcess;
  base: string;
  log: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const running: ChildProcess[] = [];

async function startServe(dbUrl: string): Promise<Served> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=healthwatch-source',
      '--import',
      'tsx',
      'packages/cli/src/main.ts',
      '--db',
      dbUrl,
      'serve',
      '--port',
      '0',
    ],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.push(child);
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  );
  for (let i = 0; i < 300 && !/127\.0\.0\.1:(\d+)/.test(log); i++) {
    await sleep(100);
  }
  const port = /127\.0\.0\.1:(\d+)/.exec(log)?.[1];
  expect(port, log).toBeTruthy();
  return { child, base: `http://127.0.0.1:${port}`, log: () => log, exited };
}

/** Process ids of `pid`'s descendants, and of every process in their process groups (Chromium runs in its own). */
function processTree(pid: number): Set<number> {
  const procs = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        // "pid (comm) state ppid pgrp …": comm may contain spaces, so parse after the last ')'.
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return [{ pid: Number(d), ppid: Number(ppid), pgrp: Number(pgrp) }];
      } catch {
        return [];
      }
    });
  const tree = new Set<number>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) {
      if (!tree.has(p.pid) && (p.ppid === pid || tree.has(p.ppid) || [...tree].some((t) => t === p.pgrp))) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return tree;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** A request whose body arrives slowly: it is in flight until `finish` sends the rest. */
function slowUpload(
  base: string,
  path: string,
  headers: Record<string, string>,
  head: string,
  rest: string,
): { finish: () => void; response: Promise<{ status: number; body: string }> } {
  const url = new URL(path, base);
  const req = request(url, {
    method: 'POST',
    headers: { ...headers, 'content-length': String(Buffer.byteLength(head + rest)) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
  req.write(head);
  return { finish: () => req.end(rest), response };
}

const METADATA = {
  orgUnits: [{ code: 'D', name: '信号区' }],
  dataElements: [{ code: 'E0', name: '数据元0', valueType: 'INTEGER_ZERO_OR_POSITIVE' }],
  dataSets: [{ code: 'M', name: '月报', periodType: 'Monthly', dataElements: ['E0'], orgUnits: ['D'] }],
};

afterEach(() => {
  for (const c of running.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
    }
  }
});

for (const dialect of await testDialects()) {
  describe(`${dialect}: serve stops on SIGTERM and SIGINT`, () => {
    let tdb: TestDatabase;
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      const dir = mkdtempSync(join(tmpdir(), 'hw-signals-'));
      writeFileSync(join(dir, 'md.json'), JSON.stringify(METADATA));
      expect((await hw(['--db', tdb.url, 'init'], { HEALTHWATCH_ADMIN_PASSWORD: PASSWORD })).code).toBe(0);
      const md = await hw(['--db', tdb.url, 'metadata', 'import', join(dir, 'md.json')]);
      expect(md.code, md.stderr).toBe(0);
    });
    afterAll(async () => {
      await tdb.drop();
    });

    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`${signal} with a request in flight: that request is answered, then the process exits 0 within 10 s`, async () => {
        const s = await startServe(tdb.url);
        const headers = await sessionHeaders(
          { request: (p, init) => fetch(`${s.base}${p}`, init) },
          'admin',
          PASSWORD,
          'text/csv',
        );
        const upload = slowUpload(
          s.base,
          '/api/dataValueSets?dryRun=true',
          headers,
          '数据元,期间,机构,数值\n',
          'E0,202401,D,5\n',
        );
        await sleep(300);
        const t0 = performance.now();
        s.child.kill(signal);
        await sleep(1000);
        // Stopping: no new connections are taken…
        await expect(fetch(`${s.base}/api/health`)).rejects.toThrow();
        // …but the request in flight still completes.
        upload.finish();
        const r = await upload.response;
        expect(r.status, r.body).toBe(200);
        expect(JSON.parse(r.body)).toMatchObject({ dryRun: true, imported: 1 });
        const exit = await Promise.race([s.exited, sleep(10_000).then(() => null)]);
        expect(exit, s.log()).not.toBeNull();
        expect(exit?.code, s.log()).toBe(0);
        expect((exit?.at ?? Infinity) - t0).toBeLessThan(10_000);
        expect(s.log()).toContain('HealthWatch stopped');
      });
    }

    it('a second signal exits at once, even with a request that never finishes', async () => {
      const s = await startServe(tdb.url);
      const headers = await sessionHeaders(
        { request: (p, init) => fetch(`${s.base}${p}`, init) },
        'admin',
        PASSWORD,
        'text/csv',
      );
      const upload = slowUpload(
        s.base,
        '/api/dataValueSets?dryRun=true',
        headers,
        '数据元,期间,机构,数值\n',
        'E0,202401,D,5\n',
      );
      upload.response.catch(() => undefined);
      await sleep(300);
      s.child.kill('SIGTERM');
      await sleep(500);
      expect(s.child.exitCode).toBeNull();
      const t0 = performance.now();
      s.child.kill('SIGTERM');
      const exit = await Promise.race([s.exited, sleep(5000).then(() => null)]);
      expect(exit?.code, s.log()).toBe(128 + 15);
      expect((exit?.at ?? Infinity) - t0).toBeLessThan(2000);
    });
  });
}

describe('sqlite: serve after printing a PDF', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-signals-pdf-'));
  const db = `sqlite:${join(dir, 'demo.db')}`;
  beforeAll(async () => {
    const demo = await hw(['--db', db, 'demo'], { HEALTHWATCH_DEMO_PASSWORD: PASSWORD });
    expect(demo.code, demo.stderr).toBe(0);
  }, 120_000);

  it('prints again after its browser was killed, then SIGTERM exits 0 within 10 s and leaves no Chromium behind', async () => {
    const s = await startServe(db);
    const headers = await sessionHeaders(
      { request: (p, init) => fetch(`${s.base}${p}`, init) },
      'admin',
      PASSWORD,
    );
    const pdf = async (): Promise<Response> =>
      fetch(`${s.base}/api/plans/jiangjin-14th/evaluation?year=2023&format=pdf`, { headers });
    const first = await pdf();
    expect(first.status, await first.clone().text()).toBe(200);
    expect(
      Buffer.from(await first.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const browsers = [...processTree(s.child.pid ?? -1)].filter((p) => /chrom/i.test(commandOf(p)));
    expect(browsers.length).toBeGreaterThan(0);

    // A browser that dies (crash, OOM killer) is replaced on the next job, not answered with 500 forever.
    const main = browsers.find((p) => !commandOf(p).includes('--type='));
    expect(main).toBeDefined();
    process.kill(main ?? -1, 'SIGKILL');
    await sleep(500);
    const again = await pdf();
    expect(again.status, await again.clone().text()).toBe(200);
    await again.arrayBuffer();

    const tree = processTree(s.child.pid ?? -1);
    expect([...tree].some((p) => /chrom/i.test(commandOf(p)))).toBe(true);
    const t0 = performance.now();
    s.child.kill('SIGTERM');
    const exit = await Promise.race([s.exited, sleep(10_000).then(() => null)]);
    expect(exit, `still running 10 s after SIGTERM:\n${s.log()}`).not.toBeNull();
    expect(exit?.code, s.log()).toBe(0);
    const seconds = ((exit?.at ?? Infinity) - t0) / 1000;
    expect(seconds).toBeLessThan(10);
    // Every process of the server's tree (the browser and its helpers) is gone shortly after.
    for (let i = 0; i < 30 && [...tree, ...browsers].some(alive); i++) {
      await sleep(100);
    }
    expect([...tree, ...browsers].filter(alive).map((p) => `${p} ${commandOf(p)}`)).toEqual([]);
    console.info(`[serve-signals] SIGTERM after a PDF: exit 0 in ${seconds.toFixed(2)} s`);
  });
});
