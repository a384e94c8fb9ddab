import { createHash } from 'node:crypto';
import type { Detection } from '@healthwatch/core';
import { detect } from './detect-method.js';
import type { SeriesDetector } from './surveillance-service.js';

/**
 * The detections of each disease × place series, keyed by a hash of everything they depend on (the
 * method, its options including the first monitored week, and the whole count history), so a run
 * refits only the series whose counts changed. Correct by construction: a detection is a pure
 * function of that key, so no change has to be reported to invalidate it — a corrected count, a
 * deleted value, a moved facility or a later week all give a different history and a new key.
 * Each run keeps only the entries it used, so the cache holds at most one run's series × methods.
 */
export class SeriesCache {
  private kept = new Map<string, readonly Detection[]>();
  private used = new Map<string, readonly Detection[]>();
  private counts = { refitted: 0, reused: 0 };

  /** The detector for one run: reuses a series' detections while its key is unchanged. */
  readonly detector: SeriesDetector = (y, method, options) => {
    const key = seriesKey(y, method, options);
    const hit = this.used.get(key) ?? this.kept.get(key);
    if (hit) {
      this.counts.reused++;
      this.used.set(key, hit);
      return hit;
    }
    const found = Object.freeze(detect(y, method, options));
    this.counts.refitted++;
    this.used.set(key, found);
    return found;
  };

  /** Ends a run: forgets the series it did not use and answers how many were refitted and reused. */
  endRun(): { refitted: number; reused: number } {
    this.kept = this.used;
    this.used = new Map();
    const counts = this.counts;
    this.counts = { refitted: 0, reused: 0 };
    return counts;
  }

  /** Forgets everything (a run that failed may have left half a generation). */
  clear(): void {
    this.kept = new Map();
    this.used = new Map();
    this.counts = { refitted: 0, reused: 0 };
  }
}

function seriesKey(y: readonly number[], method: string, options: object): string {
  return createHash('sha256')
    .update(method)
    .update('\0')
    .update(JSON.stringify(options))
    .update('\0')
    .update(new Uint8Array(Float64Array.from(y).buffer))
    .digest('base64');
}
