import {
  SurveillanceEventResponse,
  SurveillanceEventsResponse,
  SurveillanceRunResponse,
} from '@healthwatch/contract';
import { SurveillanceScheduler } from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { listSurveillanceEvents, openMigratedStore } from '@healthwatch/store';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sessionHeaders } from './helpers/http-session.js';
import { hw } from './helpers/run-cli.js';

const PASSWORD = 'Demo-pass-2024';

interface RunResult {
  events: {
    disease: string;
    unitName: string;
    from: string;
    to: string;
    grade: string;
    points: number;
    explanation: string;
    evidence: { neighbours: string[]; methods: string[] };
  }[];
  created: number;
  updated: number;
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: early warning on the demo district`, () => {
    let tdb: TestDatabase;
    let db: string[];
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      db = ['--db', tdb.url];
      const r = await hw([...db, 'demo'], { HEALTHWATCH_DEMO_PASSWORD: PASSWORD });
      expect(r.code, r.stderr).toBe(0);
      // The demo runs early warning over its last 12 weeks itself, so the app opens with events.
      expect(r.stderr).toMatch(/传染病预警 2024W15—2024W26：\d+ 个事件（红色 [1-9]/);
    });
    afterAll(async () => {
      await tdb.drop();
    });

    it('raises the planted outbreaks as red events with their explanation, and a re-run adds nothing', async () => {
      const r = await hw([
        ...db,
        'surveillance',
        'run',
        '--from',
        '2024W15',
        '--to',
        '2024W26',
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const run = JSON.parse(r.stdout) as RunResult;
      // The demo already ran this window: the same events are found again, none added or changed.
      expect(run.events.length).toBeGreaterThan(0);
      expect(run.created).toBe(0);
      expect(run.updated).toBe(0);
      const baisha = run.events.find(
        (e) => e.disease === 'HFMD' && e.unitName === '白沙镇' && e.from <= '2024W21' && e.to >= '2024W21',
      );
      expect(baisha?.grade).toBe('red');
      expect(baisha?.evidence.methods.length).toBeGreaterThanOrEqual(2);
      expect(baisha?.evidence.neighbours).toContain('龙华镇');
      expect(baisha?.explanation).toMatch(
        /^白沙镇 2024W\d\d 报告手足口病 \d+ 例，期望 [\d.]+ 例，预警上限 [\d.]+；.*相邻的.*龙华镇.*。分级：红色（\d+ 分）。$/,
      );
      // The strongest events come first.
      expect(run.events[0]?.grade).toBe('red');
      const again = await hw([
        ...db,
        'surveillance',
        'run',
        '--from',
        '2024W15',
        '--to',
        '2024W26',
        '--format',
        'json',
      ]);
      expect((JSON.parse(again.stdout) as RunResult).created).toBe(0);

      const summer = JSON.parse(
        (await hw([...db, 'surveillance', 'run', '--from', '2023W26', '--to', '2023W35', '--format', 'json']))
          .stdout,
      ) as RunResult;
      expect(summer.events.find((e) => e.disease === 'CHOLERA')).toMatchObject({
        unitName: '油溪镇',
        grade: 'red',
        from: '2023W33',
      });
      expect(
        summer.events.find(
          (e) =>
            e.disease === 'DIARRHOEA' && e.unitName === '石门镇' && e.from <= '2023W29' && e.to >= '2023W28',
        )?.grade,
      ).toBe('red');
    });

    it('moves an event through the workflow with a log, and refuses moves it does not allow', async () => {
      const list = JSON.parse(
        (await hw([...db, 'surveillance', 'events', '--disease', 'CHOLERA', '--format', 'json'])).stdout,
      ) as { id: number; status: string }[];
      const id = String(list[0]?.id);
      expect(list[0]?.status).toBe('new');
      for (const status of ['verifying', 'confirmed', 'responded', 'closed']) {
        const r = await hw([
          ...db,
          '--user',
          'cdc',
          'surveillance',
          'event',
          id,
          '--status',
          status,
          '--note',
          `${status} 备注`,
          '--assignee',
          'cdc',
        ]);
        expect(r.code, r.stderr).toBe(0);
      }
      const shown = JSON.parse((await hw([...db, 'surveillance', 'event', id])).stdout) as {
        status: string;
        assignee: string;
        log: { fromStatus: string | null; toStatus: string; username: string; note: string | null }[];
      };
      expect(shown.status).toBe('closed');
      expect(shown.assignee).toBe('cdc');
      expect(shown.log.map((l) => l.toStatus)).toEqual([
        'new',
        'verifying',
        'confirmed',
        'responded',
        'closed',
      ]);
      expect(shown.log[1]).toMatchObject({ fromStatus: 'new', username: 'cdc', note: 'verifying 备注' });
      const refused = await hw([...db, 'surveillance', 'event', id, '--status', 'verifying']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('当前为“已关闭”');
    });

    it('serves events to epidemiologists only, within their scope, and lets one of two concurrent moves win', async () => {
      const store: Store = await openMigratedStore(tdb.url);
      try {
        const app = createApp(store);
        const login = (username: string): Promise<Record<string, string>> =>
          sessionHeaders(app, username, PASSWORD);
        const cdc = await login('cdc');
        const listed = SurveillanceEventsResponse.parse(
          await (
            await app.request('/api/surveillance/events?status=new&disease=HFMD', { headers: cdc })
          ).json(),
        );
        expect(listed.events.length).toBeGreaterThan(0);
        expect(
          (await app.request('/api/surveillance/events', { headers: await login('viewer') })).status,
        ).toBe(403);
        expect(
          (await app.request('/api/surveillance/events', { headers: await login('clerk') })).status,
        ).toBe(403);
        expect((await app.request('/api/surveillance/events')).status).toBe(401);
        const target = listed.events[0];
        const one = SurveillanceEventResponse.parse(
          await (await app.request(`/api/surveillance/events/${target?.id ?? 0}`, { headers: cdc })).json(),
        );
        expect(one.log[0]?.toStatus).toBe('new');
        const move = (status: string): Promise<Response> =>
          Promise.resolve(
            app.request(`/api/surveillance/events/${target?.id ?? 0}/transition`, {
              method: 'POST',
              headers: cdc,
              body: JSON.stringify({ status, note: '并发' }),
            }),
          );
        // Two people take the same new event at once: exactly one of them gets it.
        const [a, b] = await Promise.all([move('verifying'), move('verifying')]);
        expect([a.status, b.status].sort()).toEqual([200, 409]);
        expect((await app.request('/api/surveillance/events/999999', { headers: cdc })).status).toBe(404);
        expect(
          (
            await app.request(`/api/surveillance/events/${target?.id ?? 0}/transition`, {
              method: 'POST',
              headers: cdc,
              body: JSON.stringify({ status: 'nonsense' }),
            })
          ).status,
        ).toBe(400);
        const run = await app.request('/api/surveillance/run', {
          method: 'POST',
          headers: cdc,
          body: JSON.stringify({ from: '2024W20', to: '2024W22' }),
        });
        expect(run.status).toBe(200);
        expect(SurveillanceRunResponse.parse(await run.json()).created).toBe(0);
      } finally {
        await store.close();
      }
    });

    it('runs after an import through the API, over the latest weeks with case data', async () => {
      const store: Store = await openMigratedStore(tdb.url);
      const scheduler = new SurveillanceScheduler(store);
      try {
        const app = createApp(store, {
          onDataChanged: () => void scheduler.trigger('import'),
          today: () => '2025-01-10',
        });
        const headers = await sessionHeaders(app, 'stats', PASSWORD);
        // A burst of hand, foot and mouth disease in 白沙镇 in the first days of 2025 (2025W02).
        const dataValues = ['20250106', '20250107', '20250108', '20250109'].map((period) => ({
          dataElement: 'ID_HFMD',
          orgUnit: 'JJ-BS',
          period,
          value: '9',
        }));
        const posted = await app.request('/api/dataValueSets', {
          method: 'POST',
          headers,
          body: JSON.stringify({ dataValues }),
        });
        expect(posted.status, await posted.clone().text()).toBe(200);
        await scheduler.idle();
        const events = (await listSurveillanceEvents(store.db, { disease: 'HFMD' })).filter(
          (e) => e.periodTo === '2025W2',
        );
        const baisha = events.find((e) => e.explanation.startsWith('白沙镇'));
        expect(baisha?.grade).toMatch(/orange|red/);
        expect(baisha?.explanation).toContain('白沙镇 2025W2 报告手足口病 36 例');
        // A dry run changes nothing and does not trigger a run.
        const before = (await listSurveillanceEvents(store.db)).length;
        await app.request('/api/dataValueSets?dryRun=true', {
          method: 'POST',
          headers,
          body: JSON.stringify({
            dataValues: [{ dataElement: 'ID_HFMD', orgUnit: 'JJ-SM', period: '20250108', value: '40' }],
          }),
        });
        await scheduler.idle();
        expect((await listSurveillanceEvents(store.db)).length).toBe(before);
      } finally {
        scheduler.stop();
        await scheduler.idle();
        await store.close();
      }
    });

    it('imports a case line list as daily counts (CLI and API), names bad rows, and runs early warning after it', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'hw-cases-'));
      try {
        const bad = join(dir, 'bad.csv');
        await writeFile(
          bad,
          '卡片编号,病种,发病日期,现住址镇街\nC1,手足口病,2025-01-13,白沙镇\nC2,天花,2025-01-13,白沙镇\nC3,HFMD,2025-13-40,JJ-BS\nC1,HFMD,2025-01-13,JJ-BS\nC4,HFMD,2025-01-13,不存在镇\n',
        );
        const rejected = await hw([...db, 'surveillance', 'cases', bad, '--format', 'json']);
        expect(rejected.code).toBe(2);
        const summary = JSON.parse(rejected.stdout) as {
          imported: number;
          conflicts: { row: number; field: string; message: string }[];
        };
        expect(summary.imported).toBe(0);
        expect(summary.conflicts.map((c) => [c.row, c.field])).toEqual([
          [3, 'dataElement'],
          [4, 'period'],
          [5, 'value'],
          [6, 'orgUnit'],
        ]);
        expect(summary.conflicts[0]?.message).toContain('未知的病种“天花”');
        expect(summary.conflicts[2]?.message).toContain('卡片编号 C1 重复');
        const good = join(dir, 'good.csv');
        await writeFile(
          good,
          '卡片编号,病种,发病日期,现住址镇街\nC1,手足口病,2025-01-13,白沙镇\nC2,HFMD,2025/1/13,JJ-BS\nC3,hfmd,2025-01-13,JJ-BS\nC4,手足口病,2025-01-14,JJ-BS\n',
        );
        const ok = await hw([...db, 'surveillance', 'cases', good]);
        expect(ok.code, ok.stderr).toBe(0);
        expect(ok.stderr).toContain('个案 4 例，汇总为 2 个日病例数');
        expect(ok.stderr, ok.stderr).toMatch(/early warning \(import\) \d{4}W\d+—2025W3: \d+ events/);
        const day = async (pe: string): Promise<string> =>
          (
            await hw([
              ...db,
              'value',
              'get',
              '--de',
              'ID_HFMD',
              '--ou',
              'JJ-BS',
              '--pe',
              pe,
              '--format',
              'json',
            ])
          ).stdout;
        expect(JSON.parse(await day('20250113'))).toEqual([
          expect.objectContaining({ value: '3', source: '传染病报告卡（个案汇总）' }),
        ]);
        expect(JSON.parse(await day('20250114'))).toEqual([expect.objectContaining({ value: '1' })]);
        // Over HTTP for the CDC, within its view scope; a viewer may not.
        const store: Store = await openMigratedStore(tdb.url);
        try {
          const app = createApp(store, { today: () => '2025-01-16' });
          const login = (username: string): Promise<Record<string, string>> =>
            sessionHeaders(app, username, PASSWORD, 'application/csv');
          const body = '病种,发病日期,镇街\n手足口病,2025-01-15,JJ-SM\n手足口病,2025-01-15,JJ-SM\n';
          const cdc = await app.request('/api/surveillance/cases', {
            method: 'POST',
            headers: await login('cdc'),
            body,
          });
          expect(cdc.status).toBe(200);
          expect(await cdc.json()).toMatchObject({ status: 'SUCCESS', cases: 2, imported: 1 });
          expect(
            (
              await app.request('/api/surveillance/cases', {
                method: 'POST',
                headers: await login('viewer'),
                body,
              })
            ).status,
          ).toBe(403);
          // The chart of the planted outbreak: weekly counts with each method's threshold and alarms.
          const series = (await (
            await app.request('/api/surveillance/series?disease=HFMD&ou=JJ-BS&to=2024W23&weeks=26', {
              headers: await login('cdc'),
            })
          ).json()) as {
            weeks: string[];
            counts: number[];
            methods: { label: string; upper: (number | null)[]; alarm: boolean[] }[];
          };
          expect(series.weeks).toHaveLength(26);
          const w21 = series.weeks.indexOf('2024W21');
          expect(series.counts[w21]).toBe(53);
          const alarming = series.methods.filter((m) => m.alarm[w21]);
          expect(alarming.length).toBeGreaterThanOrEqual(2);
          for (const m of alarming) {
            expect(m.upper[w21]).toBeLessThan(53);
          }
          expect(
            (
              await app.request('/api/surveillance/series?disease=HFMD&ou=JJ-BS&to=2024W23', {
                headers: await login('viewer'),
              })
            ).status,
          ).toBe(403);
        } finally {
          await store.close();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
