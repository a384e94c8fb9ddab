import { Hono } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { apiPage, openApiDocument } from '../openapi.js';

/** Anonymous: the OpenAPI document and its human page. */
export function openApiRoutes({ options }: RouteDeps): Hono<Env> {
  const version = options.version ?? '0.1.0';
  return new Hono<Env>()
    .get('/openapi.json', (c) => c.json(openApiDocument(version)))
    .get('/docs', (c) => c.html(apiPage(openApiDocument(version))));
}
