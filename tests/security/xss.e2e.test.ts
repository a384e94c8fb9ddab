import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { findChromium } from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { bumpMetadataVersion, openMigratedStore, readSetting, writeSetting } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { tableRows, updateRows } from '@healthwatch/store/testing';
import JSZip from 'jszip';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from '../helpers/http-session.js';
import { hw } from '../helpers/run-cli.js';

// Stored XSS, attacked as a stats user would: payloads go into every name and comment field the
// pages show (through the HTTP API where it can set them, the store where it cannot), then an
// administrator opens every page in Chromium and hovers every chart element. Nothing may run:
// no marker set, no dialog, no request to another host, no write the test did not cause, no page
// error, and no Content-Security-Policy violation at all (data is rendered as text, so a payload
// never even reaches the HTML parser; a violation would mean it did and only the CSP stopped it).

const WEB_ROOT = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));
const PASSWORD = 'Demo-pass-2024';
const CHROMIUM = findChromium(process.env.HEALTHWATCH_CHROMIUM);
const EVIL_HOST = 'xss.invalid';

/** JavaScript that marks the page as attacked, named by the field (regex sources: no quotes needed). */
const mark = (tag: string): string => `__xss=/${tag}/.source`;
/** The full set, for fields that take a few hundred characters. */
const payload = (tag: string): string =>
  `javascript:${mark(tag)}//${tag}<img src=x onerror=${mark(tag)};fetch(/\\/api\\/users/.source,{method:/POST/.source})><svg onload=${mark(tag)}>"><script>${mark(tag)}</script></title><script>${mark(tag)}</script><img src=//${EVIL_HOST}/${tag}>{{constructor.constructor('alert(1)')()}}`;
/** A shorter set for fields limited to 100 characters (API token names). */
const short = (tag: string): string =>
  `${tag}<img src=x onerror=__xss=1><svg onload=alert(1)>"><script>__xss=1</script>`;

interface Attack {
  writes: string[];
  violations: string[];
  dialogs: string[];
  pageErrors: string[];
  foreign: string[];
}

