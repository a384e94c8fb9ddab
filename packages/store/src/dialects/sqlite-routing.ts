import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type {
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
} from 'kysely';

/**
 * SQLite with one writer and a few read-only connections, for Kysely.
 *
 * Kysely's own SqliteDialect has a single connection behind a mutex, so while an import holds its
 * transaction (a million rows: a minute) every other query, a health check included, waits for it.
 * In WAL mode a second connection reads the last committed state while a write transaction runs,
 * so this driver sends a SELECT that runs outside any transaction to a read-only connection, and
 * everything else (writes, raw SQL, every statement of a transaction) to the writer under the
 * mutex, as before. Callers change nothing: a read outside a transaction never saw another
 * caller's uncommitted writes anyway (the mutex made it wait for the commit), it now sees the state
 * before them instead of waiting.
 *
 * Without readers (`:memory:`, whose connections cannot share one database, or a file the readers
 * cannot open) every statement goes to the writer, exactly like Kysely's SqliteDialect.
 */
export interface SqliteRoutingConfig {
  writer: BetterSqlite3.Database;
  /** Opens one read-only connection to the same file; null when there can be none. */
  openReader: (() => BetterSqlite3.Database) | null;
  /** Most read-only connections kept open (a streaming read holds one for its duration). */
  maxReaders?: number;
}

export class SqliteRoutingDialect implements Dialect {
  constructor(private readonly config: SqliteRoutingConfig) {}

  createDriver(): Driver {
    return new SqliteRoutingDriver(this.config);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/** Kysely's mutex: waiters queue on the current holder's promise. */
class Mutex {
  #promise: Promise<void> | undefined;
  #resolve: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#promise) {
      await this.#promise;
    }
    this.#promise = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  unlock(): void {
    const resolve = this.#resolve;
    this.#promise = undefined;
    this.#resolve = undefined;
    resolve?.();
  }
}

interface Reader {
  db: BetterSqlite3.Database;
  /** A streaming read iterates on it: better-sqlite3 refuses other statements meanwhile. */
  streaming: boolean;
}

function rolledBack(): Error {
  return Object.assign(new Error('SQLite rolled the transaction back after an earlier error'), {
    code: 'SQLITE_ABORT_ROLLBACK',
  });
}

function run<R>(db: BetterSqlite3.Database, q: CompiledQuery): QueryResult<R> {
  const stmt = db.prepare(q.sql);
  if (stmt.reader) {
    return { rows: stmt.all(q.parameters) as R[] };
  }
  const { changes, lastInsertRowid } = stmt.run(q.parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

class SqliteRoutingDriver implements Driver {
  readonly #writer: BetterSqlite3.Database;
  readonly #mutex = new Mutex();
  readonly #readers: Reader[] = [];
  readonly #maxReaders: number;
  #openReader: (() => BetterSqlite3.Database) | null;

  constructor(config: SqliteRoutingConfig) {
    this.#writer = config.writer;
    this.#openReader = config.openReader;
    this.#maxReaders = config.maxReaders ?? 2;
  }

  init(): Promise<void> {
    return Promise.resolve();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    // A connection per acquisition: it takes the writer only when it needs it (see RoutedConnection).
    return Promise.resolve(new RoutedConnection(this));
  }

  get writer(): BetterSqlite3.Database {
    return this.#writer;
  }

  lockWriter(): Promise<void> {
    return this.#mutex.lock();
  }

  unlockWriter(): void {
    this.#mutex.unlock();
  }

  /** A read-only connection free for a statement, opened on first need; null to use the writer. */
  reader(): Reader | null {
    const free = this.#readers.find((r) => !r.streaming);
    if (free) {
      return free;
    }
    if (this.#openReader && this.#readers.length < this.#maxReaders) {
      try {
        const r = { db: this.#openReader(), streaming: false };
        this.#readers.push(r);
        return r;
      } catch {
        // The file cannot be opened read-only (e.g. no -shm yet on a read-only directory): the
        // writer serves reads, as with Kysely's own dialect.
        this.#openReader = null;
      }
    }
    return null;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as RoutedConnection;
    await c.takeWriter();
    c.inTransaction = true;
    run(this.#writer, CompiledQuery.raw('begin'));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).inTransaction = false;
    if (!this.#writer.inTransaction) {
      return Promise.reject(rolledBack());
    }
    run(this.#writer, CompiledQuery.raw('commit'));
    return Promise.resolve();
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).inTransaction = false;
    // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, some I/O errors); a
    // second rollback would fail with "no transaction is active" and hide the error that matters.
    if (this.#writer.inTransaction) {
      run(this.#writer, CompiledQuery.raw('rollback'));
    }
    return Promise.resolve();
  }

  savepoint(_c: DatabaseConnection, name: string): Promise<void> {
    return this.#savepointCommand('savepoint', name);
  }

  rollbackToSavepoint(_c: DatabaseConnection, name: string): Promise<void> {
    return this.#savepointCommand('rollback to', name);
  }

  releaseSavepoint(_c: DatabaseConnection, name: string): Promise<void> {
    return this.#savepointCommand('release', name);
  }

  #savepointCommand(command: string, name: string): Promise<void> {
    // Savepoint names come from Kysely's own transaction API, never from input; quoted anyway.
    run(this.#writer, CompiledQuery.raw(`${command} "${name.replace(/"/g, '""')}"`));
    return Promise.resolve();
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).release();
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    // Readers first: the writer, closing last, checkpoints the WAL into the database file.
    for (const r of this.#readers.splice(0)) {
      r.db.close();
    }
    this.#writer.close();
    return Promise.resolve();
  }
}

class RoutedConnection implements DatabaseConnection {
  inTransaction = false;
  #holdsWriter = false;

  constructor(private readonly driver: SqliteRoutingDriver) {}

  async takeWriter(): Promise<void> {
    if (!this.#holdsWriter) {
      await this.driver.lockWriter();
      this.#holdsWriter = true;
    }
  }

  release(): void {
    if (this.#holdsWriter) {
      this.#holdsWriter = false;
      this.driver.unlockWriter();
    }
  }

  /** A plain SELECT by a caller not holding the writer (so not in a transaction) can go to a reader. */
  #readOnly(q: CompiledQuery): boolean {
    return !this.#holdsWriter && SelectQueryNode.is(q.query);
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#readOnly(q)) {
      const reader = this.driver.reader();
      if (reader) {
        return run<R>(reader.db, q);
      }
    }
    await this.takeWriter();
    if (this.inTransaction && !this.driver.writer.inTransaction) {
      // The transaction is gone (SQLite rolled it back after an error the caller caught): running
      // on would write outside it, statement by statement.
      throw rolledBack();
    }
    return run<R>(this.driver.writer, q);
  }

  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(q.query)) {
      throw new Error('Sqlite driver only supports streaming of select queries');
    }
    const reader = this.#readOnly(q) ? this.driver.reader() : null;
    if (!reader) {
      await this.takeWriter();
    }
    const db = reader?.db ?? this.driver.writer;
    if (reader) {
      reader.streaming = true;
    }
    try {
      for (const row of db.prepare(q.sql).iterate(q.parameters)) {
        yield { rows: [row as R] };
      }
    } finally {
      if (reader) {
        reader.streaming = false;
      }
    }
  }
}
