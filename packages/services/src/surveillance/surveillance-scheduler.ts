import { cachedMetadataIndex } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { everywhereContext, systemToday } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';
import { detectLatestWeeks } from './latest-weeks.js';
import type { LatestWeeksDetection } from './latest-weeks.js';
import { SeriesCache } from './series-cache.js';
import { saveSurveillanceEvents } from './surveillance-service.js';
import type { SurveillanceRunResult } from './surveillance-service.js';
import { WarningWorker } from './warning-worker.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Who scheduled runs act as: events they create or update are recorded as by `surveillance`. */
export const SURVEILLANCE_ACTOR = 'surveillance';

/** What a write changed, as far as the write path knows; nothing given means anything may have. */
export interface DataChange {
  /** The data elements written (code, uid or name, as the request named them). */
  dataElements?: readonly string[];
}

export interface SchedulerOptions {
  /**
   * The database URL: runs then read and fit in a worker thread on their own connection, off the
   * event loop. Without it (or for `sqlite::memory:`, which a second connection cannot open) they
   * run in this thread, as a one-off command wants.
   */
  dbUrl?: string | undefined;
  /** A run starts this long after the last change (default 2 s)… */
  debounceMs?: number;
  /** …but no later than this after the first change not yet evaluated (default 30 s). */
  maxWaitMs?: number;
  /** The deployment's time zone, whose date is a run's today (default Asia/Shanghai). */
  timeZone?: string | undefined;
}

export interface SchedulerStats {
  /** Runs carried out (daily, after changes, or asked for). */
  runs: number;
  /** Series × methods fitted, and reused because their history had not changed, over all runs. */
  refitted: number;
  reused: number;
  lastRunMs: number;
}

/**
 * Early warning once a day and after data changes, over the last weeks that have case data
 * (latest-weeks.ts). Changes are debounced: one run `debounceMs` after the last change, or
 * `maxWaitMs` after the first, so a burst of writes costs one run and a steady stream one run per
 * `maxWaitMs`; writes to elements no disease is monitored on cost none. Runs never overlap: a
 * change during a run schedules the next after it. Runs are incremental (series-cache.ts) and,
 * given the database URL, computed in a worker thread; this thread only saves the events.
 * Does nothing until a surveillance configuration is loaded.
 */
