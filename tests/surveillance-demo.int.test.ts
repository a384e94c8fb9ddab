import { createApp, SurveillanceScheduler, SurveillanceEventResponse, SurveillanceEventsResponse, SurveillanceRunResponse } from '@healthwatch/server';
import { createTestDatabase, listSurveillanceEvents, openMigratedStore, testDialects } from '@healthwatch/store';
import type { Store, TestDatabase } from '@healthwatch/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hw } from './helpers/run-cli.js';

const PASSWORD = 'Demo-pass-2024';

interface RunResult {
  events: { disease: string; unitName: string; from: string; to: string; grade: string; points: number; explanation: string; evidence: { neighbours: string[]; methods: string[] } }[];
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
      const r = await hw([...db, 'surveillance', 'run', '--from', '2024W15', '--to', '2024W26', '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const run = JSON.parse(r.stdout) as RunResult;
      // The demo already ran this window: the same events are found again, none added or changed.
      expect(run.events.length).toBeGreaterThan(0);
      expect(run.created).toBe(0);
      expect(run.updated).toBe(0);
      const baisha = run.events.find((e) => e.disease === 'HFMD' && e.unitName === '白沙镇' && e.from <= '2024W21' && e.to >= '2024W21');
      expect(baisha?.grade).toBe('red');
      expect(baisha?.evidence.methods.length).toBeGreaterThanOrEqual(2);
      expect(baisha?.evidence.neighbours).toContain('龙华镇');
      expect(baisha?.explanation).toMatch(/^白沙镇 2024W\d\d 报告手足口病 \d+ 例，期望 [\d.]+ 例，预警上限 [\d.]+；.*相邻的.*龙华镇.*。分级：红色（\d+ 分）。$/);
      // The strongest events come first.
      expect(run.events[0]?.grade).toBe('red');
      const again = await hw([...db, 'surveillance', 'run', '--from', '2024W15', '--to', '2024W26', '--format', 'json']);
      expect((JSON.parse(again.stdout) as RunResult).created).toBe(0);

      const summer = JSON.parse((await hw([...db, 'surveillance', 'run', '--from', '2023W26', '--to', '2023W35', '--format', 'json'])).stdout) as RunResult;
      expect(summer.events.find((e) => e.disease === 'CHOLERA')).toMatchObject({ unitName: '油溪镇', grade: 'red', from: '2023W33' });
      expect(summer.events.find((e) => e.disease === 'DIARRHOEA' && e.unitName === '石门镇' && e.from <= '2023W29' && e.to >= '2023W28')?.grade).toBe('red');
    });

