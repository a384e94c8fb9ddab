import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AccountResponse,
  AnalyticsResponse,
  ApprovalResponse,
  AuditEventsResponse,
  AuditResponse,
  CaseImportResponse,
  CompletenessResponse,
  DataValueSaveResponse,
  DataValuesResponse,
  EntryFormResponse,
  ErrorResponse,
  EvaluationResponse,
  FollowUpListResponse,
  FollowUpResponse,
  HealthResponse,
  ImportSummaryResponse,
  LockExceptionList,
  LoginResponse,
  MeResponse,
  METADATA_OBJECTS,
  MetadataImportSummary,
  MetadataListResponse,
  MetadataObject,
  OrgUnitObject,
  OutliersResponse,
  PlanDraftResponse,
  PlanImportResponse,
  PlanListResponse,
  StatusResponse,
  SurveillanceEventResponse,
  SurveillanceEventsResponse,
  SurveillanceRunResponse,
  SurveillanceSeriesResponse,
  TokenCreated,
  TokenList,
  UserListResponse,
  ValidationResultsResponse,
  ValidationRunResponse,
} from '@healthwatch/contract';
import {
  importDataFile,
  importMetadataFile,
  importPlanFile,
  saveUserAccount,
  everywhereContext,
} from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { migrateStore, openMigratedStore, openStore } from '@healthwatch/store';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createDemoDatabase } from './helpers/demo-database.js';
import { DEMO_PASSWORD } from './helpers/demo-password.js';
import { sessionHeaders } from './helpers/http-session.js';

