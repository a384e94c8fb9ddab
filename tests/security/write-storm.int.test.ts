import { spawn } from 'node:child_process';
import { parsePeriod, periodsBetween } from '@healthwatch/core';
import { everywhereContext, runSurveillance } from '@healthwatch/services';
import { cachedMetadataIndex, listSurveillanceEvents, openMigratedStore } from '@healthwatch/store';
import { testDialects } from '@healthwatch/store/testing';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDatabase } from '../helpers/demo-database.js';
import { DEMO_PASSWORD } from '../helpers/demo-password.js';

/*
 * Availability under data entry (issue 13, "data entry becomes a denial of service"): a real
 * server on the demo, 100 clients entering single values at once — case counts of the last days
 * (early warning watches them) and a health centre's monthly figures — while a probe asks for
 * /api/health and an analytics table. Every write must be acknowledged, readable and audited
 * afterwards; the probe must be answered throughout (bounds below); the burst must cost at most a
 * few early-warning runs, whose events must be those of one full run over the final data.
 * The server is `healthwatch serve` itself, so this tests its wiring; the debounce comes from the
 * environment (an unknown variable to a server without one).
 */

const PASSWORD = DEMO_PASSWORD;
const CLIENTS = 100;
const WRITES_PER_CLIENT = 4;
/**
 * The probe's bound while early warning runs after the burst (the finding: one run per write kept
 * the server from answering for minutes). During the burst itself the probe queues behind the 100
 * writers — on PostgreSQL for one of the pool's 10 connections, which writers hold through their
 * transactions — so it is bounded by the write path's throughput: measured 0.3–1.4 s on SQLite and
 * 1.5–3.5 s on PostgreSQL on a shared 2-core machine (load average 5–7); 5 s there.
 */
const PROBE_BOUND_MS = 2000;
const PROBE_BOUND_DURING_WRITES_MS = 5000;
const DISEASES = ['ID_HFMD', 'ID_DYSENTERY', 'ID_INFLUENZA', 'ID_DIARRHOEA', 'ID_MUMPS'];
const MONTHLY = ['OPD_VISITS', 'DISCHARGES', 'HAI_CASES', 'OPD_VISITS_ANTIBIOTIC', 'READMISSIONS_30D'];

type Key = { de: string; ou: string; pe: string };
type Headers = Record<string, string>;

const runsIn = (log: string): string[] => log.split('\n').filter((l) => l.startsWith('early warning ('));

