import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import ExcelJS from 'exceljs';
import { createApp } from '@healthwatch/server';
import { openMigratedStore } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { testDialects } from '@healthwatch/store/testing';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDatabase } from './helpers/demo-database.js';
import { DEMO_PASSWORD } from './helpers/demo-password.js';
import { sessionHeaders } from './helpers/http-session.js';
import { hw } from './helpers/run-cli.js';

interface Row {
  dataSet: { code: string | null };
  period: { id: string; label: string };
  orgUnit: { code: string | null; name: string };
  status: string;
  statusLabel: string;
  completedAt: number | null;
  dueOn: string;
  lastReturn: { comment: string; by: string } | null;
  lastRemindedAt: number | null;
  actions: string[];
  contactPerson?: string | null;
}

const DS = 'JJ_SERVICES_M';
const OU = 'JJ-BS-HC';
// On 2026-12-01 November is open for entry (due 2026-12-10) and October is the latest due period.
const PE = '202611';
const form = { dataSet: DS, orgUnit: OU, period: PE };

/** Receives webhook posts on a local port. */
async function receiver(): Promise<{ server: Server; url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

/** A port nothing listens on: opened, then closed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: reporting workspace (return with 审核意见, 催报, a clerk's list)`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let hook: Awaited<ReturnType<typeof receiver>>;
    let app: ReturnType<typeof createApp>;
    let h: Record<string, Record<string, string>>;
    const call = async (
      who: string,
      method: string,
      path: string,
      body?: unknown,
      extra: Record<string, string> = {},
    ): Promise<Response> =>
      app.request(path, {
        method,
        headers: { ...h[who], ...extra },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const rows = async (who: string, path: string): Promise<Row[]> => {
      const r = await call(who, 'GET', path);
      expect(r.status, await r.clone().text()).toBe(200);
      return ((await r.json()) as { rows: Row[] }).rows;
    };
    const clerkRow = async (): Promise<Row | undefined> =>
      (await rows('stats', `/api/workspace/reports?dataSet=${DS}&period=${PE}&orgUnit=${OU}`)).find(
        (r) => r.orgUnit.code === OU,
      );

    beforeAll(async () => {
      tdb = await createDemoDatabase(dialect);
      store = await openMigratedStore(tdb.url);
      hook = await receiver();
      app = createApp(store, { today: () => '2026-12-01', notifyWebhook: hook.url });
      h = {};
      for (const u of ['admin', 'stats', 'clerk', 'viewer']) {
        h[u] = await sessionHeaders(app, u, DEMO_PASSWORD);
      }
    });
    afterAll(async () => {
      await new Promise<void>((r) => hook.server.close(() => r()));
      await store.close();
      await tdb.drop();
    });

    it('stats returns the clerk’s completed form with a 审核意见; the clerk edits, completes again; stats approves and accepts', async () => {
      // The clerk reports November.
      const v = await call('clerk', 'POST', '/api/dataValues', {
        dataElement: 'OPD_VISITS',
        orgUnit: OU,
        period: PE,
        value: '4100',
      });
      expect(v.status, await v.clone().text()).toBe(200);
      expect(
        (await call('clerk', 'POST', '/api/dataEntry/complete', { ...form, complete: true })).status,
      ).toBe(200);
      const reported = await clerkRow();
      expect(reported?.status).toBe('reported');
      expect(reported?.statusLabel).toBe('已报');
      expect(reported?.period.label).toBe('2026年11月');
      expect(reported?.dueOn).toBe('2026-12-10');
      expect(reported?.actions).toEqual(expect.arrayContaining(['approve', 'return']));
      // A clerk never gets accept or return on their own unit.
      const mineBefore = await rows('clerk', `/api/workspace/reports?dataSet=${DS}&period=${PE}`);
      expect(mineBefore.map((r) => r.orgUnit.code)).toEqual([OU]);
      expect(mineBefore[0]?.actions).toEqual(['approve']);
      // The clerk cannot return their own form.
      expect(
        (await call('clerk', 'POST', '/api/workspace/returns', { ...form, comment: '自己退回' })).status,
      ).toBe(403);

      // An empty 审核意见 is refused, naming the field in the caller's language.
      const empty = await call('stats', 'POST', '/api/workspace/returns', { ...form, comment: '   ' });
      expect(empty.status).toBe(400);
      expect(await empty.text()).toContain('审核意见');
      const long = await call('stats', 'POST', '/api/workspace/returns', {
        ...form,
        comment: '长'.repeat(501),
      });
      expect(long.status).toBe(400);
      const en = await call(
        'stats',
        'POST',
        '/api/workspace/returns',
        { ...form, comment: '' },
        {
          'accept-language': 'en',
        },
      );
      expect(en.status).toBe(400);
      expect(await en.text()).toContain('review comment');
      expect((await clerkRow())?.status).toBe('reported');

      const ret = await call('stats', 'POST', '/api/workspace/returns', {
        ...form,
        comment: ' 门诊人次与上月差异过大，请核实 ',
      });
      expect(ret.status, await ret.clone().text()).toBe(200);
      const returned = await clerkRow();
      expect(returned?.status).toBe('returned');
      expect(returned?.statusLabel).toBe('退回');
      expect(returned?.lastReturn).toMatchObject({ comment: '门诊人次与上月差异过大，请核实', by: 'stats' });
      expect(returned?.completedAt).toBeNull();
      // Returning again is refused: the form is no longer complete.
      expect(
        (await call('stats', 'POST', '/api/workspace/returns', { ...form, comment: '再退' })).status,
      ).toBe(409);

      // The clerk sees it in their list with the comment, and can edit and complete again.
      const mine = await rows('clerk', '/api/workspace/mine');
      const back = mine.find((r) => r.dataSet.code === DS && r.period.id === PE && r.orgUnit.code === OU);
      expect(back?.status).toBe('returned');
      expect(back?.lastReturn?.comment).toBe('门诊人次与上月差异过大，请核实');
      expect(mine.every((r) => ['notReported', 'overdue', 'returned'].includes(r.status))).toBe(true);
      const entry = await call('clerk', 'GET', `/api/dataEntry/form?ds=${DS}&ou=${OU}&pe=${PE}`);
      expect(((await entry.json()) as { complete: unknown }).complete).toBeNull();
      const fix = await call('clerk', 'POST', '/api/dataValues', {
        dataElement: 'OPD_VISITS',
        orgUnit: OU,
        period: PE,
        value: '3900',
      });
      expect(fix.status, await fix.clone().text()).toBe(200);
      expect(
        (await call('clerk', 'POST', '/api/dataEntry/complete', { ...form, complete: true })).status,
      ).toBe(200);
      const again = await clerkRow();
      expect(again?.status).toBe('reported');
      expect(again?.lastReturn).toBeNull();
      expect(
        (await rows('clerk', '/api/workspace/mine')).some((r) => r.dataSet.code === DS && r.period.id === PE),
      ).toBe(false);

      // Approve at the unit, then accept by the level above: the statuses follow.
      expect((await call('stats', 'POST', '/api/dataApprovals', { ...form, action: 'approve' })).status).toBe(
        200,
      );
      const approved = await clerkRow();
      expect(approved?.status).toBe('approved');
      expect(approved?.actions).toEqual(['accept']);
      // An approved form cannot be returned.
      expect(
        (await call('stats', 'POST', '/api/workspace/returns', { ...form, comment: '晚了' })).status,
      ).toBe(409);
      expect((await rows('clerk', `/api/workspace/reports?dataSet=${DS}&period=${PE}`))[0]?.actions).toEqual(
        [],
      );
      expect((await call('stats', 'POST', '/api/dataApprovals', { ...form, action: 'accept' })).status).toBe(
        200,
      );
      const accepted = await clerkRow();
      expect(accepted?.status).toBe('accepted');
      expect(accepted?.statusLabel).toBe('已接受');
      expect(
        (await rows('stats', `/api/workspace/reports?dataSet=${DS}&period=${PE}&status=accepted`)).map(
          (r) => r.orgUnit.code,
        ),
      ).toEqual([OU]);
    });

    it('the default period is the latest due one; a viewer sees rows but may do nothing', async () => {
      const r = await rows('viewer', `/api/workspace/reports?dataSet=${DS}`);
      expect(r.length).toBeGreaterThan(0);
      expect(new Set(r.map((x) => x.period.id))).toEqual(new Set(['202610']));
      expect(r.every((x) => x.actions.length === 0)).toBe(true);
    });

    it('催报 lists the units without a report, records a reminder and posts the webhook', async () => {
      const list = await rows('stats', `/api/workspace/reminders?dataSet=${DS}&period=${PE}`);
      const codes = list.map((r) => r.orgUnit.code);
      // The accepted form is not in the list; the other health centres of the district are.
      expect(codes).not.toContain(OU);
      expect(codes).toContain('JJ-LS-HC');
      expect(list.every((r) => ['notReported', 'overdue', 'returned'].includes(r.status))).toBe(true);
      expect(list.find((r) => r.orgUnit.code === 'JJ-LS-HC')?.lastRemindedAt).toBeNull();

      const sent = await call('stats', 'POST', '/api/workspace/reminders', {
        dataSet: DS,
        period: PE,
        orgUnits: ['JJ-LS-HC', OU],
      });
      expect(sent.status, await sent.clone().text()).toBe(200);
      const result = (await sent.json()) as { units: { code: string }[]; delivery: string };
      // The accepted unit is not reminded.
      expect(result.units.map((u) => u.code)).toEqual(['JJ-LS-HC']);
      expect(result.delivery).toBe('sent');
      expect(hook.bodies).toHaveLength(1);
      expect(hook.bodies[0]).toMatchObject({
        event: 'report.reminder',
        dataSet: { code: DS },
        period: PE,
        by: 'stats',
        units: [{ code: 'JJ-LS-HC', name: expect.any(String) as unknown }],
      });
      const after = await rows('stats', `/api/workspace/reminders?dataSet=${DS}&period=${PE}`);
      expect(after.find((r) => r.orgUnit.code === 'JJ-LS-HC')?.lastRemindedAt).toEqual(expect.any(Number));
      expect(after.find((r) => r.orgUnit.code === 'JJ-SM-HC')?.lastRemindedAt).toBeNull();

      const x = await call('stats', 'GET', `/api/workspace/reminders?dataSet=${DS}&period=${PE}&format=xlsx`);
      expect(x.status).toBe(200);
      expect(x.headers.get('content-type')).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await x.arrayBuffer());
      const ws = wb.worksheets[0];
      expect(ws?.getRow(1).values).toEqual([
        undefined,
        '机构',
        '机构编码',
        '联系人',
        '联系电话',
        '状态',
        '最近催报时间',
      ]);
      const cells: unknown[][] = [];
      ws?.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
      const ls = cells.find((r) => r[1] === 'JJ-LS-HC');
      expect(ls?.[4]).toBe('未报');
      expect(String(ls?.[5])).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(cells.length - 1).toBe(after.length);
    });

    it('an unreachable webhook records failed without failing the request; no webhook records not_configured', async () => {
      const port = await closedPort();
      const down = createApp(store, {
        today: () => '2026-12-01',
        notifyWebhook: `http://127.0.0.1:${port}/hook`,
      });
      const hs = await sessionHeaders(down, 'stats', DEMO_PASSWORD);
      const r = await down.request('/api/workspace/reminders', {
        method: 'POST',
        headers: hs,
        body: JSON.stringify({ dataSet: DS, period: PE, orgUnits: ['JJ-SM-HC'] }),
      });
      expect(r.status, await r.clone().text()).toBe(200);
      const body = (await r.json()) as { delivery: string; deliveryDetail: string | null; units: unknown[] };
      expect(body.delivery).toBe('failed');
      expect(body.deliveryDetail).toBeTruthy();
      expect(body.units).toHaveLength(1);
      // The reminder is recorded all the same.
      const listed = await rows('stats', `/api/workspace/reminders?dataSet=${DS}&period=${PE}`);
      expect(listed.find((x) => x.orgUnit.code === 'JJ-SM-HC')?.lastRemindedAt).toEqual(expect.any(Number));

      const none = createApp(store, { today: () => '2026-12-01' });
      const hn = await sessionHeaders(none, 'stats', DEMO_PASSWORD);
      const n = await none.request('/api/workspace/reminders', {
        method: 'POST',
        headers: hn,
        body: JSON.stringify({ dataSet: DS, period: PE, orgUnits: ['JJ-SM-HC'] }),
      });
      expect(((await n.json()) as { delivery: string }).delivery).toBe('not_configured');
      // The clerk may not remind (no unit whose parent they capture): outside units are 403.
      expect(
        (
          await call('clerk', 'POST', '/api/workspace/reminders', {
            dataSet: DS,
            period: PE,
            orgUnits: ['JJ-LS-HC'],
          })
        ).status,
      ).toBe(403);
      expect(hook.bodies).toHaveLength(1);
    });
    it('the command line lists, refuses an empty 审核意见 and reminds', async () => {
      const db = ['--db', tdb.url, '--user', 'stats'];
      const list = await hw([
        ...db,
        'workspace',
        'list',
        '--ds',
        DS,
        '--pe',
        PE,
        '--ou',
        OU,
        '--format',
        'json',
      ]);
      expect(list.code, list.stderr).toBe(0);
      expect((JSON.parse(list.stdout) as Row[]).map((r) => [r.orgUnit.code, r.status])).toEqual([
        [OU, 'accepted'],
      ]);
      const empty = await hw([
        ...db,
        'workspace',
        'return',
        '--ds',
        DS,
        '--ou',
        OU,
        '--pe',
        PE,
        '--comment',
        ' ',
      ]);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('审核意见');
      const r = await hw([...db, 'workspace', 'remind', '--ds', DS, '--pe', PE, '--ou', 'JJ-LS-HC,JJ-BS-HC']);
      expect(r.code, r.stderr).toBe(0);
      expect(
        r.stdout
          .trim()
          .split('\n')
          .map((l) => l.split('\t')[0]),
      ).toEqual(['JJ-LS-HC']);
      expect(r.stderr).toContain('not_configured');
      const mine = await hw([...db, 'workspace', 'mine', '--format', 'json']);
      expect(mine.code, mine.stderr).toBe(0);
      expect(
        (JSON.parse(mine.stdout) as Row[]).some((x) => x.orgUnit.code === 'JJ-LS-HC' && x.period.id === PE),
      ).toBe(true);
    });
  });
}
