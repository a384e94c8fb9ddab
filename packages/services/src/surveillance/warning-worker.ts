import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ServiceContext } from '../service-context.js';
import type { LatestWeeksDetection } from './latest-weeks.js';

/** A run (in the scheduler's context: a plain object, so it crosses to the thread as it is) or the end. */
export type WorkerRequest = { type: 'run'; id: number; ctx: ServiceContext } | { type: 'close' };
export interface WorkerRunResult extends LatestWeeksDetection {
  /** Series × methods fitted in this run, and those whose unchanged history let them be reused. */
  refitted: number;
  reused: number;
  ms: number;
}
export type WorkerReply =
  { id: number; ok: true; result: WorkerRunResult } | { id: number; ok: false; message: string };

/**
 * The server side of the early-warning worker thread (surveillance-worker.ts): started on the
 * first run, kept for the next ones (its series cache is what makes runs incremental), started
 * again after a crash. While idle it does not keep the process alive.
 */
export class WarningWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (r: WorkerRunResult) => void; reject: (e: Error) => void }
  >();

  constructor(private readonly dbUrl: string) {}

  run(ctx: ServiceContext): Promise<WorkerRunResult> {
    const w = (this.worker ??= this.start());
    const id = this.nextId++;
    w.ref();
    return new Promise<WorkerRunResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: WorkerRequest = { type: 'run', id, ctx };
      w.postMessage(request);
    });
  }

  /** Lets the worker close its database connection and end (terminated if it does not within 5 s). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (!w) {
      return;
    }
    const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    const request: WorkerRequest = { type: 'close' };
    w.postMessage(request);
    const timer = setTimeout(() => void w.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }

  private start(): Worker {
    const w = startWorker(this.dbUrl);
    w.unref();
    const fail = (e: Error): void => {
      if (this.worker === w) {
        this.worker = null;
      }
      for (const p of this.waiting.values()) {
        p.reject(e);
      }
      this.waiting.clear();
    };
    w.on('message', (m: WorkerReply) => {
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) {
        w.unref();
      }
      if (m.ok) {
        p?.resolve(m.result);
      } else {
        p?.reject(new Error(m.message));
      }
    });
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`early-warning worker exited with code ${code}`)));
    return w;
  }
}

/**
 * From the built JavaScript the worker is the compiled surveillance-worker.js beside this file.
 * From the TypeScript sources (vitest, `npm run hw`) Node cannot load it by itself: the worker first
 * registers tsx and resolves the workspace packages to their sources, as the parent process does.
 */
function startWorker(dbUrl: string): Worker {
  const workerData = { dbUrl };
  if (import.meta.url.endsWith('.ts')) {
    const tsx = pathToFileURL(tsxEsmApi()).href;
    const entry = new URL('./surveillance-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { eval: true, workerData, execArgv: ['--conditions=healthwatch-source'] });
  }
  return new Worker(new URL('./surveillance-worker.js', import.meta.url), { workerData });
}

/** tsx's ESM API (`tsx/esm/api` under the import condition; its CommonJS build cannot register from a worker). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const pkg = require(manifest) as { exports: Record<string, { import?: { default?: string } }> };
  return join(dirname(manifest), pkg.exports['./esm/api']?.import?.default ?? 'dist/esm/api/index.mjs');
}