    it('moves an event through the workflow with a log, and refuses moves it does not allow', async () => {
      const list = JSON.parse((await hw([...db, 'surveillance', 'events', '--disease', 'CHOLERA', '--format', 'json'])).stdout) as { id: number; status: string }[];
      const id = String(list[0]?.id);
      expect(list[0]?.status).toBe('new');
      for (const status of ['verifying', 'confirmed', 'responded', 'closed']) {
        const r = await hw([...db, '--user', 'cdc', 'surveillance', 'event', id, '--status', status, '--note', `${status} 备注`, '--assignee', 'cdc']);
        expect(r.code, r.stderr).toBe(0);
      }
      const shown = JSON.parse((await hw([...db, 'surveillance', 'event', id])).stdout) as { status: string; assignee: string; log: { fromStatus: string | null; toStatus: string; username: string; note: string | null }[] };
      expect(shown.status).toBe('closed');
      expect(shown.assignee).toBe('cdc');
      expect(shown.log.map((l) => l.toStatus)).toEqual(['new', 'verifying', 'confirmed', 'responded', 'closed']);
      expect(shown.log[1]).toMatchObject({ fromStatus: 'new', username: 'cdc', note: 'verifying 备注' });
      const refused = await hw([...db, 'surveillance', 'event', id, '--status', 'verifying']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('当前为“已关闭”');
    });

    it('serves events to epidemiologists only, within their scope, and lets one of two concurrent moves win', async () => {
      const store: Store = await openMigratedStore(tdb.url);
      try {
        const app = createApp(store);
        const login = async (username: string): Promise<Record<string, string>> => {
          const r = await app.request('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password: PASSWORD }), headers: { 'content-type': 'application/json' } });
          const { csrfToken } = (await r.json()) as { csrfToken: string };
          return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
        };
        const cdc = await login('cdc');
        const listed = SurveillanceEventsResponse.parse(await (await app.request('/api/surveillance/events?status=new&disease=HFMD', { headers: cdc })).json());
        expect(listed.events.length).toBeGreaterThan(0);
        expect((await app.request('/api/surveillance/events', { headers: await login('viewer') })).status).toBe(403);
        expect((await app.request('/api/surveillance/events', { headers: await login('clerk') })).status).toBe(403);
        expect((await app.request('/api/surveillance/events')).status).toBe(401);
        const target = listed.events[0];
        const one = SurveillanceEventResponse.parse(await (await app.request(`/api/surveillance/events/${target?.id ?? 0}`, { headers: cdc })).json());
        expect(one.log[0]?.toStatus).toBe('new');
        const move = (status: string): Promise<Response> => Promise.resolve(app.request(`/api/surveillance/events/${target?.id ?? 0}/transition`, { method: 'POST', headers: cdc, body: JSON.stringify({ status, note: '并发' }) }));
        // Two people take the same new event at once: exactly one of them gets it.
        const [a, b] = await Promise.all([move('verifying'), move('verifying')]);
        expect([a.status, b.status].sort()).toEqual([200, 409]);
        expect((await app.request('/api/surveillance/events/999999', { headers: cdc })).status).toBe(404);
        expect((await app.request(`/api/surveillance/events/${target?.id ?? 0}/transition`, { method: 'POST', headers: cdc, body: JSON.stringify({ status: 'nonsense' }) })).status).toBe(400);
        const run = await app.request('/api/surveillance/run', { method: 'POST', headers: cdc, body: JSON.stringify({ from: '2024W20', to: '2024W22' }) });
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
        const app = createApp(store, { onDataChanged: () => void scheduler.trigger('import'), today: () => '2025-01-10' });
        const r = await app.request('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'stats', password: PASSWORD }), headers: { 'content-type': 'application/json' } });
        const { csrfToken } = (await r.json()) as { csrfToken: string };
        const headers = { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
        // A burst of hand, foot and mouth disease in 白沙镇 in the first days of 2025 (2025W02).
        const dataValues = ['20250106', '20250107', '20250108', '20250109'].map((period) => ({ dataElement: 'ID_HFMD', orgUnit: 'JJ-BS', period, value: '9' }));
        const posted = await app.request('/api/dataValueSets', { method: 'POST', headers, body: JSON.stringify({ dataValues }) });
        expect(posted.status, await posted.clone().text()).toBe(200);
        await scheduler.idle();
        const events = (await listSurveillanceEvents(store.db, { disease: 'HFMD' })).filter((e) => e.periodTo === '2025W2');
        const baisha = events.find((e) => e.explanation.startsWith('白沙镇'));
        expect(baisha?.grade).toMatch(/orange|red/);
        expect(baisha?.explanation).toContain('白沙镇 2025W2 报告手足口病 36 例');
        // A dry run changes nothing and does not trigger a run.
        const before = (await listSurveillanceEvents(store.db)).length;
        await app.request('/api/dataValueSets?dryRun=true', { method: 'POST', headers, body: JSON.stringify({ dataValues: [{ dataElement: 'ID_HFMD', orgUnit: 'JJ-SM', period: '20250108', value: '40' }] }) });
        await scheduler.idle();
        expect((await listSurveillanceEvents(store.db)).length).toBe(before);
      } finally {
        scheduler.stop();
        await scheduler.idle();
        await store.close();
      }
    });
  });
}
