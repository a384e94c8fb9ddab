import { join } from 'node:path';
import { ApprovalResponse } from '@healthwatch/contract';
import {
  importDataFile,
  importMetadataFile,
  saveUserAccount,
  everywhereContext,
} from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { listApprovals, migrateStore, openStore } from '@healthwatch/store';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from './helpers/http-session.js';
import { hw } from './helpers/run-cli.js';

const packs = new URL('../packs/', import.meta.url).pathname;
const PW = 'Approve-pass-1';

// The example district: 江津区 CQ-JJ → 白沙镇 JJ-BS → 白沙镇中心卫生院 JJ-BS-HC and 石龙村卫生室 JJ-BS-VC1;
// 医疗机构月报 MONTHLY (expiry 15 days) is reported by the institutions.
for (const dialect of await testDialects()) {
  describe(`${dialect}: approval institution → 镇街 → district, and locking`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: ReturnType<typeof createApp>;
    let today = '2024-04-10';
    const sessions = new Map<string, Record<string, string>>();
    const as = async (user: string): Promise<Record<string, string>> => {
      const cached = sessions.get(user);
      if (cached) {
        return cached;
      }
      const h = await sessionHeaders(app, user, PW);
      sessions.set(user, h);
      return h;
    };
    const act = async (
      user: string,
      orgUnit: string,
      action: string,
      period = '202403',
      reason?: string,
    ): Promise<Response> =>
      app.request('/api/dataApprovals', {
        method: 'POST',
        headers: await as(user),
        body: JSON.stringify({ dataSet: 'MONTHLY', orgUnit, period, action, ...(reason ? { reason } : {}) }),
      });
    const edit = async (user: string, orgUnit: string, period = '202403', value = '61'): Promise<Response> =>
      app.request('/api/dataValues', {
        method: 'POST',
        headers: await as(user),
        body: JSON.stringify({ dataElement: 'BEDS', orgUnit, period, value }),
      });
    const state = async (
      orgUnit: string,
      period = '202403',
    ): Promise<ReturnType<typeof ApprovalResponse.parse>> =>
      ApprovalResponse.parse(
        await (
          await app.request(`/api/dataApprovals?ds=MONTHLY&ou=${orgUnit}&pe=${period}`, {
            headers: await as('district'),
          })
        ).json(),
      );

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
      await importMetadataFile(
        store,
        everywhereContext('test', 'zh-CN'),
        join(packs, 'example-district/dhis2-metadata.json'),
      );
      await importDataFile(
        store,
        everywhereContext('seed', 'zh-CN'),
        join(packs, 'example-district/reports-2024-03.csv'),
      );
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'hc',
        password: PW,
        role: 'clerk',
        capture: ['JJ-BS-HC'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'vc',
        password: PW,
        role: 'clerk',
        capture: ['JJ-BS-VC1'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'town',
        password: PW,
        role: 'stats',
        capture: ['JJ-BS'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'district',
        password: PW,
        role: 'stats',
        capture: ['CQ-JJ'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'boss',
        password: PW,
        role: 'admin',
      });
      app = createApp(store, { today: () => today });
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('approves bottom-up: the town waits for its institutions and says which', async () => {
      expect(await state('JJ-BS')).toMatchObject({
        state: 'waiting',
        children: [
          { orgUnit: 'JJ-BS-HC', state: 'ready' },
          { orgUnit: 'JJ-BS-VC1', state: 'ready' },
        ],
      });
      const early = await act('town', 'JJ-BS', 'approve');
      expect(early.status).toBe(409);
      expect(JSON.stringify(await early.json())).toMatch(
        /HW_APPROVAL.*还有下级机构未审核：白沙镇中心卫生院、白沙镇石龙村卫生室/,
      );
      // Approving is for one's own units only.
      expect((await act('vc', 'JJ-BS-HC', 'approve')).status).toBe(403);
      expect((await act('hc', 'JJ-BS-HC', 'approve')).status).toBe(200);
      expect((await act('hc', 'JJ-BS-HC', 'approve')).status).toBe(409);
      expect(await state('JJ-BS')).toMatchObject({
        state: 'waiting',
        children: [{ state: 'approved' }, { state: 'ready' }],
      });
    });

    it('an approved period refuses edits with a clear message (API and file import) until unapproved with a reason', async () => {
      const refused = await edit('hc', 'JJ-BS-HC');
      expect(refused.status).toBe(409);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('HW_LOCKED');
      expect(body.error.message).toContain(
        '“医疗机构月报”202403 的数据已由白沙镇中心卫生院审核，不能修改；如需更正，请先撤销审核',
      );
      // The district statistician is refused too: an approval locks for everyone.
      expect((await edit('district', 'JJ-BS-HC')).status).toBe(409);
      const csv = '数据元,期间,机构,数值\nBEDS,202403,JJ-BS-VC1,3\nBEDS,202403,JJ-BS-HC,62\n';
      const file = await app.request('/api/dataValueSets', {
        method: 'POST',
        headers: { ...(await as('district')), 'content-type': 'application/csv' },
        body: csv,
      });
      expect(file.status).toBe(409);
      const summary = (await file.json()) as {
        imported: number;
        conflicts: { row: number; field: string; message: string }[];
      };
      expect(summary.imported).toBe(0);
      expect(summary.conflicts).toEqual([
        expect.objectContaining({
          row: 3,
          field: 'period',
          message: expect.stringContaining('已由白沙镇中心卫生院审核'),
        }),
      ]);
      // The other institution is not locked.
      expect((await edit('vc', 'JJ-BS-VC1', '202403', '4')).status).toBe(200);

      const noReason = await act('hc', 'JJ-BS-HC', 'unapprove');
      expect(noReason.status).toBe(400);
      expect(JSON.stringify(await noReason.json())).toContain('撤销审核必须填写原因');
      expect((await act('hc', 'JJ-BS-HC', 'unapprove', '202403', '床位数填错')).status).toBe(200);
      expect((await edit('hc', 'JJ-BS-HC', '202403', '62')).status).toBe(200);
      const events = (await (
        await app.request('/api/audit/events?user=hc', { headers: await as('boss') })
      ).json()) as { events: { action: string; detail: string | null; target: string }[] };
      expect(
        events.events.filter((e) => e.action.startsWith('approval.')).map((e) => [e.action, e.detail]),
      ).toEqual([
        ['approval.unapprove', '床位数填错'],
        ['approval.approve', null],
      ]);
    });

    it('the town accepts an institution’s approval (then only it can reopen), approves, and locks the units below', async () => {
      expect((await act('hc', 'JJ-BS-HC', 'approve')).status).toBe(200);
      expect((await act('hc', 'JJ-BS-HC', 'accept')).status).toBe(403); // accepting is the level above's
      expect((await act('town', 'JJ-BS-HC', 'accept')).status).toBe(200);
      expect((await state('JJ-BS-HC')).state).toBe('accepted');
      const blocked = await act('hc', 'JJ-BS-HC', 'unapprove', '202403', '再改一次');
      expect(blocked.status).toBe(409);
      expect(JSON.stringify(await blocked.json())).toContain('已被上级接受');
      expect((await act('vc', 'JJ-BS-VC1', 'approve')).status).toBe(200);
      expect((await act('town', 'JJ-BS', 'approve')).status).toBe(200);
      expect(await state('JJ-BS')).toMatchObject({
        state: 'approved',
        approval: { level: 3, approvedBy: 'town' },
      });
      expect((await state('JJ-BS-VC1')).state).toBe('approved_above');
      const locked = await edit('vc', 'JJ-BS-VC1', '202403', '5');
      expect(JSON.stringify(await locked.json())).toContain('已由白沙镇审核');
      // The town cannot un-accept below its own approval; it unapproves first.
      expect((await act('town', 'JJ-BS-HC', 'unaccept')).status).toBe(409);
      // The district waits for 几江街道, whose units have not approved.
      const district = await act('district', 'CQ-JJ', 'approve');
      expect(JSON.stringify(await district.json())).toContain('几江街道');
      // The command line shows the same state.
      const cli = await hw([
        '--db',
        tdb.url,
        'approval',
        'status',
        '--ds',
        'MONTHLY',
        '--ou',
        'JJ-BS',
        '--pe',
        '202403',
      ]);
      expect(cli.code, cli.stderr).toBe(0);
      expect(cli.stdout).toMatch(/白沙镇\t202403\t已审核\ttown/);
      expect(cli.stdout).toMatch(/白沙镇中心卫生院\t上级已审核/);
    });

    it('closes periods by expiry days; an administrator edits them or re-opens one for a unit and below', async () => {
      today = '2024-06-01'; // April closed on 15 May
      try {
        const closed = await edit('hc', 'JJ-BS-HC', '202404', '60');
        expect(closed.status).toBe(409);
        expect(JSON.stringify(await closed.json())).toContain(
          '“医疗机构月报”202404 已过填报期限（期末后 15 天截止）',
        );
        expect((await state('JJ-BS-HC', '202404')).locked?.by).toBe('expired');
        expect((await edit('boss', 'JJ-BS-HC', '202404', '60')).status).toBe(200);
        expect(
          (
            await app.request('/api/lockExceptions', {
              method: 'POST',
              headers: await as('district'),
              body: JSON.stringify({
                dataSet: 'MONTHLY',
                orgUnit: 'JJ-BS',
                period: '202404',
                reason: '补报',
              }),
            })
          ).status,
        ).toBe(403);
        const granted = await app.request('/api/lockExceptions', {
          method: 'POST',
          headers: await as('boss'),
          body: JSON.stringify({ dataSet: 'MONTHLY', orgUnit: 'JJ-BS', period: '202404', reason: '补报' }),
        });
        expect(granted.status).toBe(201);
        const { exceptions } = (await granted.json()) as {
          exceptions: { id: number; orgUnitName: string }[];
        };
        expect(exceptions[0]?.orgUnitName).toBe('白沙镇');
        expect((await edit('hc', 'JJ-BS-HC', '202404', '61')).status).toBe(200);
        expect((await state('JJ-BS-HC', '202404')).locked).toBeNull();
        // Other periods stay closed.
        expect((await edit('hc', 'JJ-BS-HC', '202402', '61')).status).toBe(409);
        expect(
          (
            await app.request(`/api/lockExceptions/${exceptions[0]?.id ?? 0}`, {
              method: 'DELETE',
              headers: await as('boss'),
            })
          ).status,
        ).toBe(200);
        expect((await edit('hc', 'JJ-BS-HC', '202404', '62')).status).toBe(409);
      } finally {
        today = '2024-04-10';
      }
    });

    it('an approval and an edit of the same period racing: the edit either lands before the approval or is refused', async () => {
      const periods = ['202405', '202406', '202407', '202408', '202409', '202410', '202411', '202412'];
      for (const period of periods) {
        const [approved, edited] = await Promise.all([
          act('hc', 'JJ-BS-HC', 'approve', period),
          edit('hc', 'JJ-BS-HC', period, '70'),
        ]);
        expect(approved.status).toBe(200);
        const approval = (await listApprovals(store.db, { periods: [period] })).find(
          (a) => a.period === period,
        );
        expect(approval).toBeDefined();
        if (edited.status === 200) {
          // It landed: it must have been written before the approval.
          const trail = (await (
            await app.request(`/api/audit?ou=JJ-BS-HC&de=BEDS&pe=${period}`, { headers: await as('boss') })
          ).json()) as { audit: { changedAt: number }[] };
          expect(trail.audit[0]?.changedAt ?? Infinity).toBeLessThanOrEqual(approval?.approvedAt ?? 0);
        } else {
          expect(edited.status).toBe(409);
          expect(((await edited.json()) as { error: { code: string } }).error.code).toBe('HW_LOCKED');
        }
        // Whatever happened, the period is locked now.
        expect((await edit('hc', 'JJ-BS-HC', period, '71')).status).toBe(409);
      }
    });
  });
}
