import { createServer, connect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  importDataFile,
  importMetadataFile,
  saveUserAccount,
  everywhereContext,
} from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { migrateStore, openStore } from '@healthwatch/store';
import {
  capSqliteGrowth,
  countRows,
  createTestDatabase,
  setPostgresDatabaseReadOnly,
  setSqliteQueryOnly,
  terminatePostgresSessions,
  testDialects,
} from '@healthwatch/store/testing';
import type { OpenOptions, Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from '../helpers/http-session.js';

/**
 * Database faults answer 503 with a code that says what happened (HW_DB_UNAVAILABLE, HW_DISK_FULL),
 * a message and Retry-After, never a generic 500; the server recovers when the database does; and
 * reads need no writes (a token's `last_used_at` is written lazily and its failure ignored), so a
 * database that refuses writes still serves token-authenticated reads.
 */
const pack = new URL('../../packs/example-district/', import.meta.url).pathname;
const PW = 'Passw0rd-faults';
const TODAY = (): string => '2024-04-10';

type App = ReturnType<typeof createApp>;

async function seed(url: string): Promise<void> {
  const store = await openStore(url, { create: true });
  try {
    await migrateStore(store);
    await importMetadataFile(store, everywhereContext('test', 'zh-CN'), join(pack, 'dhis2-metadata.json'));
    await importDataFile(store, everywhereContext('seed', 'zh-CN'), join(pack, 'reports-2024-03.csv'));
    await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
      username: 'admin',
      password: PW,
      role: 'admin',
    });
  } finally {
    await store.close();
  }
}

async function tokenFor(
  app: App,
): Promise<{ session: Record<string, string>; bearer: Record<string, string> }> {
  const session = await sessionHeaders(app, 'admin', PW);
  const r = await app.request('/api/me/tokens', {
    method: 'POST',
    headers: session,
    body: JSON.stringify({ name: 'etl' }),
  });
  expect(r.status, await r.clone().text()).toBe(201);
  const { token } = (await r.json()) as { token: string };
  return { session, bearer: { authorization: `Bearer ${token}` } };
}

const write = (app: App, headers: Record<string, string>, value: string): Promise<Response> =>
  Promise.resolve(
    app.request('/api/dataValues', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ dataElement: 'BEDS', orgUnit: 'JJ-BS-HC', period: '202403', value }),
    }),
  );

/** The reads a token-holding script makes: who am I, a value, an analytics table. */
async function tokenReads(app: App, bearer: Record<string, string>): Promise<number[]> {
  const paths = [
    '/api/me',
    '/api/dataValues?de=BEDS&ou=JJ-BS-HC&pe=202403',
    '/api/analytics?dimension=dx:BEDS&dimension=pe:202403&dimension=ou:JJ-BS-HC',
  ];
  return Promise.all(paths.map(async (p) => (await app.request(p, { headers: bearer })).status));
}

