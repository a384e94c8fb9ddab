import { randomUUID } from 'node:crypto';
import { lstat, chmod, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, msg } from '@healthwatch/core';

/**
 * Uploads (CSV and XLSX bodies the importers read from a file) are streamed to disk, never held in
 * memory, in a directory only this user can enter. Each upload is one file named after the process
 * that wrote it; the caller removes it on every exit path (`withSpooledUpload`), and `sweepSpool`
 * removes what a crashed or killed process left behind.
 */

/** `<os tmpdir>/healthwatch-uploads-<uid>`: per user, so two users on one machine never share it. */
export function defaultUploadDir(): string {
  const uid =
    typeof process.getuid === 'function' ? String(process.getuid()) : (process.env.USERNAME ?? 'user');
  return join(tmpdir(), `healthwatch-uploads-${uid}`);
}

/**
 * Creates the spool directory (mode 0700) or checks the existing one: it must be a real directory
 * (not a symbolic link someone planted in a shared /tmp) owned by this user; looser modes are tightened.
 */
export async function ensureSpoolDir(dir: string = defaultUploadDir()): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await lstat(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) {
    throw new AppError('HW_INTERNAL', {
      ref: `upload directory ${dir} is not a directory owned by this user`,
    });
  }
  if ((st.mode & 0o077) !== 0) {
    await chmod(dir, 0o700);
  }
  return dir;
}

export interface SpooledUpload {
  /** The file (its extension tells the importer the format). */
  readonly path: string;
  readonly bytes: number;
  remove(): Promise<void>;
}

/** Counts the body's bytes as they pass and fails the stream as soon as it is over the limit. */
class ByteLimit extends Transform {
  bytes = 0;
  constructor(private readonly max: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) {
      cb(new AppError('HW_PAYLOAD_TOO_LARGE', { limit: this.max }));
      return;
    }
    cb(null, chunk);
  }
}

/**
 * Streams a request body into a new file of the spool directory, refusing it (413) once it passes
 * `maxBytes`. On any failure (the limit, the client going away, a full disk) the file is removed
 * before the error is thrown.
 */
export async function spoolUpload(
  body: ReadableStream<Uint8Array> | null,
  o: { dir?: string | undefined; maxBytes: number; ext: string },
): Promise<SpooledUpload> {
  const dir = await ensureSpoolDir(o.dir ?? defaultUploadDir());
  const path = join(dir, `${process.pid}-${randomUUID()}.${o.ext}`);
  const remove = (): Promise<void> => rm(path, { force: true });
  // 'wx': never follow or reuse an existing name; 0600: readable by this user only.
  const handle = await open(path, 'wx', 0o600);
  const limit = new ByteLimit(o.maxBytes);
  try {
    const source = body ? Readable.fromWeb(body) : Readable.from([]);
    await pipeline(source, limit, handle.createWriteStream());
  } catch (e) {
    await handle.close().catch(() => undefined);
    await remove();
    if (e instanceof AppError) {
      throw e;
    }
    throw new AppError('HW_VALIDATION', { reason: msg('validation.uploadInterrupted') }, { cause: e });
  }
  return { path, bytes: limit.bytes, remove };
}

/** Spools the body, runs `fn` on the file and removes the file whatever `fn` does. */
export async function withSpooledUpload<T>(
  body: ReadableStream<Uint8Array> | null,
  o: { dir?: string | undefined; maxBytes: number; ext: string },
  fn: (path: string) => Promise<T>,
): Promise<T> {
  const upload = await spoolUpload(body, o);
  try {
    return await fn(upload.path);
  } finally {
    await upload.remove();
  }
}

function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the leftovers of processes that are gone (a crash, SIGKILL, a power cut), and files of
 * this process's own id older than this process (a restarted container reuses its pid). Files of
 * other running servers sharing the directory are left alone. Answers the names removed.
 */
export async function sweepSpool(dir: string = defaultUploadDir()): Promise<string[]> {
  await ensureSpoolDir(dir);
  const started = Date.now() - process.uptime() * 1000;
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1] ?? Number.NaN);
    const path = join(dir, name);
    let stale = !Number.isInteger(pid) || (pid !== process.pid && !processRunning(pid));
    if (!stale && pid === process.pid) {
      const st = await stat(path).catch(() => undefined);
      stale = st !== undefined && st.mtimeMs < started;
    }
    if (stale) {
      await rm(path, { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}
