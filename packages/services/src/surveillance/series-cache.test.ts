import { describe, expect, it } from 'vitest';
import { detect } from './detect-method.js';
import { SeriesCache } from './series-cache.js';

// Three years and a bit of weekly counts with a late rise: Farrington fits a GLM per monitored week.
const history = Array.from({ length: 180 }, (_, i) => 3 + ((i * 7) % 5) + (i > 172 ? 9 : 0));
const options = { b: 3, weightsThreshold: 2.58, pastWeeksNotIncluded: 3, from: 170 };

describe('SeriesCache', () => {
  it('reuses the detections of an unchanged series and refits one whose history, method or options changed', () => {
    const cache = new SeriesCache();
    const first = cache.detector(history, 'farrington-flexible', options);
    expect(first).toEqual(detect(history, 'farrington-flexible', options));
    expect(cache.detector([...history], 'farrington-flexible', { ...options })).toBe(first);
    expect(cache.endRun()).toEqual({ refitted: 1, reused: 1 });

    // The next run: the same series is reused; one corrected week anywhere in it is refitted.
    expect(cache.detector(history, 'farrington-flexible', options)).toBe(first);
    const corrected = history.map((y, i) => (i === 40 ? y + 1 : y));
    expect(cache.detector(corrected, 'farrington-flexible', options)).toEqual(
      detect(corrected, 'farrington-flexible', options),
    );
    expect(cache.detector(history, 'ears-c2', options)).toEqual(detect(history, 'ears-c2', options));
    expect(cache.detector(history, 'farrington-flexible', { ...options, from: 171 })).toHaveLength(10);
    expect(cache.endRun()).toEqual({ refitted: 3, reused: 1 });
  });

  it('keeps only what the last run used', () => {
    const cache = new SeriesCache();
    const a = cache.detector(history, 'cusum', { from: 170 });
    cache.endRun();
    cache.detector(history, 'ears-c1', { from: 170 });
    cache.endRun();
    // The cusum series was not used by the last run: it is fitted again (an equal, new result).
    const again = cache.detector(history, 'cusum', { from: 170 });
    expect(again).not.toBe(a);
    expect(again).toEqual(a);
    expect(cache.endRun()).toEqual({ refitted: 1, reused: 0 });
  });
});