const packs = new URL('../packs/', import.meta.url).pathname;
const fixtures = new URL('./fixtures/', import.meta.url).pathname;
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
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'admin',
        password: PW,
        role: 'admin',
      });
      app = createApp(store);
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    const login = async (
      username: string,
      password = PW,
    ): Promise<{ status: number; headers: Record<string, string> }> => {
      const r = await app.request('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username, password }),
        headers: { 'content-type': 'application/json' },
      });
      if (r.status !== 200) {
        return { status: r.status, headers: {} };
      }
      const body = LoginResponse.parse(await r.json());
      return {
        status: 200,
        headers: {
          cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
          'x-csrf-token': body.csrfToken,
          'content-type': 'application/json',
        },
      };
    };

    it('answers in the shapes its zod schemas declare', async () => {
      const { headers } = await login('admin');
      HealthResponse.parse(await (await app.request('/api/health')).json());
      MeResponse.parse(await (await app.request('/api/me', { headers })).json());
      const a = AnalyticsResponse.parse(
        await (
          await app.request('/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:202403&dimension=ou:CQ-JJ', {
            headers,
          })
        ).json(),
      );
      expect(a.rows.length).toBe(1);
      const body = JSON.stringify({
        dataValues: [{ dataElement: 'BEDS', period: '202405', orgUnit: 'JJ-BS-HC', value: '61' }],
      });
      ImportSummaryResponse.parse(
        await (await app.request('/api/dataValueSets?dryRun=true', { method: 'POST', body, headers })).json(),
      );
      PlanListResponse.parse(await (await app.request('/api/plans', { headers })).json());
      const draft = PlanDraftResponse.parse(
        await (
          await app.request('/api/plans/drafts?code=contract-draft', {
            method: 'POST',
            body: readFileSync(join(fixtures, 'plan-documents/jiangjin-14th-tables.txt')),
            headers: { ...headers, 'content-type': 'text/plain' },
          })
        ).json(),
      );
      PlanImportResponse.parse(
        await (
          await app.request('/api/plans', { method: 'POST', body: JSON.stringify(draft.document), headers })
        ).json(),
      );
      EvaluationResponse.parse(
        await (
          await app.request('/api/plans/jiangjin-14th/evaluation?year=2023&kind=midterm', { headers })
        ).json(),
      );
      UserListResponse.parse(await (await app.request('/api/users', { headers })).json());
      const bad = await app.request('/api/dataValues', {
        method: 'POST',
        body: JSON.stringify({ dataElement: 'BEDS' }),
        headers,
      });
      expect(bad.status).toBe(400);
      const err = ErrorResponse.parse(await bad.json());
      expect(err.error.details.map((d) => d.path)).toEqual(
        expect.arrayContaining(['orgUnit', 'period', 'value']),
      );
    });

    it('documents every route it serves in /api/openapi.json, with the schemas', async () => {
      const doc = (await (await app.request('/api/openapi.json')).json()) as {
        paths: Record<
          string,
          Record<string, { requestBody?: unknown; responses: Record<string, { content?: unknown }> }>
        >;
      };
      const served = app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !r.path.includes('*'))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m} ${path}`),
      );
      expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
      expect(doc.paths['/api/auth/login']?.post?.requestBody).toMatchObject({
        content: { 'application/json': { schema: { required: ['username', 'password'] } } },
      });
      expect(doc.paths['/api/analytics']?.get?.responses['200']?.content).toMatchObject({
        'application/json': { schema: { properties: { rows: { type: 'array' } } } },
      });
    });

    it('lets an admin create, change and disable accounts, audited, and the disabled user is out at once', async () => {
      const { headers } = await login('admin');
      const created = await app.request('/api/users', {
        method: 'POST',
        headers,
        body: JSON.stringify({
          username: 'zhang',
          password: 'Jade-river-42',
          role: 'clerk',
          displayName: '张三',
          capture: ['JJ-BS-HC'],
        }),
      });
      expect(created.status).toBe(201);
      expect(AccountResponse.parse(await created.json())).toMatchObject({
        username: 'zhang',
        role: 'clerk',
        roleName: '机构填报员',
        capture: ['JJ-BS-HC'],
        disabled: false,
      });
      expect(
        (
          await app.request('/api/users', {
            method: 'POST',
            headers,
            body: JSON.stringify({ username: 'zhang', password: 'Jade-river-42', role: 'clerk' }),
          })
        ).status,
      ).toBe(409);
      const weak = await app.request('/api/users', {
        method: 'POST',
        headers,
        body: JSON.stringify({ username: 'li', password: 'short', role: 'viewer' }),
      });
      expect(weak.status).toBe(400);
      expect(((await weak.json()) as { error: { code: string } }).error.code).toBe('HW_PASSWORD_POLICY');
      const unknownUnit = await app.request('/api/users', {
        method: 'POST',
        headers,
        body: JSON.stringify({ username: 'li', password: 'Li-pass-12', role: 'viewer', view: ['NOWHERE'] }),
      });
      expect(unknownUnit.status).toBe(404);

      const zhang = await login('zhang', 'Jade-river-42');
      expect(zhang.status).toBe(200);
      expect(
        (await app.request('/api/dataValues?de=BEDS&ou=JJ-H1&pe=202403', { headers: zhang.headers })).status,
      ).toBe(403);
      const moved = await app.request('/api/users/zhang', {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ capture: ['CQ-JJ'], role: 'stats' }),
      });
      expect(moved.status).toBe(200);
      expect(AccountResponse.parse(await moved.json())).toMatchObject({ role: 'stats', capture: ['CQ-JJ'] });
      expect(
        (await app.request('/api/dataValues?de=BEDS&ou=JJ-H1&pe=202403', { headers: zhang.headers })).status,
      ).toBe(200);
      expect(
        (
          await app.request('/api/users/zhang', {
            method: 'PATCH',
            headers,
            body: JSON.stringify({ role: 'king' }),
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await app.request('/api/users/zhang', {
            method: 'PATCH',
            headers,
            body: JSON.stringify({ passwordHash: 'x' }),
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await app.request('/api/users/nobody', {
            method: 'PATCH',
            headers,
            body: JSON.stringify({ displayName: 'x' }),
          })
        ).status,
      ).toBe(404);

      expect((await app.request('/api/users/zhang', { method: 'DELETE', headers })).status).toBe(200);
      expect((await app.request('/api/me', { headers: zhang.headers })).status).toBe(401);
      expect((await login('zhang', 'Jade-river-42')).status).toBe(401);
      const list = UserListResponse.parse(await (await app.request('/api/users', { headers })).json());
      expect(list.users.find((u) => u.username === 'zhang')?.disabled).toBe(true);
      const reenabled = await app.request('/api/users/zhang', {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ disabled: false, password: 'Jade-river-new-43' }),
      });
      expect(reenabled.status).toBe(200);
      expect((await login('zhang', 'Jade-river-new-43')).status).toBe(200);

      const events = (await (await app.request('/api/audit/events?user=admin', { headers })).json()) as {
        events: { action: string; target: string | null }[];
      };
      const mine = events.events.filter((e) => e.target === 'zhang').map((e) => e.action);
      expect(mine).toEqual(expect.arrayContaining(['user.save', 'user.update', 'user.disable']));
      expect(JSON.stringify(events)).not.toContain('Jade-river-new-43');
    });
  });
}

/** Parses an answer with its contract schema (strict objects: an unknown or missing field fails), after its status. */
async function answer<S extends z.ZodType>(
  schema: S,
  response: Response | Promise<Response>,
  status = 200,
): Promise<z.infer<S>> {
  const r = await response;
  const body: unknown = await r.json();
  expect(r.status, JSON.stringify(body).slice(0, 800)).toBe(status);
  return schema.parse(body);
}

// Every answer the web app reads, on the demo district (which has every kind of data: plans,
// early-warning events, validation rules, approvals), parsed by its schema in the contract.
for (const dialect of await testDialects()) {
  describe(`${dialect}: every answer the web app reads matches the contract (demo district)`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: ReturnType<typeof createApp>;
    const as = (username: string, contentType?: string): Promise<Record<string, string>> =>
      sessionHeaders(app, username, DEMO_PASSWORD, contentType);
    const json = (method: string, headers: Record<string, string>, body: unknown): RequestInit => ({
      method,
      headers,
      body: JSON.stringify(body),
    });
    beforeAll(async () => {
      tdb = await createDemoDatabase(dialect);
      store = await openMigratedStore(tdb.url);
      app = createApp(store, { today: () => '2024-04-10' });
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('sign-in, the signed-in user, tokens, password, sign-out and error answers', async () => {
      const login = await answer(
        LoginResponse,
        app.request('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'clerk', password: DEMO_PASSWORD }),
        }),
      );
      expect(login.user).toMatchObject({ username: 'clerk', role: 'clerk', roleName: '机构填报员' });
      const clerk = await as('clerk');
      const me = await answer(MeResponse, app.request('/api/me', { headers: clerk }));
      expect(me.capture?.map((u) => u.code)).toEqual(['JJ-BS-HC']);
      const admin = await as('admin');
      expect((await answer(MeResponse, app.request('/api/me', { headers: admin }))).view).toBeNull();
      const created = await answer(
        TokenCreated,
        app.request('/api/me/tokens', json('POST', clerk, { name: '报表脚本' })),
        201,
      );
      const tokens = await answer(TokenList, app.request('/api/me/tokens', { headers: clerk }));
      expect(tokens.tokens.map((t) => t.name)).toContain('报表脚本');
      // With a bearer token there is no CSRF token to give.
      expect(
        (
          await answer(
            MeResponse,
            app.request('/api/me', { headers: { authorization: `Bearer ${created.token}` } }),
          )
        ).csrfToken,
      ).toBeNull();
      await answer(
        StatusResponse,
        app.request(`/api/me/tokens/${created.id}`, { method: 'DELETE', headers: clerk }),
      );
      expect(
        (await answer(TokenList, app.request('/api/me/tokens', { headers: clerk }))).tokens.find(
          (t) => t.id === created.id,
        )?.revokedAt,
      ).toEqual(expect.any(Number));
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'contract-pw',
        password: 'Contract-pass-1',
        role: 'viewer',
        view: ['JJ-BS'],
      });
      const pw = await sessionHeaders(app, 'contract-pw', 'Contract-pass-1');
      await answer(
        StatusResponse,
        app.request(
          '/api/me/password',
          json('POST', pw, { current: 'Contract-pass-1', next: 'Contract-pass-2' }),
        ),
      );
      await answer(StatusResponse, app.request('/api/auth/logout', { method: 'POST', headers: pw }));
      // Errors: one shape for every status.
      await answer(ErrorResponse, app.request('/api/me'), 401);
      await answer(
        ErrorResponse,
        app.request(
          '/api/dataValues',
          json('POST', await as('viewer'), {
            dataElement: 'BEDS',
            orgUnit: 'JJ-BS-HC',
            period: '2024',
            value: '1',
          }),
        ),
        403,
      );
      await answer(ErrorResponse, app.request('/api/nothing-here', { headers: clerk }), 404);
      const bad = await answer(
        ErrorResponse,
        app.request('/api/users', json('POST', admin, { username: 'x' })),
        400,
      );
      expect(bad.error.details.length).toBeGreaterThan(0);
    });

    it('metadata lists of every kind, one object, a save and a dry-run import', async () => {
      const h = await as('admin');
      for (const [kind, schema] of Object.entries(METADATA_OBJECTS)) {
        const list = await answer(
          z.strictObject({ [kind]: z.array(schema) }),
          app.request(`/api/metadata/${kind}`, { headers: h }),
        );
        MetadataListResponse.parse(list);
        if (
          ['orgUnits', 'dataSets', 'dataElements', 'indicators', 'orgUnitGroups', 'categoryCombos'].includes(
            kind,
          )
        ) {
          expect((list[kind] as unknown[]).length, kind).toBeGreaterThan(0);
        }
      }
      const town = await answer(OrgUnitObject, app.request('/api/metadata/orgUnits/JJ-BS', { headers: h }));
      MetadataObject.parse(town);
      expect(town).toMatchObject({ code: 'JJ-BS', parent: expect.any(String), latitude: expect.any(Number) });
      const saved = await answer(
        MetadataImportSummary,
        app.request('/api/metadata/orgUnits/JJ-BS', json('PUT', h, town)),
      );
      expect(saved.status).toBe('SUCCESS');
      await answer(
        MetadataImportSummary,
        app.request('/api/metadata?dryRun=true', json('POST', h, { orgUnits: [town] })),
      );
    });

    it('plans and every kind of evaluation, for the district and a town', async () => {
      const h = await as('viewer');
      const { plans } = await answer(PlanListResponse, app.request('/api/plans', { headers: h }));
      expect(plans.length).toBeGreaterThan(0);
      for (const plan of plans) {
        for (const kind of ['annual', 'midterm', 'final']) {
          const e = await answer(
            EvaluationResponse,
            app.request(`/api/plans/${plan.code}/evaluation?year=${plan.targetYear}&kind=${kind}`, {
              headers: h,
            }),
          );
          expect(e.indicators.length).toBeGreaterThan(0);
        }
      }
      const town = await answer(
        EvaluationResponse,
        app.request('/api/plans/jiangjin-14th/evaluation?year=2024&ou=JJ-BS', { headers: h }),
      );
      expect(
        Object.values(town.figures)
          .flat()
          .some((f) => f.provenance === 'computed'),
      ).toBe(true);
      expect(town.projects.length).toBeGreaterThan(0);
    });

    it('analytics grids, with disaggregation and a filter', async () => {
      const h = await as('viewer');
      const a = await answer(
        AnalyticsResponse,
        app.request(
          '/api/analytics?dimension=dx:OPD_VISITS;IMR&dimension=pe:2023;2024&dimension=ou:JJ;CHILDREN',
          { headers: h },
        ),
      );
      expect(a.rows.length).toBeGreaterThan(10);
      const co = await answer(
        AnalyticsResponse,
        app.request(
          '/api/analytics?dimension=dx:POP_MIDYEAR_SEX_AGE&dimension=co:SEX&dimension=ou:JJ&filter=pe:2024',
          { headers: h },
        ),
      );
      expect(co.headers.map((x) => x.name)).toEqual(['dx', 'ou', 'co', 'value']);
    });

    it('data entry: the form, its approval, values saved (1,234 as core reads it), deleted and audited, completion, lock exceptions', async () => {
      const h = await as('admin');
      const form = await answer(
        EntryFormResponse,
        app.request('/api/dataEntry/form?ds=JJ_SERVICES_M&ou=JJ-BS-HC&pe=202403', { headers: h }),
      );
      expect(form.values.length).toBeGreaterThan(0);
      const saved = await answer(
        DataValueSaveResponse,
        app.request(
          '/api/dataValues',
          json('POST', h, { dataElement: 'BEDS', orgUnit: 'JJ-BS-HC', period: '2024', value: '1,234' }),
        ),
      );
      expect(saved.updated + saved.imported).toBe(1);
      const stored = await answer(
        DataValuesResponse,
        app.request('/api/dataValues?de=BEDS&ou=JJ-BS-HC&pe=2024', { headers: h }),
      );
      expect(stored.dataValues.map((v) => v.value)).toEqual(['1234']);
      // A value that breaks a rule that only warns: saved, with the rule.
      const u5 = await answer(
        DataValuesResponse,
        app.request('/api/dataValues?de=U5_DEATHS&ou=JJ-BS&pe=2024', { headers: h }),
      );
      const infants = String(Number(u5.dataValues[0]?.value) + 1);
      const warned = await answer(
        DataValueSaveResponse,
        app.request(
          '/api/dataValues',
          json('POST', h, { dataElement: 'INFANT_DEATHS', orgUnit: 'JJ-BS', period: '2024', value: infants }),
        ),
      );
      expect(warned.validation.length).toBeGreaterThan(0);
      const deleted = await answer(
        ImportSummaryResponse,
        app.request('/api/dataValues?de=BEDS&ou=JJ-BS-HC&pe=2024', { method: 'DELETE', headers: h }),
      );
      expect(deleted.deleted).toBe(1);
      const audit = await answer(
        AuditResponse,
        app.request('/api/audit?ou=JJ-BS-HC&de=BEDS&limit=20', { headers: h }),
      );
      expect(audit.audit.map((a) => a.auditType)).toEqual(expect.arrayContaining(['UPDATE', 'DELETE']));
      expect(
        (await answer(AuditEventsResponse, app.request('/api/audit/events', { headers: h }))).events.length,
      ).toBeGreaterThan(0);
      await answer(
        StatusResponse,
        app.request(
          '/api/dataEntry/complete',
          json('POST', h, {
            dataSet: 'JJ_SERVICES_M',
            orgUnit: 'JJ-BS-HC',
            period: '202403',
            complete: true,
          }),
        ),
      );
      const view = await answer(
        ApprovalResponse,
        app.request('/api/dataApprovals?ds=JJ_SERVICES_M&ou=JJ-BS&pe=202403', { headers: h }),
      );
      expect(view.children.length).toBeGreaterThan(0);
      const approved = await answer(
        ApprovalResponse,
        app.request(
          '/api/dataApprovals',
          json('POST', h, {
            dataSet: 'JJ_SERVICES_M',
            orgUnit: 'JJ-BS-HC',
            period: '202403',
            action: 'approve',
          }),
        ),
      );
      expect(approved).toMatchObject({
        state: 'approved',
        approval: { approvedBy: 'admin' },
        locked: { by: 'approved' },
      });
      await answer(
        ApprovalResponse,
        app.request(
          '/api/dataApprovals',
          json('POST', h, {
            dataSet: 'JJ_SERVICES_M',
            orgUnit: 'JJ-BS-HC',
            period: '202403',
            action: 'unapprove',
            reason: '核对',
          }),
        ),
      );
      const granted = await answer(
        LockExceptionList,
        app.request(
          '/api/lockExceptions',
          json('POST', h, { dataSet: 'JJ_POP_MCH_Y', orgUnit: 'JJ-BS', period: '2023', reason: '年报更正' }),
        ),
        201,
      );
      const one = granted.exceptions[0];
      expect(one).toMatchObject({ dataSetName: '人口与妇幼年报', period: '2023' });
      expect(
        (await answer(LockExceptionList, app.request('/api/lockExceptions', { headers: h }))).exceptions,
      ).toHaveLength(1);
      await answer(
        StatusResponse,
        app.request(`/api/lockExceptions/${one?.id}`, { method: 'DELETE', headers: h }),
      );
    });

    it('imports: a dry run that passes and one that is refused with its rows', async () => {
      const h = await as('stats');
      const ok = await answer(
        ImportSummaryResponse,
        app.request(
          '/api/dataValueSets?dryRun=true',
          json('POST', h, {
            dataValues: [{ dataElement: 'BEDS', period: '2024', orgUnit: 'JJ-BS-HC', value: '61' }],
          }),
        ),
      );
      expect(ok).toMatchObject({ status: 'SUCCESS', dryRun: true, rolledBack: true });
      const refused = await answer(
        ImportSummaryResponse,
        app.request(
          '/api/dataValueSets',
          json('POST', h, {
            dataValues: [
              { dataElement: 'NO_SUCH', period: '2024', orgUnit: 'JJ-BS-HC', value: '1' },
              { dataElement: 'BEDS', period: '2024', orgUnit: 'JJ-BS-HC', value: 'many' },
            ],
          }),
        ),
        409,
      );
      expect(refused.conflicts.length).toBe(2);
    });

    it('data quality: validation runs and stored results, completeness, outliers, follow-up', async () => {
      const h = await as('stats');
      const run = await answer(
        ValidationRunResponse,
        app.request(
          '/api/validation/run',
          json('POST', h, { orgUnit: 'JJ', descendants: true, periods: ['2024', '202403'] }),
        ),
      );
      expect(run.violations.length).toBeGreaterThan(0);
      const stored = await answer(
        ValidationResultsResponse,
        app.request('/api/validation/results?ou=JJ', { headers: h }),
      );
      expect(stored.violations.length).toBeGreaterThan(0);
      const c = await answer(
        CompletenessResponse,
        app.request('/api/completeness?ds=JJ_SERVICES_M&ou=JJ&pe=2024', { headers: h }),
      );
      expect(c.byArea.length).toBeGreaterThan(0);
      expect(c.missing.length + c.late.length).toBeGreaterThan(0);
      const o = await answer(
        OutliersResponse,
        app.request('/api/outliers?de=OPD_VISITS&ou=JJ-LS-HC&from=202401&to=202412', { headers: h }),
      );
      const f = o.findings[0];
      expect(f).toBeDefined();
      const flagged = await answer(
        FollowUpResponse,
        app.request(
          '/api/followups',
          json('POST', h, {
            dataElement: f?.dataElement,
            orgUnit: f?.orgUnit,
            period: f?.period,
            categoryOptionCombo: f?.categoryOptionCombo,
            followUp: true,
            comment: '请核实',
          }),
        ),
      );
      expect(flagged.followUp).toBe(true);
      expect(
        (await answer(FollowUpListResponse, app.request('/api/followups?ou=JJ', { headers: h }))).dataValues
          .length,
      ).toBeGreaterThan(0);
    });

    it('early warning: events, one event, a move, its series, a run and a dry-run case import', async () => {
      const h = await as('cdc');
      const { events } = await answer(
        SurveillanceEventsResponse,
        app.request('/api/surveillance/events?limit=50', { headers: h }),
      );
      const open = events.find((e) => e.status === 'new');
      expect(open).toBeDefined();
      const one = await answer(
        SurveillanceEventResponse,
        app.request(`/api/surveillance/events/${open?.id}`, { headers: h }),
      );
      expect(one.log.length).toBeGreaterThan(0);
      const moved = await answer(
        SurveillanceEventResponse,
        app.request(
          `/api/surveillance/events/${open?.id}/transition`,
          json('POST', h, { status: 'verifying', note: '已联系' }),
        ),
      );
      expect(moved.log.at(-1)).toMatchObject({ fromStatus: 'new', toStatus: 'verifying', note: '已联系' });
      const series = await answer(
        SurveillanceSeriesResponse,
        app.request(
          `/api/surveillance/series?disease=${one.disease}&ou=${one.orgUnitUid}&to=${one.periodTo}&weeks=26`,
          { headers: h },
        ),
      );
      expect(series.weeks).toHaveLength(26);
      await answer(
        SurveillanceRunResponse,
        app.request('/api/surveillance/run', json('POST', h, { from: '2024W20', to: '2024W22' })),
      );
      const cases = await answer(
        CaseImportResponse,
        app.request('/api/surveillance/cases?dryRun=true', {
          method: 'POST',
          headers: await as('cdc', 'application/csv'),
          body: '病种,发病日期,镇街\n手足口病,2024-03-15,JJ-SM\n',
        }),
      );
      expect(cases).toMatchObject({ cases: 1, dryRun: true });
    });

    it('user administration: the list, a new account, a change and disabling', async () => {
      const h = await as('admin');
      expect(
        (await answer(UserListResponse, app.request('/api/users', { headers: h }))).users.length,
      ).toBeGreaterThanOrEqual(5);
      await answer(
        AccountResponse,
        app.request(
          '/api/users',
          json('POST', h, {
            username: 'contract-new',
            password: 'Jade-river-42',
            role: 'clerk',
            capture: ['JJ-BS-HC'],
          }),
        ),
        201,
      );
      expect(
        await answer(
          AccountResponse,
          app.request('/api/users/contract-new', json('PATCH', h, { role: 'viewer', view: ['JJ-BS'] })),
        ),
      ).toMatchObject({ role: 'viewer', roleName: '查看者', view: ['JJ-BS'] });
      await answer(StatusResponse, app.request('/api/users/contract-new', { method: 'DELETE', headers: h }));
    });
  });
}