describe.skipIf(CHROMIUM === null && !process.env.CI)(
  'stored XSS: payloads in every name and comment, rendered in Chromium',
  () => {
    let dir: string;
    let store: Store;
    let server: ServerType;
    let browser: Browser;
    let base: string;
    let origin: string;
    const ids: { town: string; institution: string; redEvent: number } = {
      town: '',
      institution: '',
      redEvent: 0,
    };

    beforeAll(async () => {
      expect(CHROMIUM, 'chromium is needed for the browser tests (apt-get install chromium)').not.toBeNull();
      dir = await mkdtemp(join(tmpdir(), 'hw-xss-'));
      await mkdir(SHOTS, { recursive: true });
      const url = `sqlite:${join(dir, 'demo.db')}`;
      const built = await hw(['--db', url, 'demo'], { HEALTHWATCH_DEMO_PASSWORD: PASSWORD });
      expect(built.code, built.stderr).toBe(0);
      store = await openMigratedStore(url);
      const app = createApp(store, { webRoot: WEB_ROOT });
      await plant(app, store, ids);
      server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      base = `${origin}/`;
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
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      await store?.close();
      await rm(dir, { recursive: true, force: true });
    });

    /** A browser context that records everything an executed payload could do. */
    async function watched(): Promise<{ context: BrowserContext; attack: Attack }> {
      const attack: Attack = { writes: [], violations: [], dialogs: [], pageErrors: [], foreign: [] };
      const context = await browser.newContext({
        viewport: { width: 1366, height: 900 },
        acceptDownloads: true,
      });
      await context.exposeBinding('__hwCspViolation', (_source, v: string) => void attack.violations.push(v));
      // Injected by the driver (not subject to the page's CSP): reports every violation event.
      await context.addInitScript(() => {
        const w = globalThis as unknown as BrowserWindow;
        w.document.addEventListener(
          'securitypolicyviolation',
          (e) => void w.__hwCspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
        );
      });
      context.on('request', (r) => {
        const u = new URL(r.url());
        if (!['data:', 'blob:'].includes(u.protocol) && u.origin !== origin) {
          attack.foreign.push(r.url());
        }
        if (!['GET', 'HEAD'].includes(r.method())) {
          attack.writes.push(`${r.method()} ${u.pathname}`);
        }
      });
      const watch = (page: Page): void => {
        page.on('dialog', (d) => {
          attack.dialogs.push(`${d.type()}: ${d.message()}`);
          void d.dismiss();
        });
        page.on('pageerror', (e) => void attack.pageErrors.push(e.message));
        page.on('console', (m) => {
          if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) {
            attack.violations.push(m.text());
          }
        });
      };
      context.on('page', watch);
      return { context, attack };
    }

    async function signIn(context: BrowserContext, user: string): Promise<Page> {
      const page = await context.newPage();
      await page.goto(base);
      await page.getByLabel('用户名').fill(user);
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('cockpit').waitFor();
      return page;
    }

    /** Nothing ran: the marker is unset and no page did anything an executed payload would. */
    async function expectClean(page: Page, attack: Attack, where: string, caused: string[]): Promise<void> {
      await page.waitForTimeout(300); // image errors and load events fire asynchronously
      expect(
        await page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss),
        `script ran on ${where}`,
      ).toBeUndefined();
      expect(attack.dialogs, where).toEqual([]);
      expect(attack.foreign, where).toEqual([]);
      expect(attack.pageErrors, where).toEqual([]);
      expect(attack.violations, where).toEqual([]);
      expect([...attack.writes].sort(), where).toEqual([...caused].sort());
    }

    /**
     * Moves the mouse over every drawn element of every chart on the page (markers, bars, slices, axis
     * labels), so each tooltip is shown; answers the tooltip texts seen.
     */
    async function hoverCharts(page: Page): Promise<string[]> {
      const charts = page.locator('[data-chart]');
      await charts.first().locator('svg').waitFor();
      await page.waitForTimeout(1200); // the charts' entry animation
      const seen = new Set<string>();
      for (let k = 0; k < (await charts.count()); k++) {
        const chart = charts.nth(k);
        await chart.scrollIntoViewIfNeeded();
        const points = await centres(chart, 'svg path, svg text', 300);
        for (const [x, y] of points.slice(0, 300)) {
          await page.mouse.move(x, y);
          const tip = await tooltipText(chart);
          if (tip) {
            seen.add(tip);
          }
        }
        await page.mouse.move(0, 0);
      }
      return [...seen];
    }

    it('no payload runs anywhere in the web app; names and comments show as text, tooltips included', async () => {
      const { context, attack } = await watched();
      const caused = ['POST /api/auth/login'];
      const page = await signIn(context, 'admin');
      await expectClean(page, attack, 'login', caused);
      // The header shows the administrator's own display name (a payload) on every page.
      expect(await page.locator('header.topbar .who').textContent()).toContain('XSS-USER<img');

      // Cockpit: plan, section and indicator names in the pie, the section bars and the tables.
      await page.goto(`${base}#/?year=2024`);
      await page.getByTestId('cockpit').waitFor();
      const cockpitTips = await hoverCharts(page);
      await expectClean(page, attack, 'cockpit', caused);
      expect(await page.locator('h1').textContent()).toContain('XSS-PLAN<img');
      expect(cockpitTips.join('\n')).toContain('XSS-SECTION<img src=x onerror=');

      // Plan page.
      await page.goto(`${base}#/plans/jiangjin-14th?year=2024`);
      await page.locator('[data-testid^="section-"] tbody tr').first().waitFor();
      await expectClean(page, attack, 'plan', caused);

      // Indicator page: trend, town bars and the town map (names in tooltips and labels); then one
      // town's institutions.
      await page.goto(`${base}#/plans/jiangjin-14th/indicators/IMR?year=2024`);
      await page.getByTestId('area-table').waitFor();
      const indicatorTips = await hoverCharts(page);
      await expectClean(page, attack, 'indicator', caused);
      expect(indicatorTips.join('\n')).toContain('XSS-TOWN<img src=x onerror=');
      await shot(page, 'xss-indicator');
      await page.goto(`${base}#/plans/jiangjin-14th/indicators/IMR?year=2024&area=${ids.town}`);
      await page.getByTestId('area-table').waitFor();
      await hoverCharts(page);
      await expectClean(page, attack, 'indicator, one town', caused);

      // Warnings: the event list and the map, every marker hovered (the reported XSS-to-admin).
      await page.goto(`${base}#/warnings`);
      await page.getByTestId('events-table').locator('tbody tr').first().waitFor();
      const warningTips = await hoverCharts(page);
      await expectClean(page, attack, 'warnings map', caused);
      expect(warningTips.join('\n')).toContain('XSS-TOWN<img src=x onerror=');
      expect(await page.getByTestId('events-table').textContent()).toContain('XSS-DISEASE<img');
      await showTooltipOf(page, 'XSS-TOWN');
      await shot(page, 'xss-warnings-map');
      await showTooltipOf(page, '龙华镇');
      await shot(page, 'xss-warnings-map-plain-name');

      // One event: name, explanation, series chart and the workflow log with the note.
      await page.goto(`${base}#/warnings/${ids.redEvent}`);
      await expect
        .poll(() => page.getByTestId('event-explanation').textContent())
        .toContain('XSS-EXPLANATION<img');
      await hoverCharts(page);
      expect(await page.locator('.history').textContent()).toContain('XSS-NOTE<img');
      await expectClean(page, attack, 'event', caused);

      // Explorer: names as series (legend, tooltip rows) and as categories (axis labels, tooltip header).
      for (const layout of ['rows=ou&cols=pe', 'rows=pe&cols=ou', 'rows=dx&cols=ou']) {
        await page.goto(`${base}#/explorer?dx=IMR;INFANT_DEATHS&pe=2023;2024&children=1&${layout}&chart=bar`);
        await page.getByTestId('pivot').locator('tbody tr').first().waitFor({ timeout: 20_000 });
        const tips = await hoverCharts(page);
        await expectClean(page, attack, `explorer ${layout}`, caused);
        // ECharts' default tooltip (axis trigger) shows the names as text.
        expect(tips.join('\n'), layout).toMatch(/XSS-(TOWN|INDICATOR)<img src=x onerror=/);
      }
      expect(await page.getByTestId('pivot').textContent()).toContain('XSS-INDICATOR<img');
      // The chart saved as PNG (drawn from an SVG data URL, which the policy's img-src allows).
      const [png] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出图片' }).click(),
      ]);
      expect(png.suggestedFilename()).toBe('analytics.png');
      expect((await readFile((await png.path()) ?? '')).subarray(1, 4).toString()).toBe('PNG');
      await expectClean(page, attack, 'explorer PNG', caused);

      // Data entry: the institution in the tree, data set, element and option names, a comment.
      await page.goto(`${base}#/entry?ou=${ids.institution}&ds=JJ_SERVICES_M&pe=${thisMonth()}`);
      await page.locator('input[data-cell]').first().waitFor();
      await expectClean(page, attack, 'data entry', caused);
      expect(await page.locator('main').textContent()).toContain('XSS-ELEMENT<img');
      expect(await page.locator('[title^="javascript:__xss=/XSS-COMMENT/"]').count()).toBe(1);
      // The town's yearly form (re-opened by the lock exception): disaggregations, and its rule check.
      await page.goto(`${base}#/entry?ou=${ids.town}&ds=JJ_POP_MCH_Y&pe=2024`);
      await page.locator('input[data-cell]').first().waitFor();
      await page.getByTestId('check-form').click();
      caused.push('POST /api/validation/run');
      await page.getByTestId('check-result').waitFor();
      await expectClean(page, attack, 'data entry, yearly form', caused);
      expect(await page.locator('main').textContent()).toContain('XSS-OPTION<img');

      // Data quality: completeness, the follow-up list with its comment, validation rule names and
      // instructions of a run, outliers.
      await page.goto(`${base}#/quality`);
      await page.getByTestId('completeness').locator('tbody tr').first().waitFor();
      await expect.poll(() => page.getByTestId('followups').textContent()).toContain('XSS-FOLLOWUP<img');
      await page.getByTestId('run-validation').click();
      caused.push('POST /api/validation/run');
      await expect.poll(() => page.getByTestId('violations').textContent()).toContain('XSS-RULE<img');
      await page.getByTestId('scan-outliers').click();
      await page.getByTestId('outliers').waitFor();
      await expectClean(page, attack, 'data quality', caused);

      // Audit, administration (every tab), account.
      await page.goto(`${base}#/audit`);
      await page.getByTestId('audit-table').locator('tbody tr').first().waitFor();
      await expectClean(page, attack, 'audit', caused);
      for (const tab of ['orgUnits', 'dataElements', 'dataSets', 'indicators']) {
        await page.goto(`${base}#/admin/${tab}`);
        await page.getByTestId(`admin-${tab}`).locator('tbody tr').first().waitFor();
        expect(await page.getByTestId(`admin-${tab}`).textContent()).toContain('XSS-');
        await expectClean(page, attack, `admin ${tab}`, caused);
      }
      for (const [tab, ready] of [
        ['plans', 'table tbody tr'],
        ['users', '[data-testid=admin-users] tbody tr'],
        ['locks', '[data-testid=lock-exceptions] tbody tr'],
      ] as const) {
        await page.goto(`${base}#/admin/${tab}`);
        await page.locator(ready).first().waitFor();
        await expectClean(page, attack, `admin ${tab}`, caused);
      }
      expect(await page.getByTestId('lock-exceptions').textContent()).toContain('XSS-REASON<img');
      await page.goto(`${base}#/account`);
      await expect.poll(() => page.locator('main').textContent()).toContain('XSS-TOKEN<img');
      await expectClean(page, attack, 'account', caused);

      // Reports: the page, then the HTML report it links to, opened in a new tab.
      await page.goto(`${base}#/reports`);
      await page.getByTestId('report-format').waitFor();
      const [report] = await Promise.all([
        context.waitForEvent('page'),
        page.locator('a[target=_blank][href*="format=html"]').click(),
      ]);
      await report.waitForLoadState('load');
      const served = await page.request.get(report.url());
      expect(served.headers()['content-security-policy']).toMatch(
        /^default-src 'none'; style-src 'unsafe-inline'; img-src data:;.*frame-ancestors 'none'; sandbox$/,
      );
      expect(served.headers()['x-frame-options']).toBe('DENY');
      expect(served.headers()['x-content-type-options']).toBe('nosniff');
      expect(await report.locator('body').textContent()).toContain('XSS-PLAN<img');
      await shot(report, 'xss-report-html');
      await expectClean(report, attack, 'HTML report', caused);
      await expectClean(page, attack, 'reports', caused);

      // The API page.
      await page.goto(`${base}api/docs`);
      await page.locator('table tbody tr').first().waitFor();
      await expectClean(page, attack, '/api/docs', caused);
      await context.close();
    }, 600_000);

    it('the Markdown and Word reports carry the payloads as text, never as markup', async () => {
      const { context } = await watched();
      const page = await signIn(context, 'admin');
      const path = (format: string): string =>
        `${base}api/plans/jiangjin-14th/evaluation?year=2023&kind=midterm&format=${format}`;
      const tags = (text: string): string[] => [
        ...new Set(text.match(/<\/?(img|svg|script|title)\b[^>]*>/gi) ?? []),
      ];
      const md = await (await page.request.get(path('md'))).text();
      expect(md).toContain('XSS-PLAN');
      expect(tags(md), 'raw HTML in the Markdown report').toEqual([]);
      const html = await (await page.request.get(path('html'))).text();
      expect(html).toContain('XSS-PLAN&lt;img');
      // The report's own <title> and chart <svg>s are its markup; none of the payloads' tags are.
      expect(
        tags(html).filter((t) => !/^<\/?title>$|^<svg width=|^<\/svg>$/.test(t)),
        'markup from data in the HTML report',
      ).toEqual([]);
      const docx = await JSZip.loadAsync(await (await page.request.get(path('docx'))).body());
      const xml = (await docx.file('word/document.xml')?.async('string')) ?? '';
      expect(xml).toContain('XSS-PLAN&lt;img');
      expect(tags(xml), 'markup from data in the Word report').toEqual([]);
      await context.close();
    }, 120_000);

    /** Hovers the map marker whose tooltip names `tag`, and leaves the tooltip shown for a screenshot. */
    async function showTooltipOf(page: Page, tag: string): Promise<void> {
      const chart = page.locator('[data-chart]').last();
      await chart.scrollIntoViewIfNeeded();
      for (const [x, y] of await centres(chart, 'svg path', 60)) {
        await page.mouse.move(x, y);
        if ((await tooltipText(chart)).includes(tag)) {
          return;
        }
      }
    }

    async function shot(page: Page, name: string): Promise<void> {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
    }
  },
);

