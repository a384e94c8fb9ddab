import { saveUserAccount, everywhereContext } from '@healthwatch/services';
import { createApp, openApiDocument } from '@healthwatch/server';
import { cachedMetadataIndex, openMigratedStore } from '@healthwatch/store';
import { testDialects } from '@healthwatch/store/testing';
import type { MetadataIndex, Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDatabase } from '../helpers/demo-database.js';
import { DEMO_PASSWORD } from '../helpers/demo-password.js';
import { sessionHeaders } from '../helpers/http-session.js';

/**
 * The penetration tester's setup (issue 13) on the demo district: users scoped to 白沙镇 in every
 * role, and every route that answers figures, audits or writes asked about other units in every
 * spelling (code, uid, name, parent, list, keyword, no parameter). An answer is either within the
 * caller's scope or a refusal, never wider.
 */
const PW = 'Scoped-user-pass-7';
const PLAN = '/api/plans/jiangjin-14th/evaluation?year=2023&kind=midterm';

/** Scoped users: the demo's clerk (白沙中心卫生院 only) and four users of 白沙镇. */
const SCOPED = {
  clerk: { root: 'JJ-BS-HC' },
  'bs-clerk': { root: 'JJ-BS' },
  'bs-viewer': { root: 'JJ-BS' },
  'bs-stats': { root: 'JJ-BS' },
  'bs-cdc': { root: 'JJ-BS' },
} as const;
type Scoped = keyof typeof SCOPED;

/** Every route of the OpenAPI document must be attacked here or in the route matrix (tests/http-route-matrix.int.test.ts). */
const ATTACKED_HERE = [
  '/api/plans/{code}/evaluation',
  '/api/analytics',
  '/api/dataValueSets',
  '/api/dataValues',
  '/api/followups',
  '/api/metadata',
  '/api/metadata/{kind}/{id}',
  '/api/surveillance/events',
  '/api/surveillance/events/{id}',
  '/api/surveillance/events/{id}/transition',
  '/api/surveillance/run',
  '/api/surveillance/series',
  '/api/surveillance/cases',
  '/api/audit',
  '/api/completeness',
  '/api/outliers',
  '/api/validation/run',
  '/api/validation/results',
  '/api/dataEntry/form',
  '/api/dataEntry/template',
  '/api/dataEntry/complete',
  '/api/dataApprovals',
  '/api/workspace/reports',
  '/api/workspace/returns',
  '/api/workspace/reminders',
  '/api/workspace/mine',
];
/** Routes that take no org unit (own account, anonymous, admin-only): the route matrix covers them by role. */
const NO_UNIT = [
  '/api/health',
  '/api/auth/login',
  '/api/auth/logout',
  '/api/me',
  // Periods of a data set: no unit, the same answer for every caller who may read data.
  '/api/dataEntry/periods',
  '/api/me/password',
  '/api/me/tokens',
  '/api/me/tokens/{id}',
  '/api/users',
  '/api/users/{username}',
  '/api/lockExceptions',
  '/api/lockExceptions/{id}',
  '/api/audit/events',
  '/api/metadata/{kind}',
  '/api/plans',
  // A draft reads an uploaded document; saving a plan needs a capture scope covering the hierarchy
  // (tests/plan-draft-http.int.test.ts).
  '/api/plans/drafts',
  '/api/docs',
  '/api/openapi.json',
];

it('attacks every route of the API contract (a new route must join this suite or the route matrix)', () => {
  const paths = Object.keys((openApiDocument('test') as { paths: Record<string, unknown> }).paths).sort();
  expect(paths).toEqual([...ATTACKED_HERE, ...NO_UNIT].sort());
});

