import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError, msg } from '@healthwatch/core';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { SqliteRoutingDialect } from './dialects/sqlite-routing.js';
import type { DialectAdapter } from './dialects/dialect-adapter.js';
import { postgresAdapter } from './dialects/postgres-adapter.js';
import { sqliteAdapter } from './dialects/sqlite-adapter.js';
import { migrations } from './migrations/index.js';
import { DbConnectionError } from './db-fault.js';
import type { Database } from './schema.js';

/**
 * A handle for the store's functions: pass `store.db` (or the `tx` of {@link Store.transaction}) to
 * them. Code outside packages/store never builds queries on it (lint: eslint.config.js).
 */
export type Db = Kysely<Database>;

export interface Store {
  readonly db: Db;
  /** The engine's name, for display; what the engines do differently is in {@link adapter}. */
  readonly dialect: SqlDialect;
  /** The engine's own ways, chosen once here (see dialects/dialect-adapter.ts). */
  readonly adapter: DialectAdapter;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** The URL with any password removed, safe to print. */
  readonly displayUrl: string;
  /** For SQLite, the file path (or `:memory:`). */
  readonly sqlitePath: string | null;
  close(): Promise<void>;
}

export interface ParsedDbUrl {
  dialect: SqlDialect;
  /** SQLite file path, or a PostgreSQL connection string. */
  target: string;
}

/** Parses `sqlite:<path>`, `sqlite::memory:` or `postgres://…` / `postgresql://…`. */
export function parseDbUrl(url: string): ParsedDbUrl {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') {
      throw new AppError('HW_DB_URL', { url });
    }
    return { dialect: 'sqlite', target: path === ':memory:' ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return { dialect: 'postgres', target: url };
  }
  throw new AppError('HW_DB_URL', { url });
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

// PostgreSQL returns bigint (our epoch-millisecond timestamps, COUNT(*)) and numeric as strings
// to avoid precision loss; our values stay far below 2^53, so numbers are what callers expect.
const pgTypes = (
  types: typeof pg.types,
): { getTypeParser: (oid: number, format?: 'text' | 'binary') => (v: string) => unknown } => ({
  getTypeParser(oid: number, format?: 'text' | 'binary'): (v: string) => unknown {
    if (oid === 20 || oid === 1700) {
      return (v: string) => Number(v);
    }
    return types.getTypeParser(oid, format ?? 'text') as (v: string) => unknown;
  },
});

export interface OpenOptions {
  /** When false (the default for everything but `init`), a missing SQLite file is an error. */
  create?: boolean;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /**
   * PostgreSQL: how long one query may go without an answer before its connection is given up
   * (default 120 s). A backend that vanished without closing its socket (a dropped network path, a
   * NAT that forgot the flow) would otherwise hold the request, and its pooled client, forever.
   */
  queryTimeoutMs?: number;
}

