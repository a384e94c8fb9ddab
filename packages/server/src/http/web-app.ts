import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { Env } from './env.js';

/**
 * The web application's files outside /api. It routes by URL hash, so every other page address
 * answers index.html. Without a built app, "/" says how to build it instead of a bare 404.
 */
export function serveWebApp(app: Hono<Env>, webRoot: string | undefined): void {
  const outsideApi = (c: { req: { path: string } }): boolean =>
    !c.req.path.startsWith('/api/') && c.req.path !== '/api';
  if (!webRoot) {
    app.get('/', (c) =>
      c.html(
        '<!doctype html><meta charset="utf-8"><title>健康守望</title><p>网页应用尚未构建：请运行 <code>npm run build</code>。The web app is not built: run <code>npm run build</code>. API: <a href="/api/docs">/api/docs</a></p>',
      ),
    );
    return;
  }
  const files = serveStatic({ root: webRoot });
  app.get('*', async (c, next) => (outsideApi(c) ? files(c, next) : next()));
  app.get('*', async (c, next) =>
    outsideApi(c) ? c.html(await readFile(join(webRoot, 'index.html'), 'utf8')) : next(),
  );
}
