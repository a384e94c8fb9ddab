import { describe, expect, it } from 'vitest';
import { findOutliers } from './outliers.js';
import type { SeriesPoint } from './outliers.js';

const months = (values: number[], startYear = 2021): SeriesPoint[] =>
  values.map((value, i) => {
    const y = startYear + Math.floor(i / 12);
    const m = (i % 12) + 1;
    return {
      period: `${y}${String(m).padStart(2, '0')}`,
      start: `${y}-${String(m).padStart(2, '0')}-01`,
      season: m,
      value,
    };
  });

describe('outliers', () => {
  const steady = [100, 104, 98, 101, 97, 103, 99, 102, 100, 96, 105, 101];
  it('z-score and modified z flag a value ten times the usual', () => {
    const s = months([...steady, ...steady.slice(0, 5), 1000, ...steady.slice(6)]);
    expect(findOutliers(s, 'z-score').map((f) => f.period)).toEqual(['202206']);
    const mz = findOutliers(s, 'modified-z');
    expect(mz.map((f) => f.period)).toEqual(['202206']);
    // The spread never drops below √100 = 10 for a count around 100.
    expect(mz[0]?.upper).toBeCloseTo(135, 6);
  });
  it('min-max learns bounds from history only, so the first values are not judged', () => {
    const s = months([100, 102, 99, 101, 180, 100]);
    expect(findOutliers(s, 'min-max').map((f) => f.period)).toEqual(['202105']);
    expect(findOutliers(months([180, 100, 102, 99, 101]), 'min-max')).toEqual([]);
  });
  it('seasonal compares a month with the same month in other years', () => {
    // A winter peak every year is normal; a summer value at winter level is not.
    const year = [300, 280, 150, 100, 100, 100, 100, 100, 100, 120, 200, 290];
    const odd = [...year];
    odd[6] = 290;
    const s = months([
      ...year,
      ...year.map((x) => x + 3),
      ...year.map((x) => x - 2),
      ...year.map((x) => x + 1),
      ...odd,
    ]);
    expect(findOutliers(s, 'seasonal').map((f) => f.period)).toEqual(['202507']);
    // Without the season, every winter peak looks odd.
    expect(findOutliers(s, 'modified-z').map((f) => f.period)).toContain('202101');
  });
  it('checks only the points asked for, and needs enough comparison values', () => {
    const s = months([...steady, 1000]);
    expect(findOutliers(s, 'modified-z', 3.5, (p) => p.period < '202201')).toEqual([]);
    expect(findOutliers(months([1, 2, 100]), 'z-score')).toEqual([]);
  });
});
