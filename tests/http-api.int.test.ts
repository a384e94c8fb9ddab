import { join } from 'node:path';
import {
  importDataFile,
  importMetadataFile,
  saveUserAccount,
  everywhereContext,
} from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { migrateStore, openStore } from '@healthwatch/store';
import { createTestDatabase, tableRows, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pack = new URL('../packs/example-district/', import.meta.url).pathname;
const PW = 'Passw0rd-demo';

for (const dialect of await testDialects()) {
  describe(`${dialect}: HTTP API (auth, scopes, DHIS2-compatible endpoints)`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: ReturnType<typeof createApp>;
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
      await importMetadataFile(store, everywhereContext('test', 'zh-CN'), join(pack, 'dhis2-metadata.json'));
      await importDataFile(store, everywhereContext('seed', 'zh-CN'), join(pack, 'reports-2024-03.csv'));
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'admin',
        password: PW,
        role: 'admin',
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'stats',
        password: PW,
        role: 'stats',
        capture: ['CQ-JJ'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'clerk',
        password: PW,
        role: 'clerk',
        capture: ['JJ-BS-HC'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'viewer',
        password: PW,
        role: 'viewer',
        view: ['JJ-BS'],
      });
      app = createApp(store, { maxBodyBytes: 64 * 1024, today: () => '2024-04-10' });
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    async function session(username: string): Promise<{ cookie: string; csrf: string }> {
      const r = await app.request('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username, password: PW }),
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.0.${username.length}` },
      });
      expect(r.status, await r.clone().text()).toBe(200);
      const setCookie = r.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      const body = (await r.json()) as { csrfToken: string };
      return { cookie: setCookie.split(';')[0] ?? '', csrf: body.csrfToken };
    }
    const get = (path: string, s?: { cookie: string }): Promise<Response> =>
      Promise.resolve(app.request(path, { headers: s ? { cookie: s.cookie } : {} }));
    const post = (
      path: string,
      body: string,
      s: { cookie: string; csrf?: string } | null,
      type = 'application/json',
    ): Promise<Response> =>
      Promise.resolve(
        app.request(path, {
          method: 'POST',
          body,
          headers: {
            'content-type': type,
            ...(s ? { cookie: s.cookie } : {}),
            ...(s?.csrf ? { 'x-csrf-token': s.csrf } : {}),
          },
        }),
      );

    it('answers health without authentication, and nothing else', async () => {
      expect((await get('/api/health')).status).toBe(200);
      const r = await get('/api/me');
      expect(r.status).toBe(401);
      expect(await r.json()).toMatchObject({ error: { code: 'HW_UNAUTHENTICATED' } });
      expect((await get('/api/analytics?dimension=dx:IMR&dimension=pe:2024&dimension=ou:CQ-JJ')).status).toBe(
        401,
      );
    });

    it('rejects wrong passwords, audits them, and locks the account after five', async () => {
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'victim',
        password: PW,
        role: 'viewer',
        view: ['JJ-BS'],
      });
      for (let i = 0; i < 5; i++) {
        const r = await post(
          '/api/auth/login',
          JSON.stringify({ username: 'victim', password: 'wrong-1234' }),
          null,
        );
        expect(r.status).toBe(401);
      }
      const locked = await post(
        '/api/auth/login',
        JSON.stringify({ username: 'victim', password: PW }),
        null,
      );
      expect(locked.status).toBe(429);
      const events = await tableRows(store, 'audit_event', { username: 'victim' });
      expect(events.filter((e) => e.action === 'login.failed')).toHaveLength(5);
    });

    it('gives each role its authorities', async () => {
      const s = await session('clerk');
      const me = (await (await get('/api/me', s)).json()) as { role: string; authorities: string[] };
      expect(me).toMatchObject({
        role: 'clerk',
        authorities: expect.arrayContaining(['DATA_WRITE']) as unknown,
      });
      const v = await session('viewer');
      const body = JSON.stringify({
        dataValues: [{ dataElement: 'BEDS', period: '202404', orgUnit: 'JJ-BS-HC', value: '61' }],
      });
      const r = await post('/api/dataValueSets', body, v);
      expect(r.status).toBe(403);
      expect(await r.json()).toMatchObject({ error: { code: 'HW_FORBIDDEN' } });
    });

    it('requires the CSRF token for cookie-authenticated writes', async () => {
      const s = await session('clerk');
      const body = JSON.stringify({
        dataValues: [{ dataElement: 'BEDS', period: '202404', orgUnit: 'JJ-BS-HC', value: '61' }],
      });
      expect((await post('/api/dataValueSets', body, { cookie: s.cookie })).status).toBe(403);
      expect((await post('/api/dataValueSets', body, { cookie: s.cookie, csrf: 'forged' })).status).toBe(403);
      const ok = await post('/api/dataValueSets', body, s);
      expect(ok.status, await ok.clone().text()).toBe(200);
      expect(await ok.json()).toMatchObject({ status: 'SUCCESS', imported: 1 });
    });

    it('keeps a clerk inside their own institution, for writes and reads', async () => {
      const s = await session('clerk');
      const other = JSON.stringify({
        dataValues: [{ dataElement: 'BEDS', period: '202404', orgUnit: 'JJ-H1', value: '999' }],
      });
      const r = await post('/api/dataValueSets', other, s);
      expect(r.status).toBe(409);
      expect(await r.json()).toMatchObject({
        status: 'ERROR',
        conflicts: [{ field: 'orgUnit', message: '机构“江津区中心医院”不在您的填报范围内' }],
      });
      const read = await get('/api/dataValueSets?dataSet=MONTHLY&period=202403&orgUnit=JJ-H1', s);
      expect(read.status).toBe(403);
      const mine = await get('/api/dataValueSets?dataSet=MONTHLY&period=202403&orgUnit=JJ-BS-HC', s);
      expect(mine.status).toBe(200);
      expect(((await mine.json()) as { dataValues: unknown[] }).dataValues.length).toBeGreaterThan(0);
      expect(
        (await get('/api/analytics?dimension=dx:IMR&dimension=pe:2024&dimension=ou:CQ-JJ', s)).status,
      ).toBe(403);
      expect(
        (await get('/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:2024&dimension=ou:JJ-BS-HC', s))
          .status,
      ).toBe(200);
    });

    it('answers DHIS2-style analytics with headers, rows and metaData', async () => {
      const s = await session('stats');
      const r = await get(
        '/api/analytics?dimension=dx:IMR;OPD_VISITS&dimension=pe:202403;2024Q1&dimension=ou:CQ-JJ;CHILDREN',
        s,
      );
      expect(r.status).toBe(200);
      const body = (await r.json()) as {
        headers: { name: string }[];
        rows: string[][];
        metaData: { items: Record<string, { name: string }>; dimensions: Record<string, string[]> };
        height: number;
        width: number;
      };
      expect(body.headers.map((h) => h.name)).toEqual(['dx', 'pe', 'ou', 'value']);
      expect(body.width).toBe(4);
      expect(body.height).toBe(body.rows.length);
      expect(body.rows).toContainEqual(['inIMR000001', '2024Q1', 'ouJijiang01', '8.2']);
      expect(body.metaData.items.ouJijiang01?.name).toBe('几江街道');
      const filtered = (await (
        await get('/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:202403&filter=ou:CQ-JJ', s)
      ).json()) as { headers: { name: string }[]; rows: string[][] };
      expect(filtered.headers.map((h) => h.name)).toEqual(['dx', 'pe', 'value']);
      expect(filtered.rows).toEqual([['deOpdVisits', '202403', '12050']]);
      // A viewer of 白沙镇 gets LEVEL-4 inside 白沙镇 only.
      const v = await session('viewer');
      const lv = (await (
        await get('/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:202403&dimension=ou:LEVEL-4', v)
      ).json()) as { metaData: { dimensions: { ou: string[] } } };
      expect(lv.metaData.dimensions.ou).toEqual(['ouBaishaHC1', 'ouBaishaVC1']);
    });

    it('accepts personal API tokens (no CSRF needed) and revokes them', async () => {
      const s = await session('stats');
      const created = await post('/api/me/tokens', JSON.stringify({ name: 'etl' }), s);
      expect(created.status).toBe(201);
      const { id, token } = (await created.json()) as { id: number; token: string };
      const [stored] = await tableRows(store, 'api_token', { id });
      expect(stored?.token_hash).toBeTruthy();
      expect(stored?.token_hash).not.toContain(token);
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/csv' };
      const csv =
        'dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\nBEDS,202405,JJ-H1,,,851\n';
      const r = await app.request('/api/dataValueSets', { method: 'POST', body: csv, headers: auth });
      expect(r.status, await r.clone().text()).toBe(200);
      expect(await r.json()).toMatchObject({ imported: 1 });
      const del = await app.request(`/api/me/tokens/${id}`, {
        method: 'DELETE',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
      expect(del.status).toBe(200);
      expect((await app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(
        401,
      );
    });

    it('serves metadata one object at a time, and refuses to delete what is still referenced', async () => {
      const s = await session('stats');
      const call = (method: string, path: string, body?: unknown): Promise<Response> =>
        Promise.resolve(
          app.request(path, {
            method,
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
            ...(body ? { body: JSON.stringify(body) } : {}),
          }),
        );
      const list = (await (await call('GET', '/api/metadata/dataElements')).json()) as {
        dataElements: { code: string }[];
      };
      expect(list.dataElements.map((d) => d.code)).toContain('BEDS');
      expect(await (await call('GET', '/api/metadata/orgUnits/JJ-BS-HC')).json()).toMatchObject({
        id: 'ouBaishaHC1',
        name: '白沙镇中心卫生院',
        parent: 'ouBaisha001',
      });
      expect((await call('GET', '/api/metadata/nonsense')).status).toBe(404);
      // Create, then update, a data element through the same checks as an import.
      const created = await call('PUT', '/api/metadata/dataElements/NEW_DE', {
        name: '新数据元',
        valueType: 'INTEGER',
      });
      expect(created.status, await created.clone().text()).toBe(200);
      const bad = await call('PUT', '/api/metadata/dataElements/NEW_DE', {
        name: '新数据元',
        valueType: 'MAYBE',
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'HW_METADATA_INVALID' } });
      // Referenced objects are refused with what refers to them.
      const refusedDe = await call('DELETE', '/api/metadata/dataElements/INFANT_DEATHS');
      expect(refusedDe.status).toBe(409);
      const body = (await refusedDe.json()) as { error: { code: string; details: { message: string }[] } };
      expect(body.error.code).toBe('HW_REFERENCED');
      expect(body.error.details.map((d) => d.message).join(' ')).toMatch(/数据值 \d+.*数据集 1.*指标 IMR/);
      const refusedOu = await call('DELETE', '/api/metadata/orgUnits/JJ-BS');
      expect(refusedOu.status).toBe(409);
      // An unreferenced object goes, and the deletion is audited.
      expect((await call('DELETE', '/api/metadata/dataElements/NEW_DE')).status).toBe(200);
      expect((await call('GET', '/api/metadata/dataElements/NEW_DE')).status).toBe(404);
      const events = await tableRows(store, 'audit_event', { action: 'metadata.delete' });
      expect(events).toHaveLength(1);
      // Viewers read but do not write metadata.
      const v = await session('viewer');
      const denied = await app.request('/api/metadata/constants/X', {
        method: 'PUT',
        body: '{"name":"x","value":1}',
        headers: { cookie: v.cookie, 'x-csrf-token': v.csrf, 'content-type': 'application/json' },
      });
      expect(denied.status).toBe(403);
    });

    it('rejects oversized bodies, malformed JSON and hostile strings with clear errors', async () => {
      const s = await session('stats');
      const big = JSON.stringify({
        dataValues: [
          { dataElement: 'REMARKS', period: '202404', orgUnit: 'JJ-H1', value: 'x'.repeat(70 * 1024) },
        ],
      });
      const r413 = await post('/api/dataValueSets', big, s);
      expect(r413.status).toBe(413);
      expect(await r413.json()).toMatchObject({ error: { code: 'HW_PAYLOAD_TOO_LARGE' } });
      const bad = await post('/api/dataValueSets', '{"dataValues": [', s);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'HW_VALIDATION' } });
      const sqlish = await get(
        `/api/analytics?dimension=dx:${encodeURIComponent("IMR' OR 1=1 --")}&dimension=pe:2024&dimension=ou:CQ-JJ`,
        s,
      );
      expect(sqlish.status).toBe(404);
      const text = await sqlish.text();
      expect(text).not.toMatch(/select|sqlite|postgres|at .*\.ts/i);
      const script = await post(
        '/api/auth/login',
        JSON.stringify({ username: '<script>alert(1)</script>', password: 'x' }),
        null,
      );
      expect(script.status).toBe(401);
    });
  });
}