/** Opens a store without migrating it; see {@link migrateStore} and {@link openMigratedStore}. */
export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  const parsed = parseDbUrl(url);
  if (parsed.dialect === 'sqlite') {
    let handle: SqliteDatabase.Database;
    try {
      handle = new SqliteDatabase(parsed.target, {
        fileMustExist: options.create !== true && parsed.target !== ':memory:',
      });
    } catch (e) {
      // No file where one must be: the database was never initialised, and `init` is the answer.
      if (options.create !== true && !existsSync(parsed.target)) {
        throw new AppError('HW_DB_NOT_INITIALISED', { db: url }, { cause: e });
      }
      throw new AppError('HW_DB_UNAVAILABLE', { reason: (e as Error).message }, { cause: e });
    }
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 10000');
    // 32 MiB page cache: enough for the district-sized working set, and it counts against the
    // ~300 MB a million-row import may use.
    handle.pragma('cache_size = -32768');
    // Reads outside transactions go to read-only connections, so they never wait for a long
    // import's transaction (see dialects/sqlite-routing.ts); an in-memory database has none.
    const path = parsed.target;
    const openReader =
      path === ':memory:'
        ? null
        : (): SqliteDatabase.Database => {
            const reader = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
            reader.pragma('busy_timeout = 10000');
            reader.pragma('cache_size = -16384');
            return reader;
          };
    const db = new Kysely<Database>({ dialect: new SqliteRoutingDialect({ writer: handle, openReader }) });
    return storeOf(db, sqliteAdapter(handle), url, parsed.target);
  }
  // The driver is loaded here: a SQLite store (and every CLI call on one) does without it.
  const { default: pg } = await import('pg');
  // A server that does not answer at all (host down, packets dropped) fails a connect after 15 s
  // (503 HW_DB_UNAVAILABLE) instead of holding the request forever. The same bound applies to
  // waiting for a free client of the pool, so it is well above any wait under load.
  const pool = new pg.Pool({
    connectionString: parsed.target,
    max: options.poolSize ?? 10,
    types: pgTypes(pg.types),
    connectionTimeoutMillis: 15_000,
    query_timeout: options.queryTimeoutMs ?? 120_000,
    // Lets the system notice a peer that is gone for good on connections idle in the pool.
    keepAlive: true,
  });
  // A server restart or an administrator terminating sessions makes idle (or closing) clients emit
  // 'error'; the pool drops such clients and the next query reconnects, so this must not crash
  // the process. Errors of running queries still reach their callers.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new AppError('HW_DB_UNAVAILABLE', { reason: (e as Error).message }, { cause: e });
  }
  // Failing to get a connection means the database is unavailable, whatever the server's reason
  // (refused, shutting down, not accepting connections): say so to classifyDbError.
  const connecting = {
    connect: () =>
      pool
        .connect()
        .then(dropOnReadTimeout)
        .catch((e: unknown) => Promise.reject(e instanceof DbConnectionError ? e : new DbConnectionError(e))),
    end: () => pool.end(),
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: connecting }) });
  return storeOf(db, postgresAdapter(), redact(url), null);
}

const guarded = new WeakSet<object>();

/**
 * After a query read timeout node-postgres keeps the client, whose late answer could then be taken
 * for the next query's: close its socket instead, so the pool replaces it on release and the
 * caller hears HW_DB_UNAVAILABLE (see db-fault.ts).
 */
function dropOnReadTimeout<C extends pg.PoolClient>(client: C): C {
  if (guarded.has(client)) {
    return client;
  }
  guarded.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]): unknown => {
    const result = query(...args);
    if (result instanceof Promise) {
      result.catch((e: unknown) => {
        if (e instanceof Error && e.message === READ_TIMEOUT) {
          client.connection.stream.destroy();
        }
      });
    }
    return result;
  };
  return client;
}

const READ_TIMEOUT = 'Query read timeout';

function storeOf(db: Db, adapter: DialectAdapter, displayUrl: string, sqlitePath: string | null): Store {
  return {
    db,
    dialect: adapter.name,
    adapter,
    transaction: (fn) => db.transaction().execute(fn),
    displayUrl,
    sqlitePath,
    close: () => db.destroy(),
  };
}

/** Applies every pending migration; returns the names applied now. */
export async function migrateStore(store: Store): Promise<string[]> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: () => Promise.resolve(migrations(store.adapter)) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    throw new AppError(
      'HW_DB_UNAVAILABLE',
      { reason: msg('reason.migrationFailed', { detail: (error as Error).message }) },
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(store: Store): Promise<string[]> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: () => Promise.resolve(migrations(store.adapter)) },
  });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/**
 * Opens a store whose schema must already be current: commands other than `init` never change
 * the schema behind the user's back, they say what to run.
 */
export async function openMigratedStore(url: string, options: OpenOptions = {}): Promise<Store> {
  const store = await openStore(url, options);
  const pending = await pendingMigrations(store);
  if (pending.length > 0) {
    await store.close();
    throw new AppError('HW_DB_NOT_INITIALISED', { db: store.displayUrl });
  }
  return store;
}
