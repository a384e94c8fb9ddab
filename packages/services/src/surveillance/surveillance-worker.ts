import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import type { ServiceContext } from '../service-context.js';
import { detectLatestWeeks } from './latest-weeks.js';
import { SeriesCache } from './series-cache.js';
import type { WorkerReply, WorkerRequest } from './warning-worker.js';

/*
 * The early-warning worker thread (started by warning-worker.ts): reads the case counts on its own
 * database connection, fits the series that changed and fuses the events, so none of it blocks
 * the server's event loop. It never writes: the scheduler saves the events on the server's
 * connection, so SQLite keeps a single writer. The series cache lives here between runs.
 */
const port = parentPort;
if (!port) {
  throw new Error('surveillance-worker.ts runs as a worker thread');
}
const { dbUrl } = workerData as { dbUrl: string };
const cache = new SeriesCache();
let store: Store | null = null;

async function run(id: number, ctx: ServiceContext): Promise<void> {
  const started = performance.now();
  try {
    store ??= await openStore(dbUrl, { poolSize: 2 });
    const found = await detectLatestWeeks(store, ctx, cache.detector);
    const reply: WorkerReply = {
      id,
      ok: true,
      result: { ...found, ...cache.endRun(), ms: performance.now() - started },
    };
    port?.postMessage(reply);
  } catch (e) {
    cache.clear();
    const reply: WorkerReply = { id, ok: false, message: e instanceof Error ? e.message : String(e) };
    port?.postMessage(reply);
  }
}

async function close(): Promise<void> {
  await store?.close().catch(() => undefined);
  store = null;
  port?.close();
}

port.on('message', (m: WorkerRequest) => {
  // The scheduler sends one run at a time and waits for its reply, so runs never overlap here.
  void (m.type === 'close' ? close() : run(m.id, m.ctx));
});
