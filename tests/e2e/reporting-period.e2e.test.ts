import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { findChromium } from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { openMigratedStore } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PageErrors } from '../helpers/page-errors.js';
import { hw } from '../helpers/run-cli.js';

// Issue 16, point 1, in a real browser. The server's today is pinned to 2026-12-01 (the day the
// users reported it): the monthly reports of 202611 are open (due 2026-12-10), 202610 is the latest
// due month, 202612 has not ended. The browser's own clock plays no part.
const WEB_ROOT = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const PASSWORD = 'Demo-pass-2024';
const CHROMIUM = findChromium(process.env.HEALTHWATCH_CHROMIUM);
const TODAY = '2026-12-01';

describe.skipIf(CHROMIUM === null && !process.env.CI)(
  'the reporting period in the browser (demo district, today 2026-12-01)',
  () => {
    let dir: string;
    let store: Store;
    let server: ServerType;
    let browser: Browser;
    const pageErrors = new PageErrors();
    let base: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'hw-e2e-period-'));
      const url = `sqlite:${join(dir, 'demo.db')}`;
      const built = await hw(['--db', url, 'demo'], { HEALTHWATCH_DEMO_PASSWORD: PASSWORD });
      expect(built.code, built.stderr).toBe(0);
      store = await openMigratedStore(url);
      const app = createApp(store, { webRoot: WEB_ROOT, today: () => TODAY });
      server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      browser = await chromium.launch({
        executablePath: CHROMIUM ?? undefined,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      });
    }, 180_000);

    afterEach(() => {
      expect(pageErrors.take()).toEqual([]);
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      await store?.close();
      await rm(dir, { recursive: true, force: true });
    });

    async function signIn(user: string): Promise<Page> {
      const page = pageErrors.watch(await browser.newPage({ viewport: { width: 1366, height: 768 } }));
      await page.goto(base);
      await page.getByLabel('用户名').fill(user);
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('cockpit').waitFor();
      return page;
    }

    it("the cockpit shows the latest due month's completeness, to one decimal with its counts", async () => {
      const page = await signIn('viewer');
      const kpi = page.getByTestId('kpi-completeness');
      await kpi.waitFor();
      // What the server counts for the latest due month, asked for explicitly.
      const asked = await page.evaluate(async () => {
        const sets = (await (await fetch('/api/metadata/dataSets')).json()) as {
          dataSets: { code: string | null; periodType: string; orgUnits: string[] }[];
        };
        const monthly = sets.dataSets.find((d) => d.periodType === 'Monthly' && d.orgUnits.length > 0);
        const r = await fetch(`/api/completeness?ds=${monthly?.code ?? ''}&ou=JJ&pe=202610`);
        return (await r.json()) as { rate: number | null; actual: number; expected: number };
      });
      expect(asked.expected).toBeGreaterThan(0);
      const label = await kpi.locator('xpath=..').locator('span').first().textContent();
      expect(label).toBe('上一期数据完整性（2026年10月）');
      const text = (await kpi.textContent()) ?? '';
      expect(text).toMatch(/^\d{1,3}\.\d%$/);
      expect(Number(text.slice(0, -1))).toBeCloseTo((asked.rate ?? 0) * 100, 1);
      expect(await page.getByTestId('kpi-completeness-counts').textContent()).toContain(
        `已报 ${asked.actual} / 应报 ${asked.expected}`,
      );
      expect(await kpi.getAttribute('title')).toBe(
        `${text}（已报 ${asked.actual} / 应报 ${asked.expected}）`,
      );
      // The wall screen is the same figure.
      await page.getByRole('link', { name: '大屏模式' }).click();
      await page.locator('.layout.wall').waitFor();
      await expect.poll(() => page.getByTestId('kpi-completeness').textContent()).toBe(text);
      await page.close();
    });

    it('data entry offers the periods newest first in Chinese, no month that has not ended, and disables the form while another loads', async () => {
      const page = await signIn('clerk');
      await page.goto(`${base}#/entry`);
      // A clerk with one institution lands on its form, the monthly report, without choosing anything.
      await expect
        .poll(async () => (await page.getByTestId('dataset').locator('option:checked').textContent()) ?? '')
        .toBe('医疗服务月报');
      expect(page.url()).toContain('ou=');
      await page.locator('button.unit[data-unit="JJ-BS-HC"]').click();
      await page.getByTestId('dataset').selectOption({ label: '医疗服务月报' });
      const select = page.getByTestId('period');
      await expect.poll(() => select.isDisabled()).toBe(false);
      const options: { value: string; text: string; title: string; group: string }[] = [];
      for (const o of await select.locator('option').all()) {
        options.push({
          value: (await o.getAttribute('value')) ?? '',
          text: (await o.textContent()) ?? '',
          title: (await o.getAttribute('title')) ?? '',
          group: (await o.locator('xpath=..').getAttribute('label')) ?? '',
        });
      }
      // Open for entry: only 202611 (202610 closed on 2026-11-15; 202612 has not ended).
      expect(options.filter((o) => o.group === '可填报').map((o) => o.text)).toEqual(['2026年11月']);
      expect(options.map((o) => o.value)).not.toContain('202612');
      expect(options.every((o) => /^\d{4}年\d{1,2}月$/.test(o.text))).toBe(true);
      expect(options.every((o) => o.title.startsWith(`${o.value} · `))).toBe(true);
      const values = options.map((o) => o.value);
      expect(values).toEqual([...values].sort().reverse());
      expect(await select.inputValue()).toBe('202611');
      const cells = page.locator('input[data-cell]');
      await cells.first().waitFor();
      expect(await cells.first().isDisabled()).toBe(false);

      // A slow network: the next form takes a while. Until it is loaded nothing can be typed.
      await page.route('**/api/dataEntry/form?**', async (route) => {
        await sleep(1500);
        await route.continue();
      });
      await select.selectOption('202610');
      await page.getByTestId('form-loading').waitFor();
      expect(await page.getByTestId('form-loading').textContent()).toContain('2026年10月');
      expect(await cells.first().isDisabled()).toBe(true);
      const count = await cells.count();
      expect(count).toBeGreaterThan(0);
      expect(await page.locator('input[data-cell]:disabled').count()).toBe(count);
      await expect.poll(() => page.getByTestId('form-loading').count(), { timeout: 10_000 }).toBe(0);
      expect(await cells.first().isDisabled()).toBe(false);
      expect(await page.locator('.form-layout h2').first().textContent()).toContain('2026年10月');
      await page.close();
    });

    it('the data-quality page opens on the latest due month, not the current one', async () => {
      const page = await signIn('stats');
      await page.goto(`${base}#/quality`);
      const caption = page.getByTestId('completeness').locator('caption');
      await caption.waitFor();
      expect(await caption.textContent()).toContain('2026年10月');
      expect(await page.getByTestId('completeness-rate').textContent()).toMatch(
        /^(\d{1,3}\.\d%|—)（已报 \d+ \/ 应报 \d+）$/,
      );
      await page.close();
    });
  },
);
