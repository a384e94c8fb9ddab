import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { findChromium, PdfPrinter } from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { openMigratedStore } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PageErrors } from '../helpers/page-errors.js';
import { hw } from '../helpers/run-cli.js';

// The built web app (npm test builds it before vitest) served by the real server on the demo district.
const WEB_ROOT = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));
const PASSWORD = 'Demo-pass-2024';
const CHROMIUM = findChromium(process.env.HEALTHWATCH_CHROMIUM);
/** Names of formats, detection methods and the product, written in Latin letters in Chinese text too. */
const FORMAT_WORDS = new Set([
  'HealthWatch',
  'English',
  'CSV',
  'XLSX',
  'Excel',
  'PDF',
  'DOCX',
  'Word',
  'HTML',
  'Markdown',
  'MD',
  'JSON',
  'DHIS',
  'API',
  'PNG',
  'SVG',
  'EARS',
  'Farrington',
  'CUSUM',
]);

describe.skipIf(CHROMIUM === null && !process.env.CI)(
  'web app in a real browser (demo district, SQLite)',
  () => {
    let dir: string;
    let store: Store;
    let server: ServerType;
    let printer: PdfPrinter;
    let browser: Browser;
    const pageErrors = new PageErrors();
    let base: string;

    beforeAll(async () => {
      expect(CHROMIUM, 'chromium is needed for the browser tests (apt-get install chromium)').not.toBeNull();
      dir = await mkdtemp(join(tmpdir(), 'hw-e2e-'));
      await mkdir(SHOTS, { recursive: true });
      const url = `sqlite:${join(dir, 'demo.db')}`;
      const built = await hw(['--db', url, 'demo'], { HEALTHWATCH_DEMO_PASSWORD: PASSWORD });
      expect(built.code, built.stderr).toBe(0);
      store = await openMigratedStore(url);
      printer = new PdfPrinter(CHROMIUM ?? undefined);
      const app = createApp(store, { printer, webRoot: WEB_ROOT });
      server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      browser = await chromium.launch({
        executablePath: CHROMIUM ?? undefined,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
    }, 120_000);

    afterEach(() => {
      expect(pageErrors.take()).toEqual([]);
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      await printer?.close();
      await store?.close();
      await rm(dir, { recursive: true, force: true });
    });

    async function signIn(
      user: string,
      viewport = { width: 1366, height: 768 },
      password = PASSWORD,
    ): Promise<Page> {
      const page = pageErrors.watch(await browser.newPage({ viewport, acceptDownloads: true }));
      await page.goto(base);
      await page.getByLabel('用户名').fill(user);
      await page.getByLabel('密码').fill(password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('cockpit').waitFor();
      return page;
    }

    /**
     * Latin words on the page that are not codes, formats or data: in zh-CN every status, action,
     * importance and field name is Chinese (issue 16). Codes (`JJ-BS-HC`, `OPD_VISITS`), file
     * names and usernames are data and allowed; so are format names and the language switch.
     */
    async function foreignWords(page: Page): Promise<string[]> {
      const data = await dataWords(page);
      const found = new Map<string, string>();
      for (const line of (await page.locator('body').innerText()).split('\n')) {
        const words = line
          // Codes and file names (JJ-BS-HC, a.csv) and DHIS2 UIDs (11 letters and digits) are data.
          .replace(/[A-Za-z0-9_]+(?:[-.][A-Za-z0-9_]+)+/g, ' ')
          .replace(/\b(?=[A-Za-z0-9]*\d)[A-Za-z][A-Za-z0-9]{10}\b/g, ' ')
          .match(/[A-Za-z][A-Za-z_]*[A-Za-z]/g);
        for (const w of words ?? []) {
          if (!FORMAT_WORDS.has(w) && !data.has(w) && !found.has(w)) {
            // The line is in the message so that a failure says where the word is.
            found.set(w, `${w} in “${line.trim().slice(0, 120)}”`);
          }
        }
      }
      return [...found.values()];
    }

    let dataWordSet: Set<string> | null = null;
    async function dataWords(page: Page): Promise<Set<string>> {
      if (dataWordSet) {
        return dataWordSet;
      }
      const get = (path: string): Promise<unknown> =>
        page.evaluate(async (p) => (await fetch(p)).json(), path);
      const words = new Set<string>();
      for (const kind of ['orgUnits', 'dataElements', 'indicators', 'dataSets', 'categoryOptionCombos']) {
        const list = (await get(`/api/metadata/${kind}`)) as Record<string, { code?: string | null }[]>;
        for (const o of list[kind] ?? []) {
          for (const w of (o.code ?? '').split(/[^A-Za-z_]+/)) {
            words.add(w);
          }
        }
      }
      const { users } = (await get('/api/users')) as { users: { username: string }[] };
      for (const u of users) {
        words.add(u.username);
      }
      dataWordSet = words;
      return words;
    }

    async function shot(page: Page, name: string): Promise<void> {
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    }

    it('refuses a wrong password and signs in to a populated Chinese cockpit; the wall screen fits 1920×1080', async () => {
      const page = pageErrors.watch(await browser.newPage({ viewport: { width: 1366, height: 768 } }));
      await page.goto(base);
      await page.getByLabel('用户名').fill('stats');
      await page.getByLabel('密码').fill('wrong-password-1');
      await page.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('登录失败');
      await shot(page, '00-login');
      await page.close();

      const cockpit = await signIn('stats');
      await cockpit.locator('[data-chart] svg').first().waitFor();
      expect(await cockpit.locator('h1').textContent()).toContain('江津区卫生健康发展“十四五”规划');
      expect(await cockpit.getByTestId('kpi-indicators').textContent()).toBe('24');
      expect(await cockpit.getByTestId('binding-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(
        4,
      );
      expect(await cockpit.getByTestId('kpi-completeness').textContent()).toMatch(/%$/);
      await shot(cockpit, '01-cockpit');
      await cockpit.close();

      const wall = await signIn('viewer', { width: 1920, height: 1080 });
      await wall.getByRole('link', { name: '大屏模式' }).click();
      await wall.locator('.layout.wall').waitFor();
      expect(await wall.locator('nav').count()).toBe(0);
      await shot(wall, '02-cockpit-wall');
      await wall.close();
    });

    it('a value entered on the form shows at once in the cockpit and the indicator page (no refresh job)', async () => {
      const page = await signIn('stats');
      const imr = async (): Promise<string> => {
        await page.goto(`${base}#/plans/jiangjin-14th/indicators/IMR?year=2024`);
        await page.getByTestId('indicator-latest').waitFor();
        return (await page.getByTestId('indicator-latest').textContent()) ?? '';
      };
      const before = await imr();
      await shot(page, '04-indicator');
      // Find 白沙镇 by searching the tree, then the yearly form of 2024: closed (expiry days), read-only.
      const openForm = async (): Promise<void> => {
        await page.goto(`${base}#/entry`);
        await page.getByLabel('搜索机构名称或编码').fill('白沙镇');
        await page.locator('button.unit[data-unit="JJ-BS"]').click();
        await page.getByTestId('dataset').selectOption({ label: '人口与妇幼年报' });
        await page.getByTestId('period').selectOption('2024');
        await page.getByTestId('approval-state').waitFor();
      };
      await openForm();
      await expect.poll(() => page.getByTestId('locked').textContent()).toContain('已过填报期限');
      expect(await page.locator('input[data-de="INFANT_DEATHS"]').getAttribute('readonly')).not.toBeNull();
      // An administrator re-opens 2024 for 白沙镇 (a lock exception); the form opens for entry.
      const admin = await signIn('admin');
      await admin.goto(`${base}#/admin/locks`);
      await admin.getByTestId('lock-dataset').selectOption({ label: '人口与妇幼年报' });
      await admin.getByTestId('lock-unit').fill('JJ-BS');
      await admin.getByTestId('lock-period').fill('2024');
      await admin.getByTestId('lock-reason').fill('年报更正');
      await admin.getByTestId('lock-grant').click();
      await admin.getByTestId('lock-exceptions').locator('tbody tr', { hasText: '白沙镇' }).waitFor();
      await shot(admin, '17-admin-lock-exceptions');
      await admin.close();
      await page.reload();
      await openForm();
      await expect.poll(() => page.getByTestId('locked').count()).toBe(0);
      const cell = page.locator('input[data-de="INFANT_DEATHS"]');
      await cell.waitFor();
      const old = Number(await cell.inputValue());
      await cell.fill(String(old + 10));
      await cell.press('Enter'); // moves to the next cell: the blur saves
      // Saved, with the warning of a rule it now breaks (under-5 deaths below infant deaths).
      await expect.poll(() => cell.locator('xpath=..').getAttribute('class')).toContain('warning');
      expect(await cell.locator('xpath=..').textContent()).toMatch(
        /已保存，但请核对：5岁以下儿童死亡数 \d+ ≥ 婴儿死亡数 \d+/,
      );
      expect(await page.locator('input[data-de="NEONATAL_DEATHS"]:focus').count()).toBe(1);
      // Checking the whole form lists the rule the new figure breaks.
      await page.getByTestId('check-form').click();
      await expect
        .poll(() => page.getByTestId('check-result').textContent())
        .toContain('5岁以下儿童死亡数 ≥ 婴儿死亡数');
      // A bad value is refused inline, with core's reason, and not saved.
      const neonatal = page.locator('input[data-de="NEONATAL_DEATHS"]');
      const neonatalBefore = await neonatal.inputValue();
      await neonatal.fill('-3');
      await neonatal.press('Tab');
      await expect
        .poll(() => neonatal.locator('xpath=..').textContent())
        .toContain('格式不对：应为零或正整数');
      await neonatal.fill(neonatalBefore);
      // A count typed with a thousands separator is read as core reads it: saved as 1234, shown so.
      const stored = (de: string): Promise<string | null> =>
        page.evaluate(
          async (code) =>
            (
              (await (await fetch(`/api/dataValues?de=${code}&ou=JJ-BS&pe=2024`)).json()) as {
                dataValues: { value: string | null }[];
              }
            ).dataValues[0]?.value ?? null,
          de,
        );
      const places = page.locator('input[data-de="CHILDCARE_PLACES"]');
      await places.fill('1,234');
      await places.press('Tab');
      await expect.poll(() => stored('CHILDCARE_PLACES')).toBe('1234');
      await expect.poll(() => places.inputValue()).toBe('1234');
      expect(await places.locator('xpath=..').getAttribute('class')).not.toContain('error');
      await page.getByTestId('complete').click();
      await expect.poll(() => page.getByTestId('completion').textContent()).toContain('已由 stats');
      await shot(page, '03-entry');
      // Approving the town locks the form: the server refuses an edit with a clear message until unapproved.
      await page.getByTestId('approve').click();
      await expect.poll(() => page.getByTestId('locked').textContent()).toContain('已由白沙镇审核');
      const tryEdit = (): Promise<[number, string]> =>
        page.evaluate(async () => {
          const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
          const r = await fetch('/api/dataValues', {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'accept-language': 'zh-CN',
              'x-csrf-token': me.csrfToken,
            },
            body: JSON.stringify({
              dataElement: 'CHILDCARE_PLACES',
              orgUnit: 'JJ-BS',
              period: '2024',
              value: '170',
            }),
          });
          return [r.status, await r.text()] as [number, string];
        });
      const [status, body] = await tryEdit();
      expect(status).toBe(409);
      expect(body).toContain('HW_LOCKED');
      expect(body, body).toContain('请先撤销审核');
      await shot(page, '18-entry-approved');
      await page.getByTestId('unapprove').click();
      await expect.poll(() => page.getByTestId('approval').textContent()).toContain('撤销审核必须填写原因');
      await page.getByTestId('unapprove-reason').fill('发现漏报，退回修改');
      await page.getByTestId('unapprove').click();
      await expect.poll(() => page.getByTestId('locked').count()).toBe(0);
      expect((await tryEdit())[0]).toBe(200);
      const after = await imr();
      expect(Number(after)).toBeGreaterThan(Number(before));
      // The cockpit's headline list shows the new rate too.
      await page.goto(`${base}#/?year=2024`);
      await page.getByTestId('cockpit').waitFor();
      await expect
        .poll(() => page.locator('.headline li', { hasText: '婴儿死亡率' }).textContent())
        .toContain(after);
      await page.close();
    });

    it('imports a file with one bad row: the dry run names the row and field and writes nothing', async () => {
      const page = await signIn('stats');
      await page.goto(`${base}#/import`);
      // This month: open for entry (last year's months are closed by the data set's expiry days).
      const now = new Date();
      const month = `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}`;
      const csv = `数据元,期间,机构,数值\nOPD_VISITS,${month},JJ-BS-HC,6120\nOPD_VISITS,${month},NO-SUCH-UNIT,10\n`;
      await page
        .getByTestId('import-file')
        .setInputFiles({ name: 'jan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-conflicts').waitFor();
      const row = page.getByTestId('import-conflicts').locator('tbody tr');
      expect(await row.count()).toBe(1);
      expect(await row.first().textContent()).toContain('3');
      expect(await row.first().textContent()).toContain('NO-SUCH-UNIT');
      expect(await page.getByTestId('import-status').textContent()).toContain('有错误');
      expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
      await shot(page, '05-import');
      // Skipping the bad row imports the good one.
      await page.getByLabel('跳过有问题的行，导入其余行').check();
      await page.getByTestId('import-check').click();
      await expect.poll(() => page.getByTestId('import-commit').isDisabled()).toBe(false);
      await page.getByTestId('import-commit').click();
      await expect.poll(() => page.getByTestId('import-status').textContent()).toMatch(/新增 1/);
      await page.close();
    });

    it('generates the mid-term evaluation and downloads it as PDF', async () => {
      const page = await signIn('viewer');
      await page.goto(`${base}#/reports`);
      await page.getByTestId('report-kind').selectOption('midterm');
      await page.getByTestId('report-year').selectOption('2023');
      await page.getByTestId('report-format').selectOption('pdf');
      await shot(page, '06-reports');
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByTestId('report-download').click(),
      ]);
      expect(download.suggestedFilename()).toBe('jiangjin-14th-midterm-2023.pdf');
      const file = join(dir, 'midterm.pdf');
      await download.saveAs(file);
      const pdf = await readFile(file);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(50_000);
      await page.close();
    });

    it('a clerk sees only their institution and cannot open another institution’s form', async () => {
      const page = await signIn('clerk');
      await page.goto(`${base}#/entry`);
      const units = page.locator('.tree button.unit');
      await units.first().waitFor();
      expect(await units.allTextContents()).toEqual(['白沙中心卫生院']);
      // Another institution's form by address: the server refuses it.
      const other = await page.evaluate(async () => {
        const r = await fetch('/api/metadata/orgUnits/JJ-SM-HC');
        return ((await r.json()) as { id: string }).id;
      });
      await page.goto(`${base}#/entry?ou=${other}&ds=${'JJ_SERVICES_M'}&pe=202412`);
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('不在您的查看范围内');
      expect(await page.locator('input[data-cell]').count()).toBe(0);
      // And the menu has no administration or audit.
      expect(await page.getByRole('navigation', { name: '主导航' }).textContent()).not.toContain('系统管理');
      await page.goto(`${base}#/admin`);
      await page.getByText('无权访问').waitFor();
      await page.close();
    });

    it('switches to English and back; the choice is kept', async () => {
      const page = await signIn('admin');
      await page.getByTestId('language').click();
      await page.getByRole('link', { name: 'Cockpit' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByRole('navigation', { name: 'Main navigation' }).textContent()).toContain(
        'Data entry',
      );
      await page.reload();
      await page.getByRole('link', { name: 'Plan monitoring' }).waitFor();
      await shot(page, '07-cockpit-en');
      await page.getByTestId('language').click();
      await page.getByRole('link', { name: '驾驶舱' }).waitFor();
      await page.close();
    });

    it('administration: a new clerk account, an org unit edited with the import checks; the account page makes a token', async () => {
      const page = await signIn('admin');
      await page.goto(`${base}#/admin/users`);
      const form = page.locator('form', { has: page.getByRole('button', { name: '创建' }) });
      await form.getByLabel('用户名').fill('lihushi');
      await form.getByLabel('密码').fill('Li-hushi-2026');
      await form.getByLabel('姓名').fill('李护士');
      await form.getByLabel('角色').selectOption('clerk');
      await form.getByLabel('填报范围（机构编码，逗号分隔）').fill('JJ-BS-VC1');
      await form.getByRole('button', { name: '创建' }).click();
      await expect.poll(() => page.getByTestId('admin-users').textContent()).toContain('李护士');
      expect(
        await page.getByTestId('admin-users').locator('tr', { hasText: 'lihushi' }).textContent(),
      ).toContain('JJ-BS-VC1');
      // An org unit's JSON, edited: a bad reference is refused with the import's message; a good edit saves.
      await page.goto(`${base}#/admin/orgUnits`);
      await page.getByLabel('筛选').fill('JJ-BS-VC1');
      await page
        .getByTestId('admin-orgUnits')
        .locator('tr', { has: page.getByRole('cell', { name: 'JJ-BS-VC1', exact: true }) })
        .getByRole('button', { name: '编辑' })
        .click();
      const json = page.getByLabel('编辑（JSON，与导入相同的校验）');
      const original = await json.inputValue();
      await json.fill(original.replace(/"parent": "[^"]+"/, '"parent": "NO-SUCH-PARENT"'));
      await page.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('NO-SUCH-PARENT');
      await json.fill(
        original
          .replace(/"shortName": "[^"]*",?\s*/, '')
          .replace(/"name": "([^"]+)"/, '"shortName": "石龙村", "name": "$1"'),
      );
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText('已保存').waitFor();
      // The new clerk signs in and makes an API token on the account page.
      const clerk = await signIn('lihushi', undefined, 'Li-hushi-2026');
      await clerk.goto(`${base}#/account`);
      await clerk.getByLabel('令牌名称').fill('报表脚本');
      await clerk.getByRole('button', { name: '创建令牌' }).click();
      await expect.poll(() => clerk.getByTestId('new-token').textContent()).toMatch(/^hwt_/);
      await clerk.getByLabel('当前密码').fill('not-the-password-1');
      await clerk.getByLabel(/^新密码（/).fill('Li-hushi-2027');
      await clerk.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => clerk.getByRole('alert').textContent()).toContain('当前密码不正确');
      await clerk.close();
      await page.close();
    });

    it('every main page opens populated (screenshots saved under test-results/screenshots)', async () => {
      const page = await signIn('admin');
      const pages: [string, string, string][] = [
        ['08-plan', '#/plans/jiangjin-14th?year=2023', '[data-testid^="section-"] tbody tr'],
        [
          '09-explorer',
          '#/explorer?dx=IMR;BEDS_PER_1000&pe=2022;2023;2024&children=1&rows=ou&cols=pe&chart=bar',
          '[data-testid=pivot] tbody tr',
        ],
        ['10-quality', '#/quality', '[data-testid=completeness] tbody tr'],
        ['11-warnings', '#/warnings', '[data-testid=events-table] tbody tr'],
        ['12-audit', '#/audit', '[data-testid=audit-table] tbody tr'],
        ['13-admin-org-units', '#/admin/orgUnits', '[data-testid=admin-orgUnits] tbody tr'],
        ['14-admin-users', '#/admin/users', '[data-testid=admin-users] tbody tr'],
        ['15-account', '#/account', 'form'],
      ];
      for (const [name, hash, ready] of pages) {
        await page.goto(base + hash);
        await page.locator(ready).first().waitFor({ timeout: 20_000 });
        if (name === '10-quality') {
          // The whole of 2024: the planted missing and late reports are listed.
          await page.getByLabel('期间', { exact: true }).first().fill('2024');
          await page.getByRole('button', { name: '查询' }).first().click();
          await expect
            .poll(() => page.getByTestId('late').textContent())
            .toMatch(/龙华镇 · 龙华镇\S*卫生院202405/);
          expect(await page.getByTestId('missing').textContent()).toContain('石门中心卫生院');
          // The planted outlier is found, flagged for follow-up with a comment, and listed.
          await page.getByTestId('scan-outliers').click();
          const outlier = page.getByTestId('outliers').locator('tbody tr', { hasText: '李市中心卫生院' });
          await outlier.waitFor();
          await page.getByTestId('followup-comment').fill('约为平时 8 倍，请核实');
          await outlier.getByTestId('flag').click();
          await expect
            .poll(() => page.getByTestId('followups').textContent())
            .toContain('约为平时 8 倍，请核实');
          // The demo's planted problems of 2024 show up as rule violations.
          await page.getByLabel('期间', { exact: true }).last().fill('2024');
          await page.getByTestId('run-validation').click();
          await page.getByTestId('violations').locator('tbody tr').first().waitFor();
        }
        await shot(page, name);
        expect(await foreignWords(page), `${hash}: Latin words in the Chinese UI`).toEqual([]);
      }
      // The red event of the planted outbreak opens with its explanation and series.
      await page.goto(`${base}#/warnings`);
      await page
        .getByTestId('events-table')
        .locator('tbody tr', { hasText: '白沙镇' })
        .first()
        .getByRole('link')
        .click();
      await expect.poll(() => page.getByTestId('event-explanation').textContent()).toContain('白沙镇');
      await page.locator('[data-chart] svg').first().waitFor();
      await shot(page, '16-warning-event');
      expect(await foreignWords(page), 'warning event: Latin words in the Chinese UI').toEqual([]);
      // Every page as every other role, and an address that names no page.
      for (const user of ['stats', 'clerk', 'viewer', 'cdc']) {
        const as = await signIn(user);
        for (const hash of [
          '#/',
          '#/plans/jiangjin-14th',
          '#/entry',
          '#/import',
          '#/explorer',
          '#/quality',
          '#/warnings',
          '#/reports',
          '#/audit',
          '#/admin/users',
          '#/account',
        ]) {
          await as.goto(base + hash);
          await as.waitForLoadState('networkidle');
          expect(await foreignWords(as), `${user} ${hash}: Latin words in the Chinese UI`).toEqual([]);
        }
        await as.close();
      }
      await page.close();
      const lost = await signIn('viewer');
      await lost.goto(`${base}#/plan/jiangjin-14th`);
      await expect.poll(() => lost.getByTestId('not-found').textContent()).toContain('页面不存在');
      await lost.close();
    });
  },
);
