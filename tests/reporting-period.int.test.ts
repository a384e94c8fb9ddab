import { CompletenessResponse, MeResponse, ReportingPeriodsResponse } from '@healthwatch/contract';
import { RECENT_MISSING } from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { openMigratedStore } from '@healthwatch/store';
import { testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDemoDatabase } from './helpers/demo-database.js';
import { DEMO_PASSWORD } from './helpers/demo-password.js';
import { sessionHeaders } from './helpers/http-session.js';

// Issue 16, point 1: "the latest period" of every default is the latest one whose due date has
// passed on the server's today. The demo's monthly sets are due 10 days after the month and close
// after 15; on 2026-12-01 202611 is open (due 2026-12-10), 202610 is the latest due one, 202612 has
// not ended.
const TODAY = '2026-12-01';

for (const dialect of await testDialects()) {
  describe(`${dialect}: one notion of the reporting period, from the server's today`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: ReturnType<typeof createApp>;
    let today = TODAY;
    beforeAll(async () => {
      tdb = await createDemoDatabase(dialect);
      store = await openMigratedStore(tdb.url);
      app = createApp(store, { today: () => today });
    });
    afterEach(() => {
      today = TODAY;
      vi.useRealTimers();
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    const get = async <T>(
      schema: { parse: (x: unknown) => T },
      user: string,
      path: string,
      headers: Record<string, string> = {},
    ): Promise<T> => {
      const h = { ...(await sessionHeaders(app, user, DEMO_PASSWORD)), ...headers };
      const r = await app.request(path, { headers: h });
      expect(r.status, `${path}: ${await r.clone().text()}`).toBe(200);
      return schema.parse(await r.json());
    };

    it('the entry periods: newest first with Chinese names and state, no month that has not ended, the latest due one', async () => {
      const clerk = await get(ReportingPeriodsResponse, 'clerk', '/api/dataEntry/periods?ds=JJ_SERVICES_M');
      expect(clerk.today).toBe(TODAY);
      expect(clerk.latestDue).toMatchObject({ id: '202610', name: '2026年10月', dueOn: '2026-11-10' });
      // A clerk may enter only what is open: 202610 closed on 2026-11-15, 202612 has not ended.
      expect(clerk.periods).toEqual([
        {
          id: '202611',
          name: '2026年11月',
          state: 'open',
          opensOn: '2026-12-01',
          dueOn: '2026-12-10',
          closesOn: '2026-12-15',
        },
      ]);
      // The closed months are there to look at, not to enter (a lock exception re-opens one).
      expect(clerk.closed.slice(0, 2).map((p) => [p.id, p.state])).toEqual([
        ['202610', 'closed'],
        ['202609', 'closed'],
      ]);
      // Whoever may edit expired data also gets the closed months, newest first, never 202612.
      const admin = await get(ReportingPeriodsResponse, 'admin', '/api/dataEntry/periods?ds=JJ_SERVICES_M');
      expect(admin.periods.slice(0, 3).map((p) => [p.id, p.name, p.state])).toEqual([
        ['202611', '2026年11月', 'open'],
        ['202610', '2026年10月', 'closed'],
        ['202609', '2026年9月', 'closed'],
      ]);
      expect(admin.closed).toEqual([]);
      const years = await get(ReportingPeriodsResponse, 'admin', '/api/dataEntry/periods?ds=JJ_RESOURCES_Y');
      expect(years.latestDue.id).toBe('2025');
      expect(years.periods.slice(0, 3).map((p) => `${p.id}=${p.name}`)).toEqual([
        '2025=2025年',
        '2024=2024年',
        '2023=2023年',
      ]);
      const en = await get(ReportingPeriodsResponse, 'clerk', '/api/dataEntry/periods?ds=JJ_SERVICES_M', {
        'accept-language': 'en',
      });
      expect(en.periods[0]?.name).not.toBe('2026年11月');
      // On the day 202611 falls due it is still open; the day after it is the latest due period.
      today = '2026-12-10';
      expect(
        (await get(ReportingPeriodsResponse, 'clerk', '/api/dataEntry/periods?ds=JJ_SERVICES_M')).latestDue
          .id,
      ).toBe('202610');
      today = '2026-12-11';
      expect(
        (await get(ReportingPeriodsResponse, 'clerk', '/api/dataEntry/periods?ds=JJ_SERVICES_M')).latestDue
          .id,
      ).toBe('202611');
    });

    it("a data set's open future periods (DHIS2's openFuturePeriods) open months before they end, kept through import and export", async () => {
      const admin = await sessionHeaders(app, 'admin', DEMO_PASSWORD);
      const r = await app.request('/api/metadata', {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({
          dataSets: [
            {
              code: 'EARLY_M',
              name: '提前填报月报',
              periodType: 'Monthly',
              timelyDays: 10,
              openFuturePeriods: 2,
              dataElements: ['OPD_VISITS'],
              orgUnits: ['JJ-BS-HC'],
            },
          ],
        }),
      });
      expect(r.status, await r.clone().text()).toBe(200);
      const early = await get(ReportingPeriodsResponse, 'clerk', '/api/dataEntry/periods?ds=EARLY_M');
      // The current month and the next are open early; "the latest due period" does not move.
      expect(early.periods.slice(0, 3).map((p) => [p.id, p.name, p.state])).toEqual([
        ['202701', '2027年1月', 'open'],
        ['202612', '2026年12月', 'open'],
        ['202611', '2026年11月', 'open'],
      ]);
      expect(early.latestDue.id).toBe('202610');
      const exported = async (format: string): Promise<unknown> => {
        const e = await app.request(`/api/metadata${format}`, { headers: admin });
        expect(e.status).toBe(200);
        const doc = (await e.json()) as { dataSets: { code?: string; openFuturePeriods?: number }[] };
        return doc.dataSets.find((d) => d.code === 'EARLY_M')?.openFuturePeriods;
      };
      expect(await exported('')).toBe(2);
      expect(await exported('?format=dhis2')).toBe(2);
      // A set that says nothing opens no future period.
      expect(
        (await get(ReportingPeriodsResponse, 'clerk', '/api/dataEntry/periods?ds=JJ_SERVICES_M')).periods[0]
          ?.id,
      ).toBe('202611');
    });

    it("/api/me tells the web app the server's today", async () => {
      today = '2026-12-01';
      const me = await get(MeResponse, 'clerk', '/api/me');
      expect(me.today).toBe('2026-12-01');
    });

    it('completeness without a period is the latest due one, even after a value is typed into the current month', async () => {
      const admin = await sessionHeaders(app, 'admin', DEMO_PASSWORD);
      const saved = await app.request('/api/dataValues', {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({
          dataElement: 'OPD_VISITS',
          orgUnit: 'JJ-BS-HC',
          period: '202612',
          value: '7',
        }),
      });
      expect(saved.status, await saved.clone().text()).toBe(200);
      const c = await get(CompletenessResponse, 'viewer', '/api/completeness?ds=JJ_SERVICES_M&ou=JJ');
      expect(c.periods).toEqual(['202610']);
      expect(c.expected).toBeGreaterThan(0);
      expect(c.missing.length).toBe(c.expected - c.actual);
      // The demo has the monthly reports through the latest due month (one of them missing when it
      // is the demo's last month), so the cockpit's figure means something.
      expect(c.actual).toBeGreaterThanOrEqual(c.expected - 1);
      expect(c.missing.every((m) => m.orgUnit === RECENT_MISSING.orgUnit)).toBe(true);
      // An explicit period is still answered as asked.
      const asked = await get(
        CompletenessResponse,
        'viewer',
        '/api/completeness?ds=JJ_SERVICES_M&ou=JJ&pe=202612',
      );
      expect([asked.periods, asked.actual]).toEqual([['202612'], 1]);
    });

    it('a report is on time through the end of its due day in the deployment’s time zone, not UTC', async () => {
      const complete = async (ou: string, at: string): Promise<void> => {
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(new Date(at));
        const admin = await sessionHeaders(app, 'admin', DEMO_PASSWORD);
        const v = await app.request('/api/dataValues', {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ dataElement: 'OPD_VISITS', orgUnit: ou, period: '202611', value: '12' }),
        });
        expect(v.status, await v.clone().text()).toBe(200);
        const r = await app.request('/api/dataEntry/complete', {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ dataSet: 'JJ_SERVICES_M', orgUnit: ou, period: '202611', complete: true }),
        });
        expect(r.status, await r.clone().text()).toBe(200);
        vi.useRealTimers();
      };
      // 202611 is due on 2026-12-10. 23:30 Beijing time on the 10th is on time; 01:00 on the 11th
      // (17:00 UTC on the 10th, still the due day in UTC) is late.
      await complete('JJ-BS-HC', '2026-12-10T15:30:00Z');
      await complete('JJ-H1', '2026-12-10T17:00:00Z');
      today = '2026-12-12';
      const c = await get(
        CompletenessResponse,
        'stats',
        '/api/completeness?ds=JJ_SERVICES_M&ou=JJ&pe=202611',
      );
      expect(c.late.filter((l) => ['JJ-BS-HC', 'JJ-H1'].includes(l.orgUnit))).toEqual([
        expect.objectContaining({ orgUnit: 'JJ-H1', period: '202611', due: '2026-12-10' }),
      ]);
      expect(c.onTime).toBeGreaterThanOrEqual(1);
    });
  });
}
