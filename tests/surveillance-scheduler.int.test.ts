import { detectSurveillanceEvents, everywhereContext, SurveillanceScheduler } from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import type { DataChange, SurveillanceRunResult } from '@healthwatch/services';
import { openMigratedStore } from '@healthwatch/store';
import { testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from './helpers/http-session.js';
import { createDemoDatabase } from './helpers/demo-database.js';
import { DEMO_PASSWORD } from './helpers/demo-password.js';

const PASSWORD = DEMO_PASSWORD;
/** The demo's case data ends on 2024-12-31; the first days of 2025 are open for entry on this day. */
const TODAY = '2025-01-08';

/**
 * The longest the event loop went without running a 5 ms timer until `until` settles: what a run
 * blocks requests for. (A run in the serving thread blocks it for the whole run on SQLite, 0.5–4 s.)
 */
async function longestBlock(until: Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 5);
    last = now;
  }, 5);
  await until;
  await new Promise((r) => setTimeout(r, 20));
  clearInterval(timer);
  return longest;
}

/** What identifies an event and what a run may change about it. */
const eventKeys = (events: SurveillanceRunResult['events']): string[] =>
  events
    .map(
      (e) =>
        `${e.disease}|${e.unit}|${e.from}|${e.to}|${e.grade}|${e.points}|${JSON.stringify(e.explanation)}`,
    )
    .sort();

for (const dialect of await testDialects()) {
  describe(`${dialect}: the early-warning scheduler`, () => {
    let tdb: TestDatabase;
    let store: Store;
    beforeAll(async () => {
      tdb = await createDemoDatabase(dialect);
      store = await openMigratedStore(tdb.url);
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('runs once per burst in a worker thread, refits only the series that changed, and finds what a full run finds', async () => {
      const logs: string[] = [];
      const scheduler = new SurveillanceScheduler(store, (m) => logs.push(m), {
        dbUrl: tdb.url,
        debounceMs: 300,
        maxWaitMs: 10_000,
      });
      const changes: DataChange[] = [];
      const app = createApp(store, {
        today: () => TODAY,
        onDataChanged: (change) => {
          changes.push(change ?? {});
          scheduler.notify(change);
        },
      });
      try {
        const headers = await sessionHeaders(app, 'stats', PASSWORD);
        const put = async (
          dataElement: string,
          orgUnit: string,
          period: string,
          value: string,
        ): Promise<void> => {
          const r = await app.request('/api/dataValues', {
            method: 'POST',
            headers,
            body: JSON.stringify({ dataElement, orgUnit, period, value }),
          });
          expect(r.status, await r.clone().text()).toBe(200);
        };
        // A burst of 24 single values: hand, foot and mouth disease in 白沙镇 and 龙华镇, 2025-01-01…08.
        const days = [
          '20250101',
          '20250102',
          '20250103',
          '20250104',
          '20250105',
          '20250106',
          '20250107',
          '20250108',
        ];
        await Promise.all(
          days.flatMap((pe, i) => [
            put('ID_HFMD', 'JJ-BS', pe, String(8 + i)),
            put('ID_HFMD', 'JJ-LH', pe, String(4 + i)),
            put('ID_MUMPS', 'JJ-SM', pe, '1'),
          ]),
        );
        expect(changes).toHaveLength(24);
        expect(changes[0]?.dataElements?.[0]).toMatch(/^ID_/);
        // The worker thread reads and fits; this thread keeps turning (generous for a shared machine).
        expect(await longestBlock(scheduler.idle())).toBeLessThan(300);
        expect(scheduler.stats.runs).toBe(1);
        // The first run fits every series once (identical series — all zero — are fitted once).
        expect(scheduler.stats.refitted + scheduler.stats.reused).toBe(30 * 16);

        const full = async (): Promise<SurveillanceRunResult['events']> => {
          const window = /early warning \([^)]*\) (\S+)—(\S+):/.exec(logs.at(-1) ?? '');
          expect(window, logs.join('\n')).not.toBeNull();
          const ctx = everywhereContext('test', 'zh-CN');
          return (
            await detectSurveillanceEvents(store, ctx, { from: window?.[1] ?? '', to: window?.[2] ?? '' })
          ).events;
        };
        const last = (): string => logs.at(-1) ?? '';
        const eventsOf = async (): Promise<SurveillanceRunResult['events']> =>
          (await scheduler.trigger('check'))?.events ?? [];
        const first = await full();
        expect(first.some((e) => e.disease === 'HFMD' && e.unitName === '白沙镇')).toBe(true);
        expect(eventKeys(await eventsOf())).toEqual(eventKeys(first));
        // Nothing changed since: nothing is refitted.
        expect(last()).toContain(' 0 series refitted, 480 reused');

        // One more value in one place: only that disease × place series is refitted (its 3 methods).
        await put('ID_HFMD', 'JJ-BS', '20250107', '40');
        await scheduler.idle();
        expect(scheduler.stats.runs).toBe(3);
        expect(last()).toMatch(/\(data changed\) .*; 3 series refitted, 477 reused/);
        expect(eventKeys(await eventsOf())).toEqual(eventKeys(await full()));

        // A deleted value counts as a change; a write to an element no disease is monitored on does not.
        const del = await app.request('/api/dataValues?de=ID_HFMD&ou=JJ-LH&pe=20250108', {
          method: 'DELETE',
          headers,
        });
        expect(del.status).toBe(200);
        await scheduler.idle();
        expect(scheduler.stats.runs).toBe(5);
        expect(last()).toMatch(/\(data changed\) .*; 3 series refitted, 477 reused/);
        await put('OPD_VISITS', 'JJ-BS-HC', '202501', '1234');
        await scheduler.idle();
        expect(scheduler.stats.runs).toBe(5);

        // The same events without the worker thread or the cache (a full run in this thread).
        const inProcess = new SurveillanceScheduler(store);
        expect(eventKeys((await inProcess.trigger('in process'))?.events ?? [])).toEqual(
          eventKeys(await full()),
        );
        await inProcess.close();
      } finally {
        await scheduler.close();
      }
    });

    it('runs at most maxWait after the first of a steady stream of changes, never two at once, and runs what is due on close', async () => {
      const logs: string[] = [];
      const scheduler = new SurveillanceScheduler(store, (m) => logs.push(m), {
        dbUrl: tdb.url,
        debounceMs: 400,
        maxWaitMs: 1000,
      });
      // Warm up (start the worker, fill its cache), then a change every 100 ms for 3.5 s: the
      // debounce alone would wait until the end.
      await scheduler.trigger('warm-up');
      const started = Date.now();
      while (Date.now() - started < 3500) {
        scheduler.notify({});
        await new Promise((r) => setTimeout(r, 100));
      }
      const during = scheduler.stats.runs - 1;
      expect(during).toBeGreaterThanOrEqual(2);
      expect(during).toBeLessThanOrEqual(4);
      // Asked for at once: each waits for the one before (they run one by one, in order).
      const results = await Promise.all([
        scheduler.trigger('a'),
        scheduler.trigger('b'),
        scheduler.trigger('c'),
      ]);
      expect(results.every((r) => r !== null)).toBe(true);
      expect(logs.slice(-3).map((l) => /^early warning \((\w)\)/.exec(l)?.[1])).toEqual(['a', 'b', 'c']);
      // A change not yet evaluated when the server stops is evaluated before it stops.
      scheduler.notify({});
      await scheduler.close();
      expect(logs.at(-1)).toMatch(/^early warning \(shutdown\) /);
      expect(logs.filter((l) => l.includes('failed'))).toEqual([]);
    });
  });
}
