import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { classifyDbError, DbConnectionError, retryAfterSeconds } from './db-fault.js';

/** An error shaped as node-postgres reports a server error (a DatabaseError with the SQLSTATE as `code`). */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'FATAL' });
}

describe('classifyDbError', () => {
  it('PostgreSQL losing or refusing connections is HW_DB_UNAVAILABLE; disk_full is HW_DISK_FULL', () => {
    for (const [code, name] of [
      ['57P01', 'admin_shutdown'],
      ['57P02', 'crash_shutdown'],
      ['57P03', 'cannot_connect_now'],
      ['08006', '08006'],
      ['08001', '08001'],
      ['53300', 'too_many_connections'],
      ['25006', 'read_only_sql_transaction'],
    ] as const) {
      const e = classifyDbError(pgError(code, 'terminating connection due to administrator command'));
      expect(e?.code, code).toBe('HW_DB_UNAVAILABLE');
      expect(e?.status).toBe(503);
      expect(e?.message).toContain(name);
      expect(e?.message).toContain('数据库暂时不可用');
      expect(e?.localizedMessage('en')).toContain('The database is unavailable');
    }
    const full = classifyDbError(pgError('53100', 'could not extend file: No space left on device'));
    expect(full?.code).toBe('HW_DISK_FULL');
    expect(full?.message).toContain('存储空间已满');
    expect(full && retryAfterSeconds(full)).toBe(5);
  });

  it('a query that got no answer within the bound (node-postgres query_timeout) is HW_DB_UNAVAILABLE saying so', () => {
    const e = classifyDbError(new Error('Query read timeout'));
    expect(e?.code).toBe('HW_DB_UNAVAILABLE');
    expect(e?.message).toContain('数据库未在限定时间内应答');
    expect(e?.localizedMessage('en')).toContain('the database did not answer in time');
  });

  it('connections that fail in words only, refused connects (also inside an AggregateError) and failed pool connects', () => {
    expect(classifyDbError(new Error('Connection terminated unexpectedly'))?.code).toBe('HW_DB_UNAVAILABLE');
    expect(classifyDbError(new Error('timeout exceeded when trying to connect'))?.code).toBe(
      'HW_DB_UNAVAILABLE',
    );
    expect(classifyDbError(new Error('Client was closed and is not queryable'))?.code).toBe(
      'HW_DB_UNAVAILABLE',
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(classifyDbError(refused)?.message).toContain('ECONNREFUSED');
    expect(classifyDbError(new AggregateError([refused], ''))?.code).toBe('HW_DB_UNAVAILABLE');
    expect(
      classifyDbError(
        new DbConnectionError(pgError('55000', 'database "x" is not currently accepting connections')),
      )?.code,
    ).toBe('HW_DB_UNAVAILABLE');
    expect(classifyDbError(Object.assign(new Error('write ENOSPC'), { code: 'ENOSPC' }))?.code).toBe(
      'HW_DISK_FULL',
    );
  });

  it('real SQLite errors: full, read-only, busy beyond the timeout, cannot open', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hw-fault-'));
    try {
      const path = join(dir, 'f.db');
      const db = new SqliteDatabase(path);
      db.pragma('journal_mode = WAL');
      db.exec('create table t (x)');
      const failure = (f: () => unknown): unknown => {
        try {
          f();
        } catch (e) {
          return e;
        }
        throw new Error('expected a failure');
      };
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      expect(
        classifyDbError(failure(() => db.prepare('insert into t values (?)').run('x'.repeat(100_000))))?.code,
      ).toBe('HW_DISK_FULL');
      db.pragma('max_page_count = 1000000');
      db.pragma('query_only = 1');
      expect(classifyDbError(failure(() => db.exec('insert into t values (1)')))?.message).toContain(
        'SQLITE_READONLY',
      );
      db.pragma('query_only = 0');
      const other = new SqliteDatabase(path);
      other.pragma('busy_timeout = 10');
      db.exec('begin immediate');
      expect(classifyDbError(failure(() => other.exec('insert into t values (2)')))?.message).toContain(
        'SQLITE_BUSY',
      );
      db.exec('rollback');
      other.close();
      db.close();
      // A path that is a directory: better-sqlite3 opens lazily, the first statement fails.
      expect(classifyDbError(failure(() => new SqliteDatabase(dir).exec('select 1')))?.message).toContain(
        'SQLITE_CANTOPEN',
      );
      expect(classifyDbError(failure(() => db.exec('select 1')))?.code).toBe('HW_DB_UNAVAILABLE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('anything else is not a database fault', () => {
    expect(classifyDbError(new Error('boom'))).toBeNull();
    expect(classifyDbError(pgError('23505', 'duplicate key value violates unique constraint'))).toBeNull();
    expect(
      classifyDbError(
        Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
      ),
    ).toBeNull();
    expect(classifyDbError(undefined)).toBeNull();
  });
});
