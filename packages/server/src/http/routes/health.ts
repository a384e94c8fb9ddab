import { cachedMetadataIndex } from '@healthwatch/store';
import { Hono } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';

/** Anonymous: whether the server and its database answer. */
export function healthRoutes({ store, options }: RouteDeps): Hono<Env> {
  return new Hono<Env>().get('/health', async (c) => {
    await cachedMetadataIndex(store);
    return c.json({ status: 'ok', database: store.dialect, version: options.version ?? '0.1.0' });
  });
}
