import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveUserAccount, everywhereContext } from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { migrateStore, openStore } from '@healthwatch/store';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from '../helpers/http-session.js';

const PW = 'Headers-pass-2026';

/** A policy header as directive → sources. */
function policy(header: string | null): Map<string, string[]> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

// Protective headers on every answer: the web app's pages and files, the API page, JSON, files,
// errors and 404s. The browser test (xss.e2e) checks that every page works under these policies.
for (const dialect of await testDialects()) {
  describe(`${dialect}: security headers`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let webRoot: string;
    let app: ReturnType<typeof createApp>;
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'viewer',
        password: PW,
        role: 'viewer',
      });
      webRoot = await mkdtemp(join(tmpdir(), 'hw-headers-'));
      await mkdir(join(webRoot, 'assets'));
      await writeFile(
        join(webRoot, 'index.html'),
        '<!doctype html><title>app</title><div id="root"></div><script type="module" src="./assets/app.js"></script>',
      );
      await writeFile(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
      app = createApp(store, { webRoot });
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
      await rm(webRoot, { recursive: true, force: true });
    });

    const common = (r: Response, where: string): void => {
      expect(r.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), where).toBe('DENY');
      expect(r.headers.get('referrer-policy'), where).toBe('same-origin');
      expect(r.headers.get('strict-transport-security'), `${where}: HSTS is the TLS proxy's`).toBeNull();
    };

    it('the web app: scripts only from its own files (no inline, no eval), nothing may frame it', async () => {
      for (const path of ['/', '/assets/app.js', '/plans/anything', '/assets/missing.js']) {
        const r = await app.request(path);
        common(r, path);
        const csp = policy(r.headers.get('content-security-policy'));
        expect(csp.get('default-src'), path).toEqual(["'self'"]);
        expect(csp.get('script-src'), path).toEqual(["'self'"]);
        expect(csp.get('style-src'), path).toEqual(["'self'", "'unsafe-inline'"]);
        expect(csp.get('style-src-elem'), path).toEqual(["'self'"]);
        expect(csp.get('img-src'), path).toEqual(["'self'", 'data:']);
        expect(csp.get('object-src'), path).toEqual(["'none'"]);
        expect(csp.get('base-uri'), path).toEqual(["'none'"]);
        expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
        expect(csp.get('form-action'), path).toEqual(["'self'"]);
        expect([...csp.values()].flat().join(' '), path).not.toMatch(/unsafe-eval|\*|https?:/);
      }
    });

    it('the API page, JSON, errors and 404s: a policy with no script at all, sandboxed', async () => {
      const h = await sessionHeaders(app, 'viewer', PW);
      const answers: [string, RequestInit, number][] = [
        ['/api/docs', {}, 200],
        ['/api/health', {}, 200],
        ['/api/openapi.json', {}, 200],
        ['/api/me', { headers: h }, 200],
        ['/api/me', {}, 401],
        ['/api/plans/no-such-plan/evaluation?year=2023&format=html', { headers: h }, 404],
        ['/api/plans/x/evaluation?year=x', { headers: h }, 400],
        [
          '/api/auth/login',
          { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } },
          400,
        ],
      ];
      for (const [path, init, status] of answers) {
        const r = await app.request(path, init);
        expect(r.status, path).toBe(status);
        common(r, path);
        const csp = policy(r.headers.get('content-security-policy'));
        expect(csp.get('default-src'), path).toEqual(["'none'"]);
        expect(csp.has('script-src'), path).toBe(false);
        expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
        expect(csp.get('sandbox'), path).toEqual([]);
      }
      // The API page works under it: no script, its CSS inline.
      const docs = await (await app.request('/api/docs')).text();
      expect(docs).not.toMatch(/<script/i);
    });
  });
}