for (const dialect of await testDialects()) {
  describe(`${dialect}: answers never wider than the caller's scope`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: ReturnType<typeof createApp>;
    let index: MetadataIndex;
    const headers = new Map<string, Record<string, string>>();
    const as = (user: string): Record<string, string> => headers.get(user) ?? {};
    const get = async (user: string, path: string): Promise<Response> =>
      app.request(path, { headers: as(user) });
    const send = async (user: string, method: string, path: string, body: unknown): Promise<Response> =>
      app.request(path, { method, headers: as(user), body: JSON.stringify(body) });
    const unit = (code: string): { uid: string; name: string; path: string } => {
      const o = index.orgUnits.find(code);
      if (!o) {
        throw new Error(`no unit ${code}`);
      }
      return o;
    };
    /** Every way to name a unit: code, uid and name. */
    const spellings = (code: string): string[] => [code, unit(code).uid, unit(code).name];
    const inside = (user: Scoped, uidOrCode: string): boolean => {
      const o = index.orgUnits.find(uidOrCode);
      return o !== undefined && o.path.startsWith(unit(SCOPED[user].root).path);
    };

    beforeAll(async () => {
      tdb = await createDemoDatabase(dialect);
      store = await openMigratedStore(tdb.url);
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'bs-clerk',
        password: PW,
        role: 'clerk',
        capture: ['JJ-BS-HC'],
        view: ['JJ-BS'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'bs-viewer',
        password: PW,
        role: 'viewer',
        view: ['JJ-BS'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'bs-stats',
        password: PW,
        role: 'stats',
        capture: ['JJ-BS'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'bs-cdc',
        password: PW,
        role: 'cdc',
        view: ['JJ-BS'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'two-towns',
        password: PW,
        role: 'viewer',
        view: ['JJ-BS', 'JJ-LS'],
      });
      app = createApp(store, { today: () => '2026-12-01' });
      index = await cachedMetadataIndex(store);
      for (const u of ['admin', 'stats', 'clerk', 'cdc']) {
        headers.set(u, await sessionHeaders(app, u, DEMO_PASSWORD));
      }
      for (const u of ['bs-clerk', 'bs-viewer', 'bs-stats', 'bs-cdc', 'two-towns']) {
        headers.set(u, await sessionHeaders(app, u, PW));
      }
    }, 180_000);
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('evaluates the plan for the caller’s own unit without ou, equal to an admin’s evaluation of that unit, in every format', async () => {
      for (const user of Object.keys(SCOPED) as Scoped[]) {
        const root = unit(SCOPED[user].root);
        const mine = await get(user, PLAN);
        expect(mine.status, `${user}: ${await mine.clone().text()}`).toBe(200);
        const e = (await mine.json()) as { orgUnit: string; indicators: { code: string }[] };
        expect(e.orgUnit, user).toBe(root.uid);
        const reference = await (await get('admin', `${PLAN}&ou=${root.uid}`)).json();
        expect(e, user).toEqual(reference);
        // ECharts numbers its SVG classes per chart instance: the same chart differs only there.
        const same = (x: string): string => x.replace(/zr\d+(-cls-\d+)?/g, 'zr');
        for (const format of ['md', 'html']) {
          const text = same(await (await get(user, `${PLAN}&format=${format}`)).text());
          expect(text, `${user} ${format}`).toBe(
            same(await (await get('admin', `${PLAN}&ou=${root.uid}&format=${format}`)).text()),
          );
        }
        const docx = async (who: string, extra: string): Promise<string> => {
          const zip = await JSZip.loadAsync(
            await (await get(who, `${PLAN}${extra}&format=docx`)).arrayBuffer(),
          );
          return (await zip.file('word/document.xml')?.async('string')) ?? '';
        };
        expect(await docx(user, ''), `${user} docx`).toBe(await docx('admin', `&ou=${root.uid}`));
      }
      // The district's own evaluation is not what a scoped user gets: the figures differ.
      const district = await (await get('admin', PLAN)).text();
      expect(await (await get('clerk', PLAN)).text()).not.toBe(district);
      // Reported figures (yearbook values typed in for the plan) are the whole district's: they
      // belong to the evaluation of the top unit only, never to a town's or an institution's.
      type Figure = { provenance: string; value: number | null };
      type Evaluation = { figures: Record<string, Figure[]>; indicators: { latest: Figure | null }[] };
      const reported = (e: Evaluation): Figure[] =>
        [
          ...Object.values(e.figures).flat(),
          ...e.indicators.flatMap((i) => (i.latest ? [i.latest] : [])),
        ].filter((f) => f.provenance === 'reported');
      const top = (await (await get('admin', PLAN)).json()) as Evaluation;
      expect(reported(top).length, 'the district evaluation has reported figures').toBeGreaterThan(0);
      for (const user of Object.keys(SCOPED) as Scoped[]) {
        expect(reported((await (await get(user, PLAN)).json()) as Evaluation), user).toEqual([]);
      }
      for (const ou of ['JJ-BS', 'JJ-BS-HC']) {
        const e = (await (await get('admin', `${PLAN}&ou=${ou}`)).json()) as Evaluation;
        expect(reported(e), `admin ou=${ou}`).toEqual([]);
      }
    });

    it('refuses an evaluation of any other unit, however it is spelled', async () => {
      for (const user of Object.keys(SCOPED) as Scoped[]) {
        for (const ref of [...spellings('JJ-LS'), ...spellings('JJ'), ...spellings('JJ-LS-HC')]) {
          for (const format of ['json', 'md', 'html', 'docx', 'pdf']) {
            const r = await get(user, `${PLAN}&format=${format}&ou=${encodeURIComponent(ref)}`);
            expect(r.status, `${user} ${ref} ${format}`).toBe(403);
          }
        }
      }
      // A user with two roots must say which (an answer for both would be the district's).
      const two = await get('two-towns', PLAN);
      expect(two.status).toBe(403);
      expect(((await two.json()) as { error: { message: string } }).error.message).toContain(
        '请用 ou 参数指定',
      );
      expect((await get('two-towns', `${PLAN}&ou=JJ-LS`)).status).toBe(200);
    });

    it('answers analytics only inside the scope, in every spelling and format', async () => {
      const q = (ou: string | null, extra = ''): string =>
        `/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:2024${ou === null ? '' : `&dimension=ou:${encodeURIComponent(ou)}`}${extra}`;
      for (const user of ['bs-clerk', 'bs-viewer', 'bs-stats', 'bs-cdc'] as const) {
        const refused = [
          ...spellings('JJ-LS'),
          ...spellings('JJ'),
          'JJ-BS;JJ-LS',
          'JJ;LEVEL-3',
          'JJ;CHILDREN',
          'JJ;DESCENDANTS',
          `${unit('JJ').uid};OU_GROUP-TYPE_HEALTH_CENTRE`,
        ];
        for (const ou of refused) {
          for (const extra of ['', '&format=csv', '&format=xlsx']) {
            expect((await get(user, q(ou, extra))).status, `${user} ou=${ou}${extra}`).toBe(403);
          }
        }
        expect((await get(user, `${q(null)}&filter=ou:JJ`)).status, `${user} filter=ou:JJ`).toBe(403);
        // Keywords and no ou at all resolve inside the user's own units.
        for (const ou of [
          null,
          'LEVEL-3',
          'LEVEL-4',
          'USER_ORGUNIT',
          'USER_ORGUNIT_CHILDREN',
          'OU_GROUP-TYPE_HEALTH_CENTRE',
          'JJ-BS;CHILDREN',
        ]) {
          const r = await get(user, q(ou));
          expect(r.status, `${user} ou=${String(ou)}`).toBe(200);
          const body = (await r.json()) as { headers: { name: string }[]; rows: string[][] };
          const col = body.headers.findIndex((h) => h.name === 'ou');
          for (const row of body.rows) {
            expect(
              col < 0 || inside(user, row[col] ?? ''),
              `${user} ou=${String(ou)} row ${row.join(',')}`,
            ).toBe(true);
          }
        }
      }
      // The clerk of the health centre alone cannot read the town either.
      expect((await get('clerk', q('JJ-BS'))).status).toBe(403);
    });

    it('serves data values, data value sets and forms of its scope only', async () => {
      for (const user of ['bs-clerk', 'bs-viewer', 'bs-stats', 'bs-cdc'] as const) {
        for (const ref of [...spellings('JJ-LS-HC'), ...spellings('JJ')]) {
          const e = encodeURIComponent(ref);
          expect(
            (await get(user, `/api/dataValueSets?dataSet=JJ_SERVICES_M&period=202403&orgUnit=${e}`)).status,
            `${user} dvs ${ref}`,
          ).toBe(403);
          expect(
            (
              await get(
                user,
                `/api/dataValueSets?dataSet=JJ_SERVICES_M&period=202403&orgUnit=JJ-BS&orgUnit=${e}&children=true`,
              )
            ).status,
            `${user} dvs list ${ref}`,
          ).toBe(403);
          expect(
            (await get(user, `/api/dataValues?de=OPD_VISITS&ou=${e}&pe=202403`)).status,
            `${user} dv ${ref}`,
          ).toBe(403);
          expect(
            (await get(user, `/api/dataEntry/form?ds=JJ_SERVICES_M&ou=${e}&pe=202403`)).status,
            `${user} form ${ref}`,
          ).toBe(403);
          expect(
            (await get(user, `/api/dataApprovals?ds=JJ_SERVICES_M&ou=${e}&pe=202403`)).status,
            `${user} approval ${ref}`,
          ).toBe(403);
          expect(
            (await get(user, `/api/dataEntry/template?ds=JJ_SERVICES_M&format=csv&ou=${e}`)).status,
            `${user} template ${ref}`,
          ).toBe(403);
          expect(
            (await get(user, `/api/completeness?ds=JJ_SERVICES_M&ou=${e}&pe=202403`)).status,
            `${user} completeness ${ref}`,
          ).toBe(403);
          expect(
            (await get(user, `/api/outliers?de=OPD_VISITS&ou=${e}&from=202401&to=202412`)).status,
            `${user} outliers ${ref}`,
          ).toBe(403);
          expect((await get(user, `/api/followups?ou=${e}`)).status, `${user} followups ${ref}`).toBe(403);
          expect((await get(user, `/api/validation/results?ou=${e}`)).status, `${user} results ${ref}`).toBe(
            403,
          );
          expect(
            (
              await send(user, 'POST', '/api/validation/run', {
                orgUnit: ref,
                descendants: true,
                periods: ['202403'],
              })
            ).status,
            `${user} run ${ref}`,
          ).toBe(403);
        }
        // Inside the scope, with children: every value is of a unit in the scope.
        const own = await get(
          user,
          '/api/dataValueSets?dataSet=JJ_SERVICES_M&period=202403&orgUnit=JJ-BS&children=true',
        );
        expect(own.status, user).toBe(200);
        const values = ((await own.json()) as { dataValues: { orgUnit: string }[] }).dataValues;
        expect(values.length).toBeGreaterThan(0);
        expect(values.every((v) => inside(user, v.orgUnit))).toBe(true);
      }
    });

    it('refuses writes outside the capture scope, follow-ups included, and holds them to the locks', async () => {
      // A village clinic of 白沙镇: in bs-clerk's view, not in their capture.
      const villageCode = 'JJ-BS-VC1';
      expect(inside('bs-clerk', villageCode)).toBe(true);
      const target = {
        dataElement: 'OPD_VISITS',
        orgUnit: villageCode,
        period: '202003',
        followUp: true,
        comment: 'clerk2 was here',
      };
      // In the clerk's view but not their capture: 403, as for the value itself.
      expect((await send('bs-clerk', 'POST', '/api/followups', target)).status).toBe(403);
      // The same in an open period, where no lock would refuse it: only the capture scope does.
      expect((await send('bs-clerk', 'POST', '/api/followups', { ...target, period: '202611' })).status).toBe(
        403,
      );
      expect((await send('bs-clerk', 'POST', '/api/dataValues', { ...target, value: '1' })).status).toBe(403);
      // Their own health centre, but a period closed years ago: locked like a correction.
      const own = await send('bs-clerk', 'POST', '/api/followups', {
        ...target,
        orgUnit: 'JJ-BS-HC',
        period: '202003',
      });
      expect(own.status, await own.clone().text()).toBe(409);
      expect(((await own.json()) as { error: { code: string } }).error.code).toBe('HW_LOCKED');
      const audit = (await (await get('admin', `/api/audit?ou=${villageCode}&limit=1000`)).json()) as {
        audit: { newComment: string | null }[];
      };
      expect(audit.audit.some((a) => a.newComment === 'clerk2 was here')).toBe(false);
      for (const ref of spellings('JJ-LS-HC')) {
        expect(
          (
            await send('bs-stats', 'POST', '/api/dataValues', {
              dataElement: 'OPD_VISITS',
              orgUnit: ref,
              period: '202611',
              value: '5',
            })
          ).status,
          ref,
        ).toBe(403);
        expect(
          (
            await send('bs-stats', 'POST', '/api/dataEntry/complete', {
              dataSet: 'JJ_SERVICES_M',
              orgUnit: ref,
              period: '202611',
              complete: true,
            })
          ).status,
          ref,
        ).toBe(403);
      }
    });

    it('lets a scoped maintainer change org units only strictly below their scope', async () => {
      const hc = unit('JJ-DS-HC');
      const put = (user: string, code: string, body: unknown): Promise<Response> =>
        send(user, 'PUT', `/api/metadata/orgUnits/${code}`, body);
      // The escalation of the report: moving another town's health centre under 白沙镇.
      const moved = await put('bs-stats', 'JJ-DS-HC', { name: hc.name, parent: 'JJ-BS' });
      expect(moved.status, await moved.clone().text()).toBe(403);
      expect((await put('bs-stats', 'JJ-LS', { name: '李市镇<img src=x>', parent: 'JJ' })).status).toBe(403);
      expect((await put('bs-stats', 'JJ-BS', { name: '白沙镇', parent: 'JJ-LS' })).status).toBe(403);
      expect((await put('bs-stats', 'JJ-BS', { name: '白沙镇（改名）', parent: 'JJ' })).status).toBe(403);
      expect((await put('bs-stats', 'JJ-BS-NEW', { name: '新诊所', parent: 'JJ-LS' })).status).toBe(403);
      expect(
        (await put('bs-stats', 'JJ-BS-HC', { name: unit('JJ-BS-HC').name, parent: 'JJ-LS' })).status,
      ).toBe(403);
      expect(
        (
          await send('bs-stats', 'POST', '/api/metadata?dryRun=true', {
            orgUnits: [{ code: 'JJ-DS-HC', name: hc.name, parent: 'JJ-BS' }],
          })
        ).status,
      ).toBe(403);
      expect((await send('bs-stats', 'DELETE', '/api/metadata/orgUnits/JJ-LS-HC', undefined)).status).toBe(
        403,
      );
      // An unused unit outside the scope (nothing refers to it, so only the scope can refuse).
      const spare = await put('admin', 'JJ-LS-SPARE', {
        name: '李市镇备用点',
        parent: 'JJ-LS',
        openingDate: '2026-01-01',
      });
      expect(spare.status, await spare.clone().text()).toBe(200);
      expect((await send('bs-stats', 'DELETE', '/api/metadata/orgUnits/JJ-LS-SPARE', undefined)).status).toBe(
        403,
      );
      expect((await get('admin', '/api/metadata/orgUnits/JJ-LS-SPARE')).status).toBe(200);
      expect((await send('admin', 'DELETE', '/api/metadata/orgUnits/JJ-LS-SPARE', undefined)).status).toBe(
        200,
      );
      expect(index.orgUnits.find('JJ-DS-HC')?.path).toBe(hc.path);
      // Below the root is theirs: a new clinic under 白沙镇, renamed, then removed.
      const created = await put('bs-stats', 'JJ-BS-NEW', {
        name: '白沙镇新诊所',
        parent: 'JJ-BS',
        openingDate: '2026-01-01',
      });
      expect(created.status, await created.clone().text()).toBe(200);
      expect(
        (
          await put('bs-stats', 'JJ-BS-NEW', {
            name: '白沙镇新诊所（更名）',
            parent: 'JJ-BS',
            openingDate: '2026-01-01',
          })
        ).status,
      ).toBe(200);
      expect((await send('bs-stats', 'DELETE', '/api/metadata/orgUnits/JJ-BS-NEW', undefined)).status).toBe(
        200,
      );
      // The district statistician maintains the whole hierarchy.
      expect(
        (
          await send('stats', 'POST', '/api/metadata?dryRun=true', {
            orgUnits: [{ code: 'JJ-DS-HC', name: hc.name, parent: 'JJ-BS' }],
          })
        ).status,
      ).toBe(200);
    });

    it('lists early-warning events of its scope before the limit, and keeps district-wide runs to district-wide users', async () => {
      const all = (
        (await (await get('cdc', '/api/surveillance/events?limit=2000')).json()) as {
          events: { id: number; orgUnit: string }[];
        }
      ).events;
      const mine = all.filter((e) => inside('bs-cdc', e.orgUnit));
      const others = all.filter((e) => !inside('bs-cdc', e.orgUnit));
      expect(mine.length, 'the demo plants an outbreak in 白沙镇').toBeGreaterThan(0);
      expect(others.length).toBeGreaterThan(0);
      const one = (
        (await (await get('bs-cdc', '/api/surveillance/events?limit=1')).json()) as {
          events: { orgUnit: string }[];
        }
      ).events;
      expect(one.length, 'limit counts visible events').toBe(1);
      expect(inside('bs-cdc', one[0]?.orgUnit ?? '')).toBe(true);
      const listed = (
        (await (await get('bs-cdc', '/api/surveillance/events?limit=2000')).json()) as {
          events: { id: number }[];
        }
      ).events;
      expect(listed.map((e) => e.id).sort()).toEqual(mine.map((e) => e.id).sort());
      const other = others[0]?.id ?? 0;
      expect((await get('bs-cdc', `/api/surveillance/events/${other}`)).status).toBe(404);
      expect(
        (
          await send('bs-cdc', 'POST', `/api/surveillance/events/${other}/transition`, {
            status: 'dismissed',
            note: 'x',
          })
        ).status,
      ).toBe(404);
      expect((await get('bs-cdc', '/api/surveillance/series?disease=HFMD&ou=JJ-LS&to=2024W52')).status).toBe(
        403,
      );
      const run = await send('bs-cdc', 'POST', '/api/surveillance/run', { from: '2024W40', to: '2024W41' });
      expect(run.status).toBe(403);
      expect(((await run.json()) as { error: { message: string } }).error.message).toContain(
        '只有查看全区的用户可以运行',
      );
      const cases = await app.request('/api/surveillance/cases?dryRun=true', {
        method: 'POST',
        headers: { ...as('bs-cdc'), 'content-type': 'text/csv' },
        body: '病种,发病日期,乡镇\n手足口病,2024-10-08,李市镇\n',
      });
      expect(cases.status).toBe(409);
    });

    it('keeps the reporting workspace inside the scope: lists, returns and reminders', async () => {
      for (const user of Object.keys(SCOPED) as Scoped[]) {
        type Rows = { rows: { orgUnit: { id: string } }[] };
        for (const path of [
          '/api/workspace/reports',
          '/api/workspace/reports?dataSet=JJ_SERVICES_M',
          '/api/workspace/reminders?dataSet=JJ_SERVICES_M',
          '/api/workspace/mine',
        ]) {
          const r = await get(user, path);
          expect(r.status, `${user} ${path}`).toBe(200);
          const rows = ((await r.json()) as Rows).rows;
          expect(
            rows.filter((x) => !inside(user, x.orgUnit.id)),
            `${user} ${path}`,
          ).toEqual([]);
        }
        for (const ref of spellings('JJ-LS-HC')) {
          const e = encodeURIComponent(ref);
          expect(
            (await get(user, `/api/workspace/reports?dataSet=JJ_SERVICES_M&orgUnit=${e}`)).status,
            `${user} workspace ${ref}`,
          ).toBe(403);
          expect(
            (
              await send(user, 'POST', '/api/workspace/returns', {
                dataSet: 'JJ_SERVICES_M',
                orgUnit: ref,
                period: '202610',
                comment: '越权退回',
              })
            ).status,
            `${user} return ${ref}`,
          ).toBe(403);
          expect(
            (
              await send(user, 'POST', '/api/workspace/reminders', {
                dataSet: 'JJ_SERVICES_M',
                period: '202610',
                orgUnits: [ref],
              })
            ).status,
            `${user} remind ${ref}`,
          ).toBe(403);
        }
        // Reminding without units reaches only units inside the scope.
        const all = await send(user, 'POST', '/api/workspace/reminders', { dataSet: 'JJ_SERVICES_M' });
        if (all.status === 200) {
          const units = ((await all.json()) as { units: { id: string }[] }).units;
          expect(
            units.filter((u) => !inside(user, u.id)),
            `${user} remind all`,
          ).toEqual([]);
        } else {
          expect(all.status, `${user} remind all`).toBe(403);
        }
      }
      // 白沙镇's statistician oversees its units: a return there is judged (not refused for scope).
      const own = await send('bs-stats', 'POST', '/api/workspace/returns', {
        dataSet: 'JJ_SERVICES_M',
        orgUnit: 'JJ-BS-HC',
        period: '202611',
        comment: '请补报',
      });
      expect(own.status).toBe(409);
    });

    it('keeps audit answers inside the scope', async () => {
      for (const ref of [...spellings('JJ-LS-HC'), ...spellings('JJ')]) {
        expect((await get('bs-stats', `/api/audit?ou=${encodeURIComponent(ref)}`)).status, ref).toBe(403);
      }
      for (const format of ['csv', 'xlsx']) {
        for (const ref of ['JJ-LS-HC', 'JJ']) {
          expect((await get('bs-stats', `/api/audit?ou=${ref}&format=${format}`)).status, ref).toBe(403);
        }
      }
      // Without a unit the answer is the caller's whole view scope, never wider, in every format.
      const all = await get('bs-stats', '/api/audit?pageSize=1000');
      expect(all.status).toBe(200);
      const every = (await all.json()) as { audit: { orgUnit: string }[]; total: number };
      // Not vacuous: the demo's own entries under 白沙镇 are there.
      expect(every.total).toBeGreaterThan(0);
      expect(every.audit.every((a) => inside('bs-stats', a.orgUnit))).toBe(true);
      const csv = await get('bs-stats', '/api/audit?format=csv');
      expect(csv.status).toBe(200);
      const lines = (await csv.text()).trim().split(/\r\n/).slice(1);
      expect(lines.length).toBe(Math.min(every.total, 100_000));
      const unitColumn = 4;
      expect(lines.every((l) => inside('bs-stats', l.split(',')[unitColumn] ?? ''))).toBe(true);
      const own = (await (await get('bs-stats', '/api/audit?ou=JJ-BS-HC&limit=50')).json()) as {
        audit: { orgUnit: string }[];
      };
      expect(own.audit.every((a) => inside('bs-stats', a.orgUnit))).toBe(true);
    });
  });
}
