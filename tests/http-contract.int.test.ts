import { join } from 'node:path';
import { AccountResponse, AnalyticsResponse, createApp, ErrorResponse, EvaluationResponse, HealthResponse, importDataFile, importMetadataFile, importPlanFile, ImportSummaryResponse, LoginResponse, PlanListResponse, saveUserAccount, UserListResponse, UserSummary } from '@healthwatch/server';
import { createTestDatabase, migrateStore, openStore, testDialects } from '@healthwatch/store';
import type { Store, TestDatabase } from '@healthwatch/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packs = new URL('../packs/', import.meta.url).pathname;
const PW = 'Contract-pass-1';

for (const dialect of await testDialects()) {
  describe(`${dialect}: the API contract and user administration`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: ReturnType<typeof createApp>;
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
      await importMetadataFile(store, join(packs, 'example-district/dhis2-metadata.json'), { locale: 'zh-CN' });
      await importDataFile(store, join(packs, 'example-district/reports-2024-03.csv'), { actor: 'seed', locale: 'zh-CN' });
      await importPlanFile(store, join(packs, 'plans/jiangjin-14th.json'));
      await saveUserAccount(store, { username: 'admin', password: PW, role: 'admin' }, 'test');
      app = createApp(store);
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    const login = async (username: string, password = PW): Promise<{ status: number; headers: Record<string, string> }> => {
      const r = await app.request('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }), headers: { 'content-type': 'application/json' } });
      if (r.status !== 200) {
        return { status: r.status, headers: {} };
      }
      const body = LoginResponse.parse(await r.json());
      return { status: 200, headers: { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': body.csrfToken, 'content-type': 'application/json' } };
    };

    it('answers in the shapes its zod schemas declare', async () => {
      const { headers } = await login('admin');
      HealthResponse.parse(await (await app.request('/api/health')).json());
      UserSummary.parse(await (await app.request('/api/me', { headers })).json());
      const a = AnalyticsResponse.parse(await (await app.request('/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:202403&dimension=ou:CQ-JJ', { headers })).json());
      expect(a.rows.length).toBe(1);
      const body = JSON.stringify({ dataValues: [{ dataElement: 'BEDS', period: '202405', orgUnit: 'JJ-BS-HC', value: '61' }] });
      ImportSummaryResponse.parse(await (await app.request('/api/dataValueSets?dryRun=true', { method: 'POST', body, headers })).json());
      PlanListResponse.parse(await (await app.request('/api/plans', { headers })).json());
      EvaluationResponse.parse(await (await app.request('/api/plans/jiangjin-14th/evaluation?year=2023&kind=midterm', { headers })).json());
      UserListResponse.parse(await (await app.request('/api/users', { headers })).json());
      const bad = await app.request('/api/dataValues', { method: 'POST', body: JSON.stringify({ dataElement: 'BEDS' }), headers });
      expect(bad.status).toBe(400);
      const err = ErrorResponse.parse(await bad.json());
      expect(err.error.details.map((d) => d.path)).toEqual(expect.arrayContaining(['orgUnit', 'period', 'value']));
    });

    it('documents every route it serves in /api/openapi.json, with the schemas', async () => {
      const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, { content?: unknown }> }>> };
      const served = app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !r.path.includes('*')).map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
      expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
      expect(doc.paths['/api/auth/login']?.post?.requestBody).toMatchObject({ content: { 'application/json': { schema: { required: ['username', 'password'] } } } });
      expect(doc.paths['/api/analytics']?.get?.responses['200']?.content).toMatchObject({ 'application/json': { schema: { properties: { rows: { type: 'array' } } } } });
    });

    it('lets an admin create, change and disable accounts, audited, and the disabled user is out at once', async () => {
      const { headers } = await login('admin');
      const created = await app.request('/api/users', { method: 'POST', headers, body: JSON.stringify({ username: 'zhang', password: 'Jade-river-42', role: 'clerk', displayName: '张三', capture: ['JJ-BS-HC'] }) });
      expect(created.status).toBe(201);
      expect(AccountResponse.parse(await created.json())).toMatchObject({ username: 'zhang', role: 'clerk', roleName: '机构填报员', capture: ['JJ-BS-HC'], disabled: false });
      expect((await app.request('/api/users', { method: 'POST', headers, body: JSON.stringify({ username: 'zhang', password: 'Jade-river-42', role: 'clerk' }) })).status).toBe(409);
      const weak = await app.request('/api/users', { method: 'POST', headers, body: JSON.stringify({ username: 'li', password: 'short', role: 'viewer' }) });
      expect(weak.status).toBe(400);
      expect(((await weak.json()) as { error: { code: string } }).error.code).toBe('HW_PASSWORD_POLICY');
      const unknownUnit = await app.request('/api/users', { method: 'POST', headers, body: JSON.stringify({ username: 'li', password: 'Li-pass-12', role: 'viewer', view: ['NOWHERE'] }) });
      expect(unknownUnit.status).toBe(404);

      const zhang = await login('zhang', 'Jade-river-42');
      expect(zhang.status).toBe(200);
      expect((await app.request('/api/dataValues?de=BEDS&ou=JJ-H1&pe=202403', { headers: zhang.headers })).status).toBe(403);
      const moved = await app.request('/api/users/zhang', { method: 'PATCH', headers, body: JSON.stringify({ capture: ['CQ-JJ'], role: 'stats' }) });
      expect(moved.status).toBe(200);
      expect(AccountResponse.parse(await moved.json())).toMatchObject({ role: 'stats', capture: ['CQ-JJ'] });
      expect((await app.request('/api/dataValues?de=BEDS&ou=JJ-H1&pe=202403', { headers: zhang.headers })).status).toBe(200);
      expect((await app.request('/api/users/zhang', { method: 'PATCH', headers, body: JSON.stringify({ role: 'king' }) })).status).toBe(400);
      expect((await app.request('/api/users/zhang', { method: 'PATCH', headers, body: JSON.stringify({ passwordHash: 'x' }) })).status).toBe(400);
      expect((await app.request('/api/users/nobody', { method: 'PATCH', headers, body: JSON.stringify({ displayName: 'x' }) })).status).toBe(404);

      expect((await app.request('/api/users/zhang', { method: 'DELETE', headers })).status).toBe(200);
      expect((await app.request('/api/me', { headers: zhang.headers })).status).toBe(401);
      expect((await login('zhang', 'Jade-river-42')).status).toBe(401);
      const list = UserListResponse.parse(await (await app.request('/api/users', { headers })).json());
      expect(list.users.find((u) => u.username === 'zhang')?.disabled).toBe(true);
      const reenabled = await app.request('/api/users/zhang', { method: 'PATCH', headers, body: JSON.stringify({ disabled: false, password: 'Jade-river-new-43' }) });
      expect(reenabled.status).toBe(200);
      expect((await login('zhang', 'Jade-river-new-43')).status).toBe(200);

      const events = (await (await app.request('/api/audit/events?user=admin', { headers })).json()) as { events: { action: string; target: string | null }[] };
      const mine = events.events.filter((e) => e.target === 'zhang').map((e) => e.action);
      expect(mine).toEqual(expect.arrayContaining(['user.save', 'user.update', 'user.disable']));
      expect(JSON.stringify(events)).not.toContain('Jade-river-new-43');
    });
  });
}
