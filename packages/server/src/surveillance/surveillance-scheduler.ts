import { periodOfDate, shiftPeriod } from '@healthwatch/core';
import { cachedMetadataIndex, latestDataDate, readSetting } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { loadSurveillanceConfig, runSurveillance } from './surveillance-service.js';
import type { SurveillanceRunResult } from './surveillance-service.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Weeks evaluated on each run, ending at the latest week with case data. */
const WINDOW_WEEKS = 4;

/**
 * Runs early warning once a day and after every data import through the API, over the last
 * WINDOW_WEEKS weeks that have case data. Runs never overlap: a trigger during a run schedules one
 * more run after it. Does nothing until a surveillance configuration is loaded.
 */
export class SurveillanceScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SurveillanceRunResult | null> | null = null;
  private again = false;

  constructor(
    private readonly store: Store,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  start(intervalMs = DAY_MS): void {
    this.stop();
    this.timer = setInterval(() => void this.trigger('daily'), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Starts a run (or queues one after the current run); resolves with its result. */
  trigger(reason: string): Promise<SurveillanceRunResult | null> {
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.trigger(reason));
    }
    this.running = this.runOnce(reason).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.trigger('queued');
      }
    });
    return this.running;
  }

  /** Waits for the current run, if any. */
  async idle(): Promise<void> {
    while (this.running) {
      await this.running.catch(() => null);
    }
  }

  private async runOnce(reason: string): Promise<SurveillanceRunResult | null> {
    try {
      if (!(await readSetting(this.store.db, 'surveillance_config'))) {
        return null;
      }
      const config = await loadSurveillanceConfig(this.store);
      const index = await cachedMetadataIndex(this.store);
      const ids = config.diseases.flatMap((d) => {
        const de = index.findDataElement(d.dataElement);
        return de ? [de.id] : [];
      });
      const last = await latestDataDate(this.store.db, ids);
      if (!last) {
        return null;
      }
      const to = periodOfDate('Weekly', last);
      const r = await runSurveillance(this.store, { from: shiftPeriod(to, -(WINDOW_WEEKS - 1)).id, to: to.id, actor: 'surveillance' });
      this.log(`early warning (${reason}) ${r.from}—${r.to}: ${r.events.length} events, ${r.created} new, ${r.updated} updated`);
      return r;
    } catch (e) {
      this.log(`early warning (${reason}) failed: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }
}
