import { join } from 'node:path';
import {
  importDataFile,
  importMetadataFile,
  importPlanFile,
  saveUserAccount,
  everywhereContext,
} from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { migrateStore, openStore } from '@healthwatch/store';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packs = new URL('../packs/', import.meta.url).pathname;
const PW = 'Matrix-pass-1';
const ROLES = ['admin', 'stats', 'clerk', 'viewer', 'cdc'] as const;
type Who = (typeof ROLES)[number] | 'anonymous';

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** A body sent as it is (an uploaded document), with its content type. */
  raw?: { body: string; contentType: string };
  /** Expected status per caller. */
  expect: Record<Who, number>;
}

const inScopeValue = { dataElement: 'BEDS', orgUnit: 'JJ-BS-HC', period: '202405', value: '61' };
const outOfScopeValue = { dataElement: 'BEDS', orgUnit: 'JJ-H1', period: '202405', value: '851' };

// clerk: captures 白沙镇中心卫生院; viewer and cdc view 白沙镇; stats captures the district.
const CASES: Case[] = [
  {
    name: 'health',
    method: 'GET',
    path: '/api/health',
    expect: { anonymous: 200, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'openapi',
    method: 'GET',
    path: '/api/openapi.json',
    expect: { anonymous: 200, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'api page',
    method: 'GET',
    path: '/api/docs',
    expect: { anonymous: 200, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'me',
    method: 'GET',
    path: '/api/me',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'tokens',
    method: 'GET',
    path: '/api/me/tokens',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'analytics, district',
    method: 'GET',
    path: '/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:2024&dimension=ou:CQ-JJ',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'analytics, own town',
    method: 'GET',
    path: '/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:2024&dimension=ou:JJ-BS',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 200, cdc: 200 },
  },
  {
    name: 'data value sets, read own facility',
    method: 'GET',
    path: '/api/dataValueSets?dataSet=MONTHLY&period=202403&orgUnit=JJ-BS-HC',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'data value sets, read hospital',
    method: 'GET',
    path: '/api/dataValueSets?dataSet=MONTHLY&period=202403&orgUnit=JJ-H1',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'data value sets, write in scope',
    method: 'POST',
    path: '/api/dataValueSets?dryRun=true',
    body: { dataValues: [inScopeValue] },
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 403, cdc: 403 },
  },
  {
    name: 'data value sets, write out of scope',
    method: 'POST',
    path: '/api/dataValueSets?dryRun=true',
    body: { dataValues: [outOfScopeValue] },
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 409, viewer: 403, cdc: 403 },
  },
  {
    name: 'one value, read',
    method: 'GET',
    path: '/api/dataValues?de=BEDS&ou=JJ-H1&pe=202403',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'one value, write out of scope',
    method: 'POST',
    path: '/api/dataValues',
    body: outOfScopeValue,
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'audit of a facility',
    method: 'GET',
    path: '/api/audit?ou=JJ-BS-HC',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'audit of a facility, CSV',
    method: 'GET',
    path: '/api/audit?ou=JJ-BS-HC&format=csv',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'audit of a facility, XLSX',
    method: 'GET',
    path: '/api/audit?ou=JJ-BS-HC&format=xlsx',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: "audit without a unit (the caller's view scope)",
    method: 'GET',
    path: '/api/audit',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'audit events',
    method: 'GET',
    path: '/api/audit/events',
    expect: { anonymous: 401, admin: 200, stats: 403, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'metadata export',
    method: 'GET',
    path: '/api/metadata',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'metadata import (dry run)',
    method: 'POST',
    path: '/api/metadata?dryRun=true',
    body: { constants: [{ code: 'K', name: 'k', value: 1 }] },
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'metadata list',
    method: 'GET',
    path: '/api/metadata/orgUnits',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'metadata delete (referenced)',
    method: 'DELETE',
    path: '/api/metadata/orgUnits/JJ-BS',
    expect: { anonymous: 401, admin: 409, stats: 409, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'plans',
    method: 'GET',
    path: '/api/plans',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'plan evaluation',
    method: 'GET',
    path: '/api/plans/jiangjin-14th/evaluation?year=2023&kind=midterm',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'plan evaluation as Markdown',
    method: 'GET',
    path: '/api/plans/jiangjin-14th/evaluation?year=2023&kind=midterm&format=md',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'plan draft from a document (nothing stored)',
    method: 'POST',
    path: '/api/plans/drafts?code=matrix-draft',
    raw: {
      body: '专栏1 主要指标\n\n\t领域\n\t指标\n\t2020年\n\t2025年目标值\n\n\t健康水平\n\t婴儿死亡率（‰）\n\t3.4\n\t≤3.5\n',
      contentType: 'text/plain; charset=utf-8',
    },
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    // A plan is the top unit's (重庆市 here): stats maintains only 江津区 below it.
    name: 'plan save (admin first; stats is not district-wide here)',
    method: 'POST',
    path: '/api/plans',
    body: {
      code: 'matrix-plan',
      name: '矩阵规划',
      baselineYear: 2020,
      targetYear: 2025,
      sections: [],
      indicators: [],
    },
    expect: { anonymous: 401, admin: 200, stats: 403, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'users, list',
    method: 'GET',
    path: '/api/users',
    expect: { anonymous: 401, admin: 200, stats: 403, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'users, create',
    method: 'POST',
    path: '/api/users',
    body: { username: 'matrix-new', password: 'Fresh-river-12', role: 'viewer', view: ['JJ-BS'] },
    expect: { anonymous: 401, admin: 201, stats: 403, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'users, change',
    method: 'PATCH',
    path: '/api/users/cdc',
    body: { displayName: '疾控' },
    expect: { anonymous: 401, admin: 200, stats: 403, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'users, disable yourself',
    method: 'DELETE',
    path: '/api/users/admin',
    expect: { anonymous: 401, admin: 409, stats: 403, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'early-warning events',
    method: 'GET',
    path: '/api/surveillance/events',
    expect: { anonymous: 401, admin: 200, stats: 403, clerk: 403, viewer: 403, cdc: 200 },
  },
  {
    name: 'validation run, own town',
    method: 'POST',
    path: '/api/validation/run',
    body: { orgUnit: 'JJ-BS', descendants: true, periods: ['202403'] },
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 200, cdc: 200 },
  },
  {
    name: 'completeness, district',
    method: 'GET',
    path: '/api/completeness?ds=MONTHLY&ou=CQ-JJ&pe=202403',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'outliers, own facility',
    method: 'GET',
    path: '/api/outliers?de=OPD_VISITS&ou=JJ-BS-HC&from=202401&to=202412',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'entry form, own facility',
    method: 'GET',
    path: '/api/dataEntry/form?ds=MONTHLY&ou=JJ-BS-HC&pe=202403',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'entry form, hospital',
    method: 'GET',
    path: '/api/dataEntry/form?ds=MONTHLY&ou=JJ-H1&pe=202403',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'entry periods of a data set',
    method: 'GET',
    path: '/api/dataEntry/periods?ds=MONTHLY',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'mark complete, own facility',
    method: 'POST',
    path: '/api/dataEntry/complete',
    body: { dataSet: 'MONTHLY', orgUnit: 'JJ-BS-HC', period: '202403', complete: true },
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 403, cdc: 403 },
  },
  {
    name: 'mark complete, hospital',
    method: 'POST',
    path: '/api/dataEntry/complete',
    body: { dataSet: 'MONTHLY', orgUnit: 'JJ-H1', period: '202403', complete: true },
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'import template',
    method: 'GET',
    path: '/api/dataEntry/template?ds=MONTHLY&format=csv',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'change password, wrong current',
    method: 'POST',
    path: '/api/me/password',
    body: { current: 'not-it-1', next: 'Another-pass-2' },
    expect: { anonymous: 401, admin: 400, stats: 400, clerk: 400, viewer: 400, cdc: 400 },
  },
  {
    name: 'plan evaluation for a hospital',
    method: 'GET',
    path: '/api/plans/jiangjin-14th/evaluation?year=2023&ou=JJ-H1',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'analytics as a spreadsheet, own town',
    method: 'GET',
    path: '/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:2024&dimension=ou:JJ-BS&format=xlsx',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 200, cdc: 200 },
  },
  {
    name: 'approval state, own facility',
    method: 'GET',
    path: '/api/dataApprovals?ds=MONTHLY&ou=JJ-BS-HC&pe=202403',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'approval state, hospital',
    method: 'GET',
    path: '/api/dataApprovals?ds=MONTHLY&ou=JJ-H1&pe=202403',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'approve a hospital (admin first, then already approved)',
    method: 'POST',
    path: '/api/dataApprovals',
    body: { dataSet: 'MONTHLY', orgUnit: 'JJ-H1', period: '202402', action: 'approve' },
    expect: { anonymous: 401, admin: 200, stats: 409, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'unapprove without a reason',
    method: 'POST',
    path: '/api/dataApprovals',
    body: { dataSet: 'MONTHLY', orgUnit: 'JJ-H1', period: '202402', action: 'unapprove' },
    expect: { anonymous: 401, admin: 400, stats: 400, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'workspace, default period everywhere in view',
    method: 'GET',
    path: '/api/workspace/reports',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'workspace, own facility',
    method: 'GET',
    path: '/api/workspace/reports?dataSet=MONTHLY&period=202403&orgUnit=JJ-BS-HC&status=notReported',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'workspace, hospital',
    method: 'GET',
    path: '/api/workspace/reports?dataSet=MONTHLY&orgUnit=JJ-H1',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'workspace, bad status',
    method: 'GET',
    path: '/api/workspace/reports?status=lost',
    expect: { anonymous: 401, admin: 400, stats: 400, clerk: 400, viewer: 400, cdc: 400 },
  },
  {
    name: 'return without a 审核意见',
    method: 'POST',
    path: '/api/workspace/returns',
    body: { dataSet: 'MONTHLY', orgUnit: 'JJ-BS-HC', period: '202402', comment: ' ' },
    expect: { anonymous: 401, admin: 400, stats: 400, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'return a form not reported',
    method: 'POST',
    path: '/api/workspace/returns',
    body: { dataSet: 'MONTHLY', orgUnit: 'JJ-BS-HC', period: '202402', comment: '请补报' },
    expect: { anonymous: 401, admin: 409, stats: 409, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'remind a facility',
    method: 'POST',
    path: '/api/workspace/reminders',
    body: { dataSet: 'MONTHLY', period: '202402', orgUnits: ['JJ-BS-HC'] },
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'remind everyone overseen',
    method: 'POST',
    path: '/api/workspace/reminders',
    body: { dataSet: 'MONTHLY' },
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 403, cdc: 403 },
  },
  {
    name: 'reminder list',
    method: 'GET',
    path: '/api/workspace/reminders?dataSet=MONTHLY&period=202402',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'reminder list, xlsx',
    method: 'GET',
    path: '/api/workspace/reminders?dataSet=MONTHLY&format=xlsx',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'reminder list without a data set',
    method: 'GET',
    path: '/api/workspace/reminders',
    expect: { anonymous: 401, admin: 400, stats: 400, clerk: 400, viewer: 400, cdc: 400 },
  },
  {
    name: 'my reports',
    method: 'GET',
    path: '/api/workspace/mine',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'lock exceptions, list',
    method: 'GET',
    path: '/api/lockExceptions',
    expect: { anonymous: 401, admin: 200, stats: 403, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'lock exceptions, grant',
    method: 'POST',
    path: '/api/lockExceptions',
    body: { dataSet: 'MONTHLY', orgUnit: 'JJ-BS', period: '202401', reason: '补报' },
    expect: { anonymous: 401, admin: 201, stats: 403, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'lock exceptions, revoke a missing one',
    method: 'DELETE',
    path: '/api/lockExceptions/999999',
    expect: { anonymous: 401, admin: 404, stats: 403, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'follow-ups, own town',
    method: 'GET',
    path: '/api/followups?ou=JJ-BS',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 200, cdc: 200 },
  },
  {
    name: 'flag for follow-up, own facility',
    method: 'POST',
    path: '/api/followups',
    body: { dataElement: 'BEDS', orgUnit: 'JJ-BS-HC', period: '202403', followUp: true, comment: '核实' },
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 200, viewer: 403, cdc: 403 },
  },
  {
    name: 'surveillance series (no config here: 404)',
    method: 'GET',
    path: '/api/surveillance/series?disease=HFMD&ou=JJ-BS&to=2024W10',
    expect: { anonymous: 401, admin: 404, stats: 403, clerk: 403, viewer: 403, cdc: 404 },
  },
  {
    name: 'stored validation results, district',
    method: 'GET',
    path: '/api/validation/results?ou=CQ-JJ',
    expect: { anonymous: 401, admin: 200, stats: 200, clerk: 403, viewer: 403, cdc: 403 },
  },
  {
    name: 'web app page (not built here)',
    method: 'GET',
    path: '/',
    expect: { anonymous: 200, admin: 200, stats: 200, clerk: 200, viewer: 200, cdc: 200 },
  },
  {
    name: 'unknown route',
    method: 'GET',
    path: '/api/nope',
    expect: { anonymous: 401, admin: 404, stats: 404, clerk: 404, viewer: 404, cdc: 404 },
  },
];

for (const dialect of await testDialects()) {
  describe(`${dialect}: every route as every role`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: ReturnType<typeof createApp>;
    const sessions = new Map<Who, { cookie: string; csrf: string }>();
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
      await importPlanFile(store, join(packs, 'plans/jiangjin-14th.json'));
      const scopes: Record<(typeof ROLES)[number], { capture?: string[]; view?: string[] }> = {
        admin: {},
        stats: { capture: ['CQ-JJ'] },
        clerk: { capture: ['JJ-BS-HC'] },
        viewer: { view: ['JJ-BS'] },
        cdc: { view: ['JJ-BS'] },
      };
      for (const role of ROLES) {
        await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
          username: role,
          password: PW,
          role,
          ...scopes[role],
        });
      }
      // As of April 2024, so the March reports are still open (expiry 15 days).
      app = createApp(store, { today: () => '2024-04-10' });
      for (const role of ROLES) {
        const r = await app.request('/api/auth/login', {
          method: 'POST',
          body: JSON.stringify({ username: role, password: PW }),
          headers: { 'content-type': 'application/json' },
        });
        const { csrfToken } = (await r.json()) as { csrfToken: string };
        sessions.set(role, {
          cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
          csrf: csrfToken,
        });
      }
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    for (const c of CASES) {
      it(c.name, async () => {
        const got: Record<string, number> = {};
        for (const who of ['anonymous', ...ROLES] as Who[]) {
          const s = sessions.get(who);
          const headers: Record<string, string> = {
            'content-type': c.raw?.contentType ?? 'application/json',
          };
          if (s) {
            headers.cookie = s.cookie;
            headers['x-csrf-token'] = s.csrf;
          }
          const r = await app.request(c.path, {
            method: c.method,
            headers,
            ...(c.raw ? { body: c.raw.body } : c.body ? { body: JSON.stringify(c.body) } : {}),
          });
          got[who] = r.status;
          if (r.status >= 400 && r.headers.get('content-type')?.includes('json')) {
            const text = await r.text();
            expect(text).not.toMatch(/\bat \S+\.(ts|js):\d+|SQLITE_|syntax error at/);
          }
        }
        expect(got).toEqual(c.expect);
      });
    }
  });
}
