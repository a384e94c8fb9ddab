/**
 * The ceiling for bench/load.ts: a bare Hono server on the same Node HTTP adapter answering the
 * load's URLs with the bodies HealthWatch gave for them (captured by the load script), with no
 * authentication, database or computation. What the client loop and the HTTP stack alone reach.
 *
 *   node --import tsx bench/bare-hono.ts <bodies.json>   (prints the port on stdout)
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const bodies = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as {
  get: Record<string, string>;
  write: string;
};
const app = new Hono();
const json = { 'content-type': 'application/json; charset=utf-8' };
app.post('/api/dataValues', async (c) => {
  await c.req.json();
  return c.body(bodies.write, 200, json);
});
app.get('*', (c) => {
  const url = new URL(c.req.url);
  const body = bodies.get[`${url.pathname}${url.search}`];
  return body === undefined ? c.body('{}', 404, json) : c.body(body, 200, json);
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`listening ${info.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