export class SurveillanceScheduler {
  readonly stats: SchedulerStats = { runs: 0, refitted: 0, reused: 0, lastRunMs: 0 };
  private daily: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private running: Promise<SurveillanceRunResult | null> | null = null;
  /** When the first change not yet evaluated arrived, and the last one. */
  private pendingSince: number | null = null;
  private lastChangeAt = 0;
  /** Changes being looked at (notify → consider) and triggers waiting for a run to end: idle() waits for them. */
  private considering = 0;
  private queued = 0;
  private closed = false;
  /** The monitored data elements, as of the last run (null before it: every change counts). */
  private watched: ReadonlySet<number> | null = null;
  private readonly worker: WarningWorker | null;
  private readonly cache = new SeriesCache();
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly timeZone: string | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly log: (message: string) => void = () => undefined,
    options: SchedulerOptions = {},
  ) {
    this.worker = options.dbUrl && store.sqlitePath !== ':memory:' ? new WarningWorker(options.dbUrl) : null;
    this.debounceMs = options.debounceMs ?? 2000;
    this.maxWaitMs = Math.max(this.debounceMs, options.maxWaitMs ?? 30_000);
    this.timeZone = options.timeZone;
  }

  start(intervalMs = DAY_MS): void {
    this.stop();
    this.daily = setInterval(() => void this.trigger('daily'), intervalMs);
    this.daily.unref();
  }

  /** Stops the daily run (changes still schedule runs until close()). */
  stop(): void {
    if (this.daily) {
      clearInterval(this.daily);
      this.daily = null;
    }
  }

  /** A write changed data: schedules a debounced run unless it touched no monitored element. */
  notify(change: DataChange = {}): void {
    if (this.closed) {
      return;
    }
    this.considering++;
    void this.consider(change)
      .catch((e: unknown) => this.log(`early warning: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.considering--;
        this.settle();
      });
  }

  /** Runs now (after the current run, if any), covering every change so far; resolves with its result. */
  async trigger(reason: string): Promise<SurveillanceRunResult | null> {
    this.queued++;
    while (this.running) {
      await this.running.catch(() => null);
    }
    this.queued--;
    if (this.debounce) {
      clearTimeout(this.debounce);
      this.debounce = null;
    }
    this.pendingSince = null;
    const run = this.runOnce(reason);
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = null;
      this.arm();
      this.settle();
    }
  }

  /** Resolves when no run is running or scheduled. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.settle();
    });
  }

  /** Stops for good: a run still due is carried out first, then the worker thread ends. */
  async close(): Promise<void> {
    this.stop();
    if (this.pendingSince !== null && !this.closed) {
      await this.trigger('shutdown');
    }
    this.closed = true;
    if (this.debounce) {
      clearTimeout(this.debounce);
      this.debounce = null;
    }
    await this.running?.catch(() => null);
    await this.worker?.close();
    this.settle();
  }

  private async consider(change: DataChange): Promise<void> {
    const watched = this.watched;
    if (change.dataElements && watched) {
      const index = await cachedMetadataIndex(this.store);
      // A name the index cannot resolve counts: better one run too many than an outbreak missed.
      const relevant = change.dataElements.some((ref) => {
        const de = index.findDataElement(ref);
        return !de || watched.has(de.id);
      });
      if (!relevant) {
        return;
      }
    }
    if (this.closed) {
      return;
    }
    const now = Date.now();
    this.pendingSince ??= now;
    this.lastChangeAt = now;
    this.arm();
  }

  /** Sets the timer for the changes not yet evaluated (after the current run, if one is running). */
  private arm(): void {
    if (this.closed || this.running || this.pendingSince === null) {
      return;
    }
    if (this.debounce) {
      clearTimeout(this.debounce);
    }
    const due = Math.min(this.lastChangeAt + this.debounceMs, this.pendingSince + this.maxWaitMs);
    this.debounce = setTimeout(
      () => {
        this.debounce = null;
        void this.trigger('data changed');
      },
      Math.max(0, due - Date.now()),
    );
  }

  private settle(): void {
    const busy =
      this.running !== null ||
      this.debounce !== null ||
      this.considering > 0 ||
      this.queued > 0 ||
      (this.pendingSince !== null && !this.closed);
    if (!busy) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) {
        w();
      }
    }
  }

  private async detect(
    ctx: ServiceContext,
  ): Promise<LatestWeeksDetection & { refitted: number; reused: number }> {
    if (this.worker) {
      return this.worker.run(ctx);
    }
    try {
      return { ...(await detectLatestWeeks(this.store, ctx, this.cache.detector)), ...this.cache.endRun() };
    } catch (e) {
      this.cache.clear();
      throw e;
    }
  }

  private async runOnce(reason: string): Promise<SurveillanceRunResult | null> {
    const started = performance.now();
    this.stats.runs++;
    // A run acts everywhere, on the day it starts (the server may run for weeks).
    const ctx = everywhereContext(SURVEILLANCE_ACTOR, 'zh-CN', systemToday(this.timeZone));
    try {
      const found = await this.detect(ctx);
      this.watched = new Set(found.watched);
      this.stats.refitted += found.refitted;
      this.stats.reused += found.reused;
      const r = found.detection;
      if (!r) {
        return null;
      }
      const saved = await saveSurveillanceEvents(this.store, ctx, r.events);
      this.stats.lastRunMs = performance.now() - started;
      this.log(
        `early warning (${reason}) ${r.from}—${r.to}: ${r.events.length} events, ${saved.created} new, ${saved.updated} updated; ${found.refitted} series refitted, ${found.reused} reused, ${Math.round(this.stats.lastRunMs)} ms`,
      );
      return { ...r, ...saved };
    } catch (e) {
      this.log(`early warning (${reason}) failed: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }
}
