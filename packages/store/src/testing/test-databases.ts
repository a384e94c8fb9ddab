import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { SqlDialect } from '../dialects/sql-dialect.js';

/**
 * Throwaway databases for tests: a SQLite file in a temp folder, or a fresh PostgreSQL database
 * on the server named by HEALTHWATCH_TEST_PG (default postgres://postgres@127.0.0.1:5432/postgres),
 * created per test suite and dropped afterwards.
 */
export interface TestDatabase {
  dialect: SqlDialect;
  url: string;
  drop(): Promise<void>;
}

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

function adminUrl(): string {
  return process.env.HEALTHWATCH_TEST_PG ?? DEFAULT_PG;
}

let pgReachable: Promise<boolean> | null = null;

// The PostgreSQL driver is loaded when a test asks for PostgreSQL, not with the store (which the
// CLI loads for every command on a SQLite database).
const pgClient = async (connectionString: string, connectionTimeoutMillis?: number): Promise<pg.Client> => {
  const { default: pg } = await import('pg');
  return new pg.Client({ connectionString, ...(connectionTimeoutMillis ? { connectionTimeoutMillis } : {}) });
};

async function probePg(): Promise<boolean> {
  const client = await pgClient(adminUrl(), 3000);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The dialects to test on. PostgreSQL is skipped, with a visible line, when no server answers;
 * under CI (`CI` set) an unreachable PostgreSQL is an error, because CI must run those tests.
 */
export async function testDialects(): Promise<SqlDialect[]> {
  pgReachable ??= probePg();
  if (await pgReachable) {
    return ['sqlite', 'postgres'];
  }
  if (process.env.CI) {
    throw new Error(`PostgreSQL is not reachable at ${adminUrl()}, and CI must run the PostgreSQL tests`);
  }
  console.warn(
    `[healthwatch] PostgreSQL not reachable at ${adminUrl()}: PostgreSQL tests are SKIPPED (set HEALTHWATCH_TEST_PG)`,
  );
  return ['sqlite'];
}

/**
 * A throwaway database, empty or a copy of a template (a database URL of the same dialect, e.g. a
 * demo district built once per test run): a file copy for SQLite, `CREATE DATABASE … TEMPLATE`
 * for PostgreSQL (the template must have no open connections).
 */
export async function createTestDatabase(
  dialect: SqlDialect,
  o: { template?: string } = {},
): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'hw-test-'));
    if (o.template) {
      copyFileSync(o.template.replace(/^sqlite:/, ''), join(dir, 'test.db'));
    }
    return {
      dialect,
      url: `sqlite:${join(dir, 'test.db')}`,
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const name = `hw_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await pgClient(adminUrl());
  await admin.connect();
  try {
    const template = o.template ? new URL(o.template).pathname.slice(1) : null;
    if (template !== null && !/^\w+$/.test(template)) {
      throw new Error(`template database name ${template}`);
    }
    await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    drop: async () => {
      const c = await pgClient(adminUrl());
      await c.connect();
      try {
        // Let closing pools finish first (forcing would kill connections that are just ending);
        // force only if some connection really lingers.
        for (let i = 0; ; i++) {
          try {
            await c.query(
              i < 50 ? `drop database if exists ${name}` : `drop database if exists ${name} with (force)`,
            );
            break;
          } catch (e) {
            if ((e as { code?: string }).code !== '55006' || i >= 50) {
              throw e;
            }
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

async function adminQuery(query: string): Promise<void> {
  const c = await pgClient(adminUrl());
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

/** The database name of a PostgreSQL URL, checked to be a plain identifier (it is spliced into SQL). */
function pgDatabaseName(url: string): string {
  const name = new URL(url).pathname.slice(1);
  if (!/^\w+$/.test(name)) {
    throw new Error(`database name ${name}`);
  }
  return name;
}

/** Drops a PostgreSQL database left by a test run (e.g. the demo template), connections or not. */
export async function forceDropPostgresDatabase(url: string): Promise<void> {
  await adminQuery(`drop database if exists ${pgDatabaseName(url)} with (force)`);
}

/**
 * Makes new transactions of a PostgreSQL database read-only (writes fail with 25006, as on a hot
 * standby), or lifts that; connections opened before keep their setting.
 */
export async function setPostgresDatabaseReadOnly(url: string, on: boolean): Promise<void> {
  const name = pgDatabaseName(url);
  await adminQuery(
    on
      ? `alter database ${name} set default_transaction_read_only = on`
      : `alter database ${name} reset default_transaction_read_only`,
  );
}

/** Ends every session of a PostgreSQL database, as an administrator's pg_terminate_backend does (57P01). */
export async function terminatePostgresSessions(url: string): Promise<void> {
  await adminQuery(
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${pgDatabaseName(url)}' and pid <> pg_backend_pid()`,
  );
}