// The little of the DOM the page-side functions use (the tests are compiled without the DOM library).
interface DomBox {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface DomElement {
  children: ArrayLike<DomElement>;
  innerText?: string;
  getBoundingClientRect: () => DomBox;
  querySelectorAll: (selector: string) => ArrayLike<DomElement>;
}
interface BrowserWindow {
  document: {
    addEventListener: (
      type: 'securitypolicyviolation',
      f: (e: { violatedDirective: string; blockedURI: string; sample: string }) => void,
    ) => void;
  };
  __hwCspViolation: (v: string) => Promise<void>;
}

/** Screen centres of a chart's drawn elements no larger than `max` pixels (markers, bars, labels; not the grid). */
function centres(chart: Locator, selector: string, max: number): Promise<(readonly [number, number])[]> {
  return chart.evaluate(
    (el, [sel, most]) =>
      Array.from((el as unknown as DomElement).querySelectorAll(sel))
        .map((p) => p.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0 && r.width < most && r.height < most)
        .map((r) => [r.x + r.width / 2, r.y + r.height / 2] as const),
    [selector, max] as const,
  );
}

/** The text of the chart's HTML tooltip (ECharts adds it after the drawing surface), '' when none is shown. */
function tooltipText(chart: Locator): Promise<string> {
  return chart.evaluate((el) =>
    Array.from((el as unknown as DomElement).children)
      .slice(1)
      .map((c) => c.innerText ?? '')
      .join(' ')
      .trim(),
  );
}

function thisMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}`;
}

type App = ReturnType<typeof createApp>;

/** Puts a payload into every name and comment field the pages show, as the users who may set them. */
async function plant(
  app: App,
  store: Store,
  ids: { town: string; institution: string; redEvent: number },
): Promise<void> {
  const stats = await sessionHeaders(app, 'stats', PASSWORD);
  const admin = await sessionHeaders(app, 'admin', PASSWORD);
  const call = async (
    h: Record<string, string>,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<unknown> => {
    const r = await app.request(path, {
      method,
      headers: h,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    expect(r.ok, `${method} ${path}: ${r.status} ${text}`).toBe(true);
    return JSON.parse(text) as unknown;
  };
  // Metadata a stats user maintains: a town (on the maps) and an institution (given coordinates so
  // the drilled-down map shows it too), a data element, an indicator, a data set, a category option.
  const rename = async (
    kind: string,
    code: string,
    tag: string,
    extra: Record<string, unknown> = {},
  ): Promise<string> => {
    const obj = (await call(stats, 'GET', `/api/metadata/${kind}/${code}`)) as Record<string, unknown>;
    await call(stats, 'PUT', `/api/metadata/${kind}/${code}`, {
      ...obj,
      name: payload(tag),
      ...('shortName' in obj ? { shortName: payload(tag) } : {}),
      ...extra,
    });
    return String(obj.id);
  };
  ids.town = await rename('orgUnits', 'JJ-BS', 'XSS-TOWN');
  ids.institution = await rename('orgUnits', 'JJ-BS-HC', 'XSS-INSTITUTION', {
    latitude: 29.07,
    longitude: 106.13,
  });
  await rename('dataElements', 'OPD_VISITS', 'XSS-ELEMENT');
  await rename('dataElements', 'INFANT_DEATHS', 'XSS-ELEMENT');
  await rename('indicators', 'IMR', 'XSS-INDICATOR');
  await rename('dataSets', 'JJ_SERVICES_M', 'XSS-DATASET');
  await rename('dataSets', 'JJ_POP_MCH_Y', 'XSS-DATASET');
  await rename('categoryOptions', 'SEX_F', 'XSS-OPTION');
  // A value with a comment this month (open for entry), and a follow-up with a comment.
  await call(admin, 'POST', '/api/dataValues', {
    dataElement: 'OPD_VISITS',
    orgUnit: 'JJ-BS-HC',
    period: thisMonth(),
    value: '612',
    comment: payload('XSS-COMMENT'),
  });
  await call(admin, 'POST', '/api/dataValues', {
    dataElement: 'DISCHARGES',
    orgUnit: 'JJ-BS-HC',
    period: thisMonth(),
    value: '80',
  });
  await call(admin, 'POST', '/api/followups', {
    dataElement: 'DISCHARGES',
    orgUnit: 'JJ-BS-HC',
    period: thisMonth(),
    followUp: true,
    comment: payload('XSS-FOLLOWUP'),
  });
  // The administrator's own display name (in the header of every page), an API token, a lock exception.
  await call(admin, 'PATCH', '/api/users/admin', { displayName: payload('XSS-USER').slice(0, 200) });
  await call(admin, 'PATCH', '/api/users/stats', { displayName: payload('XSS-USER').slice(0, 200) });
  await call(admin, 'POST', '/api/me/tokens', { name: short('XSS-TOKEN') });
  await call(admin, 'POST', '/api/lockExceptions', {
    dataSet: 'JJ_POP_MCH_Y',
    orgUnit: 'JJ-BS',
    period: '2024',
    reason: payload('XSS-REASON'),
  });
  // An early-warning note on the red event of 白沙镇.
  const events = (await call(admin, 'GET', '/api/surveillance/events?limit=500')) as {
    events: { id: number; orgUnit: string; grade: string }[];
  };
  ids.redEvent = events.events.find((e) => e.orgUnit === 'JJ-BS' && e.grade === 'red')?.id ?? 0;
  expect(ids.redEvent).toBeGreaterThan(0);
  await call(admin, 'POST', `/api/surveillance/events/${ids.redEvent}/transition`, {
    status: 'verifying',
    note: payload('XSS-NOTE'),
  });

  // What the API cannot set, written to the store as an import would: the plan (its name, section,
  // indicator and project names), validation rules, disease names, an event's explanation.
  const [plan] = await tableRows(store, 'plan', { code: 'jiangjin-14th' });
  const doc = JSON.parse(plan?.doc ?? '') as {
    name: string;
    sections: { name: string }[];
    indicators: { code: string; name: string }[];
    projects: { name: string }[];
  };
  doc.name = payload('XSS-PLAN');
  for (const s of doc.sections) {
    s.name = payload('XSS-SECTION');
  }
  for (const i of doc.indicators.filter((x) => ['IMR', 'MMR', 'LE'].includes(x.code))) {
    i.name = payload('XSS-PLANINDICATOR');
  }
  for (const p of doc.projects) {
    p.name = payload('XSS-PROJECT');
  }
  await updateRows(store, 'plan', { code: 'jiangjin-14th' }, { name: doc.name, doc: JSON.stringify(doc) });
  for (const r of await tableRows(store, 'validation_rule')) {
    const d = JSON.parse(r.doc) as { name: string; instruction?: string };
    await updateRows(
      store,
      'validation_rule',
      { code: r.code },
      { doc: JSON.stringify({ ...d, name: payload('XSS-RULE'), instruction: payload('XSS-INSTRUCTION') }) },
    );
  }
  const config = JSON.parse((await readSetting(store.db, 'surveillance_config')) ?? '{}') as {
    diseases: { name: string }[];
  };
  for (const d of config.diseases) {
    d.name = payload('XSS-DISEASE');
  }
  await writeSetting(store.db, 'surveillance_config', JSON.stringify(config));
  // Option combinations are named when the category combo is imported; the form shows those names.
  await updateRows(store, 'category_option_combo', { name: '女' }, { name: payload('XSS-OPTION') });
  await updateRows(
    store,
    'surveillance_event',
    { id: ids.redEvent },
    // Without a message key the stored text is what is shown (as for events from before keys).
    { explanation: payload('XSS-EXPLANATION'), explanation_key: null },
  );
  await bumpMetadataVersion(store.db); // as an import does: cached metadata is read again
}