async function expectFault(
  r: Response,
  code: 'HW_DB_UNAVAILABLE' | 'HW_DISK_FULL',
  text: string,
): Promise<void> {
  const body = await r.clone().text();
  expect(r.status, body).toBe(503);
  expect(r.headers.get('retry-after')).toBe('5');
  const { error } = JSON.parse(body) as { error: { code: string; message: string } };
  expect(error.code).toBe(code);
  expect(error.message).toContain(text);
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: a database that refuses writes still answers token-authenticated reads`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: App;
    const reopen = async (): Promise<void> => {
      await store.close();
      store = await openStore(tdb.url);
      app = createApp(store, { today: TODAY });
    };
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      await seed(tdb.url);
      store = await openStore(tdb.url);
      app = createApp(store, { today: TODAY });
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('reads 200, writes 503 HW_DB_UNAVAILABLE with Retry-After, and writes work again once the database takes them', async () => {
      const { session, bearer } = await tokenFor(app);
      expect(await tokenReads(app, bearer)).toEqual([200, 200, 200]);
      // Writes now fail at the database: SQLite read-only, PostgreSQL in read-only transactions (25006).
      if (dialect === 'sqlite') {
        await setSqliteQueryOnly(store, true);
      } else {
        await setPostgresDatabaseReadOnly(tdb.url, true);
      }
      // A fresh server process: no token use has been noted yet, so the first reads try to write it.
      await reopen();
      if (dialect === 'sqlite') {
        await setSqliteQueryOnly(store, true);
      }
      for (let i = 0; i < 3; i++) {
        expect(await tokenReads(app, bearer)).toEqual([200, 200, 200]);
      }
      expect((await app.request('/api/me', { headers: session })).status).toBe(200);
      await expectFault(await write(app, session, '61'), 'HW_DB_UNAVAILABLE', '数据库暂时不可用');
      const en = await app.request('/api/dataValues', {
        method: 'POST',
        headers: { ...session, 'accept-language': 'en' },
        body: JSON.stringify({ dataElement: 'BEDS', orgUnit: 'JJ-BS-HC', period: '202403', value: '61' }),
      });
      await expectFault(en, 'HW_DB_UNAVAILABLE', 'The database is unavailable');

      if (dialect === 'sqlite') {
        await setSqliteQueryOnly(store, false);
      } else {
        await setPostgresDatabaseReadOnly(tdb.url, false);
        await reopen();
      }
      const ok = await write(app, session, '62');
      expect(ok.status, await ok.clone().text()).toBe(200);
    });
  });
}

describe('sqlite: a full disk', () => {
  let tdb: TestDatabase;
  let store: Store;
  let app: App;
  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    await seed(tdb.url);
    store = await openStore(tdb.url);
    app = createApp(store, { today: TODAY });
  });
  afterAll(async () => {
    await store.close();
    await tdb.drop();
  });

  it('an import answers 503 HW_DISK_FULL with the message and writes nothing; token reads still answer 200', async () => {
    const { session, bearer } = await tokenFor(app);
    const csv = `数据元,期间,机构,分类,数值,备注,来源\n${bulkRows()}`;
    const count = (): Promise<number> => countRows(store, 'data_value');
    const before = await count();
    // The database may not grow past its current size: every write that needs a page fails as on a full disk.
    await capSqliteGrowth(store, true);
    const big = await app.request('/api/dataValueSets', {
      method: 'POST',
      headers: { ...session, 'content-type': 'text/csv' },
      body: csv,
    });
    await expectFault(big, 'HW_DISK_FULL', '存储空间已满');
    expect(await count()).toBe(before);
    for (let i = 0; i < 3; i++) {
      expect(await tokenReads(app, bearer)).toEqual([200, 200, 200]);
    }
    await capSqliteGrowth(store, false);
    const again = await app.request('/api/dataValueSets', {
      method: 'POST',
      headers: { ...session, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(again.status, await again.clone().text()).toBe(200);
    expect(await count()).toBeGreaterThan(before);
  });
});

/** Values that need new pages: three units × twelve months of 2023, each with a long comment (stored twice, with its audit row). */
function bulkRows(): string {
  const units = ['JJ-BS-HC', 'JJ-BS-VC1', 'JJ-JJ-CH'];
  const out: string[] = [];
  for (let m = 1; m <= 12; m++) {
    for (const ou of units) {
      out.push(`BEDS,2023${String(m).padStart(2, '0')},${ou},,${m * 7},${'很长的备注'.repeat(100)},`);
    }
  }
  return `${out.join('\n')}\n`;
}

describe.runIf((await testDialects()).includes('postgres'))(
  'postgres: the server goes away and comes back',
  () => {
    const db = relayedPostgres();

    it('while it is unreachable every request answers 503 HW_DB_UNAVAILABLE (none 500); once back, 200 again', async () => {
      const { session, bearer } = await tokenFor(db.app);
      expect((await db.app.request('/api/health')).status).toBe(200);
      const port = db.proxy.port;
      await db.proxy.stop();
      const statuses: number[] = [];
      const until = Date.now() + 2000;
      while (Date.now() < until) {
        const rs = [
          await db.app.request('/api/health'),
          await db.app.request('/api/me', { headers: bearer }),
          await write(db.app, session, '70'),
        ];
        for (const r of rs) {
          statuses.push(r.status);
          await expectFault(r, 'HW_DB_UNAVAILABLE', '数据库暂时不可用');
        }
      }
      expect(statuses.length).toBeGreaterThan(3);

      await db.proxy.start(port);
      let health = 0;
      for (let i = 0; i < 50 && health !== 200; i++) {
        health = (await db.app.request('/api/health')).status;
        if (health !== 200) {
          await sleep(100);
        }
      }
      expect(health).toBe(200);
      expect(await tokenReads(db.app, bearer)).toEqual([200, 200, 200]);
      expect((await write(db.app, session, '71')).status).toBe(200);
    });

    it('its backends terminated by an administrator (57P01) during requests: 200 or 503, never 500, then 200', async () => {
      const { bearer } = await tokenFor(db.app);
      const burst = Array.from({ length: 30 }, async (_, i) => {
        await sleep(i * 10);
        return (
          await db.app.request('/api/analytics?dimension=dx:BEDS&dimension=pe:202403&dimension=ou:JJ-BS-HC', {
            headers: bearer,
          })
        ).status;
      });
      await sleep(50);
      await terminatePostgresSessions(db.url);
      const statuses = await Promise.all(burst);
      expect(
        statuses.filter((s) => s !== 200 && s !== 503),
        statuses.join(' '),
      ).toEqual([]);
      // Pooled connections whose end has not been noticed yet may still answer 503 once; the pool
      // replaces them and the server recovers by itself.
      let reads: number[] = [];
      for (let i = 0; i < 50; i++) {
        reads = await tokenReads(db.app, bearer);
        if (reads.every((s) => s === 200)) {
          break;
        }
        expect(
          reads.filter((s) => s !== 200 && s !== 503),
          reads.join(' '),
        ).toEqual([]);
        await sleep(100);
      }
      expect(reads).toEqual([200, 200, 200]);
    });
  },
);

describe.runIf((await testDialects()).includes('postgres'))(
  'postgres: the network path dies without closing (packets dropped mid-request)',
  () => {
    // A short bound so the test does not wait the production default (120 s).
    const db = relayedPostgres({ queryTimeoutMs: 1500 });

    it('a request whose query gets no answer ends in 503 HW_DB_UNAVAILABLE within the bound, and the pool recovers', async () => {
      const { bearer } = await tokenFor(db.app);
      expect(await tokenReads(db.app, bearer)).toEqual([200, 200, 200]);
      db.proxy.freeze(true);
      const started = Date.now();
      const r = await db.app.request('/api/me', { headers: bearer });
      const waited = Date.now() - started;
      await expectFault(r, 'HW_DB_UNAVAILABLE', '数据库未在限定时间内应答');
      // The bound (1.5 s) plus the time of the rest of the request; without it, this never returns.
      expect(waited).toBeGreaterThanOrEqual(1400);
      expect(waited).toBeLessThan(15_000);
      db.proxy.freeze(false);
      let reads: number[] = [];
      for (let i = 0; i < 30; i++) {
        reads = await tokenReads(db.app, bearer);
        if (reads.every((s) => s === 200)) {
          break;
        }
        await sleep(100);
      }
      expect(reads).toEqual([200, 200, 200]);
    });
  },
);

/**
 * A seeded PostgreSQL database reached through a {@link TcpProxy} the test can take away or
 * freeze, and the app on it: set up before the block's tests, torn down after.
 */
function relayedPostgres(options: OpenOptions = {}): { app: App; proxy: TcpProxy; url: string } {
  let tdb: TestDatabase;
  let store: Store;
  const held = {} as { app: App; proxy: TcpProxy; url: string };
  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    await seed(tdb.url);
    held.url = tdb.url;
    const target = new URL(tdb.url);
    held.proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(tdb.url);
    viaProxy.host = `127.0.0.1:${await held.proxy.start(0)}`;
    store = await openStore(viaProxy.toString(), options);
    held.app = createApp(store, { today: TODAY });
  });
  afterAll(async () => {
    await store.close();
    await held.proxy.stop();
    await tdb.drop();
  });
  return held;
}

/**
 * A TCP relay in front of PostgreSQL that the test can take away (refusing and dropping
 * connections), bring back, or freeze (sockets stay open, nothing passes: a dead network path).
 * A side that closes or fails closes the other, as a real connection would end for both peers.
 */
class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private frozen = false;
  port = 0;

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  freeze(on: boolean): void {
    this.frozen = on;
  }

  start(port: number): Promise<number> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.host);
      const relay = (from: Socket, to: Socket): void => {
        from.on('data', (chunk) => {
          if (!this.frozen) {
            to.write(chunk);
          }
        });
        from.on('close', () => to.destroy());
        from.on('error', () => to.destroy());
      };
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
      }
      relay(client, upstream);
      relay(upstream, client);
    });
    this.server = server;
    return new Promise((resolve) => {
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) {
      s.destroy();
    }
    if (server) {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }
}
