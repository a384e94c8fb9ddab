import { AppError, msg } from '@healthwatch/core';

/**
 * Database faults as the user should hear of them. A driver error that means "the database cannot
 * be reached or used right now" becomes HW_DB_UNAVAILABLE, one that means "no room left to write"
 * HW_DISK_FULL (both 503, with Retry-After over HTTP); anything else is not a fault of this kind
 * (null) and stays an internal error. The one place that knows the drivers' codes: the HTTP error
 * handler and the CLI's error output both ask here.
 */
export function classifyDbError(e: unknown): AppError | null {
  if (e instanceof DbConnectionError) {
    const inner = causes(e.cause).find((c) => typeof c.code === 'string');
    return new AppError(
      'HW_DB_UNAVAILABLE',
      { reason: inner ? label(inner.code as string) : msg('reason.connectFailed') },
      { cause: e },
    );
  }
  for (const cause of causes(e)) {
    const code = typeof cause.code === 'string' ? cause.code : '';
    if (DISK_FULL.has(code)) {
      return new AppError('HW_DISK_FULL', { reason: label(code) }, { cause: e });
    }
    if (
      UNAVAILABLE.has(code) ||
      /^08[0-9A-Z]{3}$/.test(code) ||
      /^SQLITE_(BUSY|CANTOPEN|IOERR|READONLY|PROTOCOL)(_|$)/.test(code)
    ) {
      return new AppError('HW_DB_UNAVAILABLE', { reason: label(code) }, { cause: e });
    }
    const message = typeof cause.message === 'string' ? cause.message : '';
    if (message === 'Query read timeout') {
      return new AppError('HW_DB_UNAVAILABLE', { reason: msg('reason.queryTimedOut') }, { cause: e });
    }
    const known = UNAVAILABLE_MESSAGES.find((m) => m.test(message));
    if (known) {
      return new AppError(
        'HW_DB_UNAVAILABLE',
        { reason: code || msg('reason.connectionLost') },
        { cause: e },
      );
    }
  }
  return null;
}

/** A connection to the database could not be had (connect refused, timed out, or rejected by the server). */
export class DbConnectionError extends Error {
  constructor(cause: unknown) {
    super(`cannot connect to the database: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'DbConnectionError';
  }
}

/** Seconds a client should wait before retrying after this error, or null when retrying is not the answer. */
export function retryAfterSeconds(e: AppError): number | null {
  return e.code === 'HW_DB_UNAVAILABLE' || e.code === 'HW_DISK_FULL' ? RETRY_AFTER_SECONDS : null;
}

const RETRY_AFTER_SECONDS = 5;

/** PostgreSQL SQLSTATE 53100 disk_full, SQLite's SQLITE_FULL, and the system's ENOSPC. */
const DISK_FULL = new Set(['53100', 'SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/**
 * Cannot reach or use the database now: the server refuses or drops connections (57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections, the
 * 08 class of connection exceptions), a hot standby refuses writes (25006), the network fails; for
 * SQLite, the file is locked beyond busy_timeout, cannot be opened or read, or is read-only.
 */
const UNAVAILABLE = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '25006',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EIO',
]);

/** node-postgres and better-sqlite3 report some losses without a code, only in words. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
  /^The database connection is not open/,
  /^driver has already been destroyed/,
];

const NAMES: Record<string, string> = {
  '57P01': 'PostgreSQL 57P01 admin_shutdown',
  '57P02': 'PostgreSQL 57P02 crash_shutdown',
  '57P03': 'PostgreSQL 57P03 cannot_connect_now',
  '53300': 'PostgreSQL 53300 too_many_connections',
  '53100': 'PostgreSQL 53100 disk_full',
  '25006': 'PostgreSQL 25006 read_only_sql_transaction',
};

function label(code: string): string {
  return NAMES[code] ?? (/^08/.test(code) ? `PostgreSQL ${code}` : code);
}

interface Fault {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error, its causes, and the errors of an AggregateError (Node's dual-stack connect). */
function causes(e: unknown): Fault[] {
  const out: Fault[] = [];
  const queue: unknown[] = [e];
  while (queue.length > 0 && out.length < 16) {
    const x = queue.shift();
    if (typeof x !== 'object' || x === null) {
      continue;
    }
    const f = x as Fault;
    out.push(f);
    queue.push(f.cause);
    if (Array.isArray(f.errors)) {
      queue.push(...(f.errors as unknown[]));
    }
  }
  return out;
}
