import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ErrorResponse,
  PlanDraftResponse,
  PlanImportResponse,
  PlanListResponse,
} from '@healthwatch/contract';
import { everywhereContext, importMetadataFile, saveUserAccount } from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { migrateStore, openStore } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from './helpers/http-session.js';
import { docxOf, planDocx, PLAN_TEXT, STANDARD_LIBRARY } from './helpers/plan-documents.js';
import { hw } from './helpers/run-cli.js';

const packs = new URL('../packs/', import.meta.url).pathname;
const PW = 'Draft-pass-1';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

for (const dialect of await testDialects()) {
  describe(`${dialect}: plans drafted from their documents, over HTTP and into the database`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: ReturnType<typeof createApp>;
    let docx: Buffer;
    const dir = mkdtempSync(join(tmpdir(), 'hw-plan-draft-http-'));
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
      await importMetadataFile(
        store,
        everywhereContext('seed', 'zh-CN'),
        join(packs, 'example-district/dhis2-metadata.json'),
      );
      await importMetadataFile(store, everywhereContext('seed', 'zh-CN'), STANDARD_LIBRARY);
      // The example district's top is 重庆市: `city` maintains all of it, `district` only 江津区.
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'admin',
        password: PW,
        role: 'admin',
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'city',
        password: PW,
        role: 'stats',
        capture: ['CQ'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'district',
        password: PW,
        role: 'stats',
        capture: ['CQ-JJ'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'viewer',
        password: PW,
        role: 'viewer',
        view: ['CQ'],
      });
      app = createApp(store);
      docx = await planDocx();
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('drafts from an uploaded DOCX (raw body or multipart), links to the database’s library and saves the reviewed plan', async () => {
      const headers = await sessionHeaders(app, 'city', PW, DOCX);
      const r = await app.request('/api/plans/drafts?code=jj-14th-draft', {
        method: 'POST',
        headers,
        body: docx,
      });
      expect(r.status).toBe(200);
      const draft = PlanDraftResponse.parse(await r.json());
      expect(draft.indicators).toHaveLength(24);
      expect(draft.projects).toHaveLength(20);
      expect(draft.indicators.find((i) => i.name === '婴儿死亡率')).toMatchObject({
        row: 5,
        unit: '‰',
        baseline: 3.4,
        rule: { kind: 'atMost', value: 3.5 },
        nature: 'expected',
        indicator: 'IMR',
        link: { match: 'exact' },
      });
      expect(draft.indicators.find((i) => i.name === '健康预期寿命')?.problems).toEqual([
        expect.objectContaining({
          field: 'relativeTo',
          fieldLabel: '参照指标',
          at: '表 2 第 3 行',
          origin: 'review',
        }),
      ]);
      expect(draft.tables.map((x) => [x.index, x.kind, x.used])).toEqual([
        [1, 'indicators', false],
        [2, 'indicators', true],
        [3, 'projects', true],
      ]);
      // In English, the same draft with the problems in English.
      const en = PlanDraftResponse.parse(
        await (
          await app.request('/api/plans/drafts?locale=en', { method: 'POST', headers, body: docx })
        ).json(),
      );
      expect(en.indicators[1]?.problems[0]?.message).toContain('in proportion');

      const form = new FormData();
      form.append('file', new Blob([readFileSync(PLAN_TEXT)]), 'jiangjin-14th-tables.txt');
      const { 'content-type': _json, ...plain } = headers;
      const multipart = await app.request('/api/plans/drafts?table=1&code=jj-13th-draft', {
        method: 'POST',
        headers: plain,
        body: form,
      });
      expect(multipart.status).toBe(200);
      const thirteenth = PlanDraftResponse.parse(await multipart.json());
      expect(thirteenth).toMatchObject({
        format: 'txt',
        plan: { baselineYear: 2015, targetYear: 2020, status: 'completed' },
      });

      // The reviewer names what 同比例提高 follows, then saves the plan file.
      const doc = draft.document;
      expect(doc).not.toBeNull();
      const hale = doc?.indicators.find((i) => i.name === '健康预期寿命');
      const le = doc?.indicators.find((i) => i.name === '人均预期寿命');
      if (!doc || !hale || !le) {
        throw new Error('the draft has no plan file');
      }
      hale.relativeTo = le.code;
      const json = await sessionHeaders(app, 'city', PW);
      const saved = await app.request('/api/plans', {
        method: 'POST',
        headers: json,
        body: JSON.stringify(doc),
      });
      expect(saved.status).toBe(200);
      expect(PlanImportResponse.parse(await saved.json())).toEqual({
        code: 'jj-14th-draft',
        indicators: 24,
        projects: 20,
        values: 21,
        warnings: [],
      });
      const list = PlanListResponse.parse(await (await app.request('/api/plans', { headers: json })).json());
      expect(list.plans.map((p) => p.code)).toContain('jj-14th-draft');
      const evaluation = await app.request('/api/plans/jj-14th-draft/evaluation?year=2023&kind=midterm', {
        headers: json,
      });
      expect(evaluation.status).toBe(200);

      // Saving again would replace its figures: only when asked.
      const again = await app.request('/api/plans', {
        method: 'POST',
        headers: json,
        body: JSON.stringify(doc),
      });
      expect(again.status).toBe(409);
      expect(ErrorResponse.parse(await again.json()).error.message).toContain('规划 jj-14th-draft 已存在');
      const replaced = await app.request('/api/plans?replace=true', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ ...doc, name: '改名后的规划' }),
      });
      expect(replaced.status).toBe(200);
      const after = PlanListResponse.parse(await (await app.request('/api/plans', { headers: json })).json());
      expect(after.plans.find((p) => p.code === 'jj-14th-draft')?.name).toBe('改名后的规划');
    });

    it('answers bad documents with HW_PLAN_DOCUMENT and its reason, and a plan file with problems with every one, saving nothing', async () => {
      const headers = await sessionHeaders(app, 'admin', PW, DOCX);
      const notDocx = await app.request('/api/plans/drafts', { method: 'POST', headers, body: '类别\t指标' });
      expect(notDocx.status).toBe(400);
      expect(ErrorResponse.parse(await notDocx.json()).error).toMatchObject({
        code: 'HW_PLAN_DOCUMENT',
        message: expect.stringContaining('不是有效的 DOCX 文件'),
      });
      const empty = await app.request('/api/plans/drafts', {
        method: 'POST',
        headers,
        body: await docxOf(['某区卫生健康发展规划', '正文']),
      });
      expect(ErrorResponse.parse(await empty.json()).error.message).toContain('文档中没有表格');
      const json = await sessionHeaders(app, 'admin', PW);
      const bad = await app.request('/api/plans', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          code: 'broken-plan',
          name: '有问题的规划',
          baselineYear: 2020,
          targetYear: 2025,
          sections: [{ code: 's1', name: '健康水平' }],
          indicators: [
            { code: 'A', section: 's9', name: '甲', polarity: 'higher', nature: 'expected', target: '≥1' },
          ],
        }),
      });
      expect(bad.status).toBe(400);
      expect(ErrorResponse.parse(await bad.json()).error.details).toEqual([
        { path: 'indicators[0].section', message: expect.stringContaining('s9') },
      ]);
      const list = PlanListResponse.parse(await (await app.request('/api/plans', { headers: json })).json());
      expect(list.plans.map((p) => p.code)).not.toContain('broken-plan');
    });

    it('lets those who maintain the whole area save plans; others may draft, or neither', async () => {
      const body = JSON.stringify({
        code: 'scoped-plan',
        name: '范围测试',
        baselineYear: 2020,
        targetYear: 2025,
        sections: [],
        indicators: [],
      });
      const district = await sessionHeaders(app, 'district', PW);
      const refused = await app.request('/api/plans', { method: 'POST', headers: district, body });
      expect(refused.status).toBe(403);
      expect(ErrorResponse.parse(await refused.json()).error.message).toContain('只有填报范围覆盖全区的用户');
      const drafted = await app.request('/api/plans/drafts', {
        method: 'POST',
        headers: { ...district, 'content-type': DOCX },
        body: docx,
      });
      expect(drafted.status).toBe(200);
      const viewer = await sessionHeaders(app, 'viewer', PW, DOCX);
      expect(
        (await app.request('/api/plans/drafts', { method: 'POST', headers: viewer, body: docx })).status,
      ).toBe(403);
    });

    it('drafts on the command line against the database’s library, and plan import takes the file', async () => {
      const file = join(dir, 'plan.docx');
      writeFileSync(file, docx);
      const out = join(dir, 'plan.yaml');
      const db = ['--db', tdb.url];
      const r = await hw([...db, 'plan', 'draft', file, '--code', 'jj-cli-draft', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('LIFE_EXPECTANCY 人均预期寿命');
      const imported = await hw([...db, 'plan', 'import', out]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).toContain('规划已导入：jj-cli-draft（指标 24 项，项目 20 个，数值 21 条）');
      const e = await hw([
        ...db,
        'plan',
        'evaluate',
        '--plan',
        'jj-cli-draft',
        '--year',
        '2023',
        '--format',
        'json',
      ]);
      expect(e.code, e.stderr).toBe(0);
      expect((JSON.parse(e.stdout) as { indicators: unknown[] }).indicators).toHaveLength(24);
    });
  });
}