for (const dialect of await testDialects()) {
  describe(`${dialect}: a storm of data entry`, () => {
    let tdb: TestDatabase;
    beforeAll(async () => {
      tdb = await createDemoDatabase(dialect);
    });
    afterAll(async () => {
      await tdb.drop();
    });

    it(
      'acknowledges, stores and audits every write, keeps answering (within 2 s while early warning runs), and runs early warning once for the burst',
      { timeout: 300_000 },
      async () => {
        // Periods open for entry today: the last 7 days of the daily case report (expiry 7 days)
        // and the current month of the monthly reports.
        const today = new Date().toISOString().slice(0, 10);
        const days = Array.from({ length: 7 }, (_, i) =>
          new Date(Date.parse(`${today}T00:00:00Z`) - i * 86_400_000)
            .toISOString()
            .slice(0, 10)
            .replace(/-/g, ''),
        );
        const month = today.slice(0, 7).replace('-', '');
        const store = await openMigratedStore(tdb.url);
        const towns = [...(await cachedMetadataIndex(store)).orgUnits.byId.values()]
          .filter((o) => o.level === 2)
          .map((o) => o.code ?? o.uid)
          .sort();
        await store.close();
        // Each key is written by one client only, so its last acknowledged value is well defined.
        const caseKeys: Key[] = towns
          .flatMap((ou) => DISEASES.flatMap((de) => days.map((pe) => ({ de, ou, pe }))))
          .slice(0, (CLIENTS - MONTHLY.length) * WRITES_PER_CLIENT);
        // A planted outbreak, so the events compared at the end are not trivially empty.
        const caseValue = (k: Key, i: number): string =>
          k.de === 'ID_HFMD' && k.ou === 'JJ-BS' ? '30' : String(i % 3);
        expect(caseKeys.some((k) => k.de === 'ID_HFMD' && k.ou === 'JJ-BS')).toBe(true);

        // The server in a process of its own, as deployed (the clients here would otherwise share
        // its thread), from the sources as `npm run hw` runs it.
        const server = spawn(
          process.execPath,
          [
            '--conditions=healthwatch-source',
            '--import',
            'tsx',
            'packages/cli/src/main.ts',
            '--db',
            tdb.url,
            'serve',
            '--port',
            '0',
          ],
          {
            stdio: ['ignore', 'ignore', 'pipe'],
            env: { ...process.env, HEALTHWATCH_WARNING_DEBOUNCE: '1' },
          },
        );
        const out = { text: '' };
        const exited = new Promise((r) => server.once('exit', r));
        try {
          await new Promise<void>((resolve, reject) => {
            server.stderr.on('data', (d: Buffer) => {
              out.text += d.toString();
              if (out.text.includes('HealthWatch is serving')) {
                resolve();
              }
            });
            server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out.text}`)));
          });
          const base = `http://127.0.0.1:${/127\.0\.0\.1:(\d+)/.exec(out.text)?.[1] ?? ''}`;
          const login = async (username: string): Promise<Headers> => {
            const r = await fetch(`${base}/api/auth/login`, {
              method: 'POST',
              body: JSON.stringify({ username, password: PASSWORD }),
              headers: { 'content-type': 'application/json' },
            });
            expect(r.status).toBe(200);
            const { csrfToken } = (await r.json()) as { csrfToken: string };
            return {
              cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
              'x-csrf-token': csrfToken,
              'content-type': 'application/json',
            };
          };
          const [stats, clerk, viewer] = [await login('stats'), await login('clerk'), await login('viewer')];

          // The probe: health and an analytics table every 100 ms until told to stop.
          const probe: { path: string; status: number; ms: number; at: number }[] = [];
          let probing = true;
          const probed = (async () => {
            const paths = [
              '/api/health',
              '/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:2024Q1;202403&dimension=ou:JJ;CHILDREN',
            ];
            while (probing) {
              for (const path of paths) {
                const t0 = performance.now();
                const r = await fetch(`${base}${path}`, {
                  headers: viewer,
                  signal: AbortSignal.timeout(30_000),
                }).catch(() => null);
                await r?.arrayBuffer();
                probe.push({ path, status: r?.status ?? 0, ms: performance.now() - t0, at: t0 });
              }
              await new Promise((r) => setTimeout(r, 100));
            }
          })();

          const acked = new Map<string, { key: Key; values: string[]; user: string }>();
          const refused: string[] = [];
          const writeMs: number[] = [];
          const write = async (headers: Headers, user: string, k: Key, value: string): Promise<void> => {
            const t0 = performance.now();
            const r = await fetch(`${base}/api/dataValues`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ dataElement: k.de, orgUnit: k.ou, period: k.pe, value }),
            }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
            const text =
              r instanceof Error
                ? `${r.message} ${String((r.cause as Error | undefined)?.message ?? '')}`
                : await r.text();
            writeMs.push(performance.now() - t0);
            if (r instanceof Error || r.status !== 200) {
              refused.push(
                `${k.de} ${k.ou} ${k.pe}: ${r instanceof Error ? 'no answer' : r.status} ${text.slice(0, 200)}`,
              );
              return;
            }
            const id = `${k.de}|${k.ou}|${k.pe}`;
            const entry = acked.get(id) ?? { key: k, values: [], user };
            entry.values.push(value);
            acked.set(id, entry);
          };
          const logBefore = out.text.length;
          const stormStart = performance.now();
          const storm = Promise.all(
            Array.from({ length: CLIENTS }, async (_, c) => {
              if (c < MONTHLY.length) {
                // The clerk of 白沙中心卫生院 corrects one monthly figure four times.
                const k = { de: MONTHLY[c] ?? '', ou: 'JJ-BS-HC', pe: month };
                for (let n = 1; n <= WRITES_PER_CLIENT; n++) {
                  await write(clerk, 'clerk', k, String(100 * (c + 1) + n));
                }
                return;
              }
              for (let n = 0; n < WRITES_PER_CLIENT; n++) {
                const i = (c - MONTHLY.length) * WRITES_PER_CLIENT + n;
                const k = caseKeys[i];
                if (k) {
                  await write(stats, 'stats', k, caseValue(k, i));
                }
              }
            }),
          );
          // A server that runs early warning on the serving thread after every write takes minutes.
          const finished = await Promise.race([
            storm.then(() => true),
            new Promise<boolean>((r) => setTimeout(() => r(false), 90_000)),
          ]);
          expect(
            finished,
            `${refused.length + [...acked.values()].reduce((n, e) => n + e.values.length, 0)} of ${CLIENTS * WRITES_PER_CLIENT} writes answered within 90 s`,
          ).toBe(true);
          const stormEnd = performance.now();
          const stormMs = stormEnd - stormStart;
          expect(refused).toEqual([]);
          expect(acked.size).toBe(caseKeys.length + MONTHLY.length);

          // Every acknowledged write is readable with its last value, and each value is in the audit.
          const problems: string[] = [];
          const entries = [...acked.values()];
          for (let i = 0; i < entries.length; i += 10) {
            await Promise.all(
              entries.slice(i, i + 10).map(async ({ key, values, user }) => {
                const q = `de=${key.de}&ou=${key.ou}&pe=${key.pe}`;
                const read = (await (
                  await fetch(`${base}/api/dataValues?${q}`, { headers: stats })
                ).json()) as { dataValues: { value: string }[] };
                if (read.dataValues[0]?.value !== values.at(-1)) {
                  problems.push(
                    `${q}: read ${JSON.stringify(read.dataValues)}, last acknowledged ${values.at(-1) ?? ''}`,
                  );
                }
                const audit = (await (await fetch(`${base}/api/audit?${q}`, { headers: stats })).json()) as {
                  audit: { newValue: string | null; changedBy: string }[];
                };
                for (const v of values) {
                  if (!audit.audit.some((a) => a.newValue === v && a.changedBy === user)) {
                    problems.push(
                      `${q}: no audit entry by ${user} for ${v} (${JSON.stringify(audit.audit).slice(0, 200)})`,
                    );
                  }
                }
              }),
            );
          }
          expect(problems).toEqual([]);

          // The burst's early-warning run comes about a second after the last write; nothing is due
          // after it (reads change nothing), which the next seconds confirm.
          const waitFrom = Date.now();
          while (runsIn(out.text.slice(logBefore)).length === 0 && Date.now() - waitFrom < 60_000) {
            await new Promise((r) => setTimeout(r, 200));
          }
          await new Promise((r) => setTimeout(r, 3000));
          probing = false;
          await probed;
          const runs = runsIn(out.text.slice(logBefore));
          const slowest = (f: (p: (typeof probe)[number]) => boolean): number =>
            Math.round(Math.max(0, ...probe.filter(f).map((p) => p.ms)));
          const slow = probe.filter(
            (p) =>
              p.status !== 200 || p.ms > (p.at < stormEnd ? PROBE_BOUND_DURING_WRITES_MS : PROBE_BOUND_MS),
          );
          console.log(
            `${dialect}: ${acked.size} keys, ${entries.reduce((n, e) => n + e.values.length, 0)} writes in ${Math.round(stormMs)} ms (each ${Math.round(writeMs.sort((a, b) => a - b)[writeMs.length >> 1] ?? 0)} ms median, ${Math.round(writeMs.at(-1) ?? 0)} ms at most); probe ${probe.length} answers, slowest ${slowest((p) => p.at < stormEnd)} ms during the writes and ${slowest((p) => p.at >= stormEnd)} ms after them; ${runs.length} early-warning runs:\n${runs.join('\n')}`,
          );
          expect(
            slow,
            `probe answers failed or slower than ${PROBE_BOUND_DURING_WRITES_MS} ms during the writes, ${PROBE_BOUND_MS} ms after them`,
          ).toEqual([]);
          expect(runs.length).toBeGreaterThanOrEqual(1);
          expect(runs.length).toBeLessThanOrEqual(3);
          expect(runs.filter((r) => r.includes('failed'))).toEqual([]);

          // The stored events of the window equal those of one full run over the final data.
          const window = /\) (\S+)—(\S+):/.exec(runs.at(-1) ?? '');
          expect(window).not.toBeNull();
          const from = window?.[1] ?? '';
          const to = window?.[2] ?? '';
          const check = await openMigratedStore(tdb.url);
          try {
            const weeks = new Set(
              periodsBetween('Weekly', parsePeriod(from).startDate, parsePeriod(to).startDate).map(
                (w) => w.id,
              ),
            );
            const stored = (await listSurveillanceEvents(check.db, { limit: 100_000 }))
              .filter((e) => weeks.has(e.periodTo))
              .map((e) => `${e.disease}|${e.orgUnitId}|${e.periodFrom}|${e.periodTo}|${e.grade}|${e.points}`);
            const full = await runSurveillance(check, everywhereContext('check', 'zh-CN'), { from, to });
            expect(full.events.some((e) => e.disease === 'HFMD' && e.unitName === '白沙镇')).toBe(true);
            expect({ created: full.created, updated: full.updated }).toEqual({ created: 0, updated: 0 });
            expect(stored.sort()).toEqual(
              full.events
                .map((e) => `${e.disease}|${e.orgUnitId}|${e.from}|${e.to}|${e.grade}|${e.points}`)
                .sort(),
            );
          } finally {
            await check.close();
          }
        } finally {
          server.kill('SIGTERM');
          await exited;
        }
      },
    );
  });
}
