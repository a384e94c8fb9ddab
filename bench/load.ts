/**
 * Load and durability (issue 5): a real server on loopback, 200 concurrent clients for 30 s
 * (analytics reads and single-value writes, each client writing its own keys), then every
 * acknowledged write is checked in the database with its audit row. Then SIGKILL in the middle of
 * a large import: after a restart the import is either fully there or not at all.
 *
 *   CLIENTS=200 SECONDS=30 npm run bench -- load
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMigratedStore } from '@healthwatch/store';

const CLIENTS = Number(process.env.CLIENTS ?? 200);
const SECONDS = Number(process.env.SECONDS ?? 30);
const PASSWORD = 'Load-test-2024';
const dir = mkdtempSync(join(tmpdir(), 'hw-load-'));
const db = `sqlite:${join(dir, 'load.db')}`;
const cli = (args: string[], env: Record<string, string> = {}): void => {
  const r = spawnSync(process.execPath, ['packages/cli/bin/healthwatch.js', '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    throw new Error(r.stderr);
  }
};

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['packages/cli/bin/healthwatch.js', '--db', db, 'serve', '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      if (d.toString().includes('HealthWatch is serving')) {
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return child;
}

function stats(xs: number[]): { p50: number; p99: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN) * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), max: Math.round((s.at(-1) ?? NaN) * 10) / 10 };
}

async function main(): Promise<void> {
  cli(['demo'], { HEALTHWATCH_DEMO_PASSWORD: PASSWORD });
  const port = 18000 + Math.floor(Math.random() * 1000);
  let server = await startServer(port);
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'stats', password: PASSWORD }), headers: { 'content-type': 'application/json' } });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const tokenRes = await fetch(`${base}/api/me/tokens`, { method: 'POST', body: JSON.stringify({ name: 'load' }), headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken } });
  const { token } = (await tokenRes.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };

  // Keys for writes: each client owns its own (facility × element × month), so the last
  // acknowledged value of every key is well defined.
  // Monthly elements of the demo's 医疗服务月报, at institutions that report it (yearly elements
  // such as BEDS are refused for monthly periods, as they should be).
  const facilities = ['JJ-BS-HC', 'JJ-PH01', 'JJ-JJ-HC', 'JJ-H1'];
  const elements = [
    ['OPD_VISITS', ''],
    ['DISCHARGES', ''],
    ['HAI_CASES', ''],
    ['OPD_VISITS_ANTIBIOTIC', ''],
    ['READMISSIONS_30D', ''],
  ] as const;
  const months: string[] = [];
  for (let y = 2001; y <= 2023; y++) {
    for (let m = 1; m <= 12; m++) {
      months.push(`${y}${String(m).padStart(2, '0')}`);
    }
  }
  const keys = facilities.flatMap((ou) => elements.flatMap(([de, coc]) => months.map((pe) => ({ ou, de, coc, pe }))));
  const acked = new Map<string, string>();
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  let writes = 0;
  const end = Date.now() + SECONDS * 1000;
  const queries = [
    '/api/analytics?dimension=dx:IMR;OPD_VISITS&dimension=pe:2024Q1;202403&dimension=ou:JJ;CHILDREN',
    '/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:LAST_12_MONTHS&dimension=ou:LEVEL-2&relativePeriodDate=2024-04-15',
    '/api/analytics?dimension=dx:BEDS&dimension=pe:2010;2020;2023&dimension=ou:JJ',
  ];
  async function client(i: number): Promise<void> {
    const mine = keys.filter((_, k) => k % CLIENTS === i);
    let n = 0;
    while (Date.now() < end) {
      n++;
      const t0 = performance.now();
      try {
        if (mine.length > 0 && n % 3 === 0) {
          const k = mine[n % mine.length] ?? mine[0];
          if (!k) {
            continue;
          }
          const value = String(1 + ((n * 7919 + i) % 5000));
          const r = await fetch(`${base}/api/dataValues`, {
            method: 'POST',
            body: JSON.stringify({ dataElement: k.de, orgUnit: k.ou, period: k.pe, ...(k.coc ? { categoryOptionCombo: k.coc } : {}), value }),
            headers: { ...auth, 'content-type': 'application/json' },
          });
          await r.arrayBuffer();
          if (r.status === 200) {
            acked.set(`${k.de}|${k.coc}|${k.ou}|${k.pe}`, value);
            writes++;
          } else {
            errors++;
          }
        } else {
          const r = await fetch(`${base}${queries[n % queries.length] ?? ''}`, { headers: auth });
          await r.arrayBuffer();
          if (r.status !== 200) {
            errors++;
          }
        }
      } catch {
        errors++;
      }
      requests++;
      latencies.push(performance.now() - t0);
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  const elapsed = (performance.now() - t0) / 1000;

  // Every acknowledged write must be in the database with its audit row.
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const store = await openMigratedStore(db);
  let lost = 0;
  let unaudited = 0;
  const rows = await store.db
    .selectFrom('data_value as v')
    .innerJoin('data_element as de', 'de.id', 'v.data_element_id')
    .innerJoin('org_unit as ou', 'ou.id', 'v.org_unit_id')
    .innerJoin('period as p', 'p.id', 'v.period_id')
    .innerJoin('category_option_combo as coc', 'coc.id', 'v.coc_id')
    .select(['de.code as de', 'ou.code as ou', 'p.iso', 'coc.name as coc', 'v.value', 'v.data_element_id', 'v.org_unit_id', 'v.period_id', 'v.coc_id'])
    .execute();
  const stored = new Map(rows.map((r) => [`${r.de}|${r.coc === 'default' ? '' : r.coc}|${r.ou}|${r.iso}`, r]));
  for (const [k, v] of acked) {
    const r = stored.get(k);
    if (r?.value !== v) {
      lost++;
      continue;
    }
    const audit = await store.db
      .selectFrom('data_value_audit')
      .select('id')
      .where('data_element_id', '=', r.data_element_id)
      .where('org_unit_id', '=', r.org_unit_id)
      .where('period_id', '=', r.period_id)
      .where('coc_id', '=', r.coc_id)
      .where('new_value', '=', v)
      .executeTakeFirst();
    if (!audit) {
      unaudited++;
    }
  }
  await store.close();

  // SIGKILL in the middle of a large import: all or nothing. A separate set of elements and
  // facilities, so the count is unambiguous.
  const FAC = 200;
  const DES = 20;
  const MONTHS = 60;
  writeFileSync(
    join(dir, 'kill-md.json'),
    JSON.stringify({
      orgUnits: [{ code: 'K', name: '压测区', parent: 'JJ', openingDate: '1990-01-01' }, ...Array.from({ length: FAC }, (_, f) => ({ code: `K${f}`, name: `压测机构${f}`, parent: 'K', openingDate: '1990-01-01' }))],
      dataElements: Array.from({ length: DES }, (_, d) => ({ code: `KDE${d}`, name: `压测数据元${d}`, valueType: 'INTEGER_ZERO_OR_POSITIVE' })),
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
      const r = await s.db
        .selectFrom('data_value as v')
        .innerJoin('data_element as de', 'de.id', 'v.data_element_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('de.code', 'like', 'KDE%')
        .executeTakeFirstOrThrow();
      return Number(r.n);
    } finally {
      await s.close();
    }
  };
  server = await startServer(port);
  const killAfterMs = Number(process.env.KILL_AFTER_MS ?? 1500);
  const started = performance.now();
  const upload = fetch(`${base}/api/dataValueSets`, { method: 'POST', body, headers: { ...auth, 'content-type': 'application/csv' } }).catch(() => null);
  await new Promise((r) => setTimeout(r, killAfterMs));
  server.kill('SIGKILL');
  const interrupted = (await upload) === null;
  await new Promise((r) => server.once('exit', r));
  const afterKill = await countKill();
  server = await startServer(port);
  const t1 = performance.now();
  const full = await fetch(`${base}/api/dataValueSets`, { method: 'POST', body, headers: { ...auth, 'content-type': 'application/csv' } });
  const fullSeconds = (performance.now() - t1) / 1000;
  const summary = (await full.json()) as { imported: number; ignored: number; status?: string; conflicts?: unknown[]; error?: unknown };
  if (summary.imported !== expected) {
    console.error('full import:', full.status, JSON.stringify(summary).slice(0, 500));
  }
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const afterFull = await countKill();
  void started;
  const result = {
    date: new Date().toISOString(),
    clients: CLIENTS,
    seconds: Math.round(elapsed * 10) / 10,
    requests,
    requestsPerSecond: Math.round(requests / elapsed),
    latencyMs: stats(latencies),
    errors,
    acknowledgedWrites: writes,
    distinctKeysWritten: acked.size,
    lostWrites: lost,
    writesWithoutAudit: unaudited,
    sigkill: {
      rowsInImport: expected,
      killedAfterMs: killAfterMs,
      requestInterrupted: interrupted,
      valuesAfterKill: afterKill,
      allOrNothing: afterKill === 0 || afterKill === expected,
      fullImportSeconds: Math.round(fullSeconds * 10) / 10,
      valuesAfterFullImport: afterFull,
      importedAfterRestart: summary.imported,
    },
  };
  console.log(JSON.stringify(result, null, 2));
  rmSync(dir, { recursive: true, force: true });
  if (errors > 0 || lost > 0 || unaudited > 0 || !result.sigkill.allOrNothing || afterFull !== expected) {
    console.error('load/durability: FAIL');
    process.exit(1);
  }
}

await main();
