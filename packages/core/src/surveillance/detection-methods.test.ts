import { describe, expect, it } from 'vitest';
import { cusum } from './cusum.js';
import { earsC } from './ears.js';
import { farringtonWeights } from './farrington.js';
import { fixedThreshold, movingPercentile } from './moving-percentile.js';
import { qnbinom, qnorm, qpois, quantile7, tTestPValue } from './statistics.js';

describe('distribution functions (values from R)', () => {
  it('qnorm, t test, quantiles', () => {
    expect(qnorm(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(qnorm(0.999)).toBeCloseTo(3.090232306167813, 13);
    expect(qnorm(1e-10)).toBeCloseTo(-6.361340902404056, 11);
    expect(tTestPValue(2.1, 25)).toBeCloseTo(0.04598, 5);
    expect(quantile7([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile7([0, 0, 0, 1, 5], 0.8)).toBeCloseTo(1.8, 12);
    expect(qpois(0.95, 4.086797)).toBe(8);
    expect(qnbinom(0.95, 4 / 0.5, 1 / 1.5)).toBe(8);
    expect(qnbinom(0.99, 3.2, 0.4)).toBe(16);
    expect(qpois(0.99, 12.5)).toBe(21);
  });
});

describe('EARS', () => {
  it('minSigma stops a single case after a run of zeros from alarming', () => {
    const y = [0, 0, 0, 0, 0, 0, 0, 1];
    expect(earsC(y, { method: 'C1' }).at(-1)?.alarm).toBe(true);
    expect(earsC(y, { method: 'C1', minSigma: 1 }).at(-1)?.alarm).toBe(false);
  });
});

describe('moving percentile and fixed threshold', () => {
  it('compares with > by default, and with ≥ a zero count alarms on a zero percentile', () => {
    const y = [...new Array<number>(52 * 3 + 10).fill(0)];
    expect(movingPercentile(y, { minCases: 0 }).some((d) => d.alarm)).toBe(false);
    expect(movingPercentile(y, { minCases: 0, strict: false }).every((d) => d.alarm)).toBe(true);
    y[52 * 3 + 5] = 2;
    expect(
      movingPercentile(y)
        .filter((d) => d.alarm)
        .map((d) => d.t),
    ).toEqual([52 * 3 + 6]);
  });
  it('a single case of a 甲类 disease alarms at once', () => {
    expect(fixedThreshold([0, 0, 1, 0, 3]).map((d) => d.alarm)).toEqual([false, false, true, false, true]);
    expect(fixedThreshold([0, 0, 1, 0, 3], { threshold: 3 }).map((d) => d.alarm)).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
  });
});

describe('CUSUM', () => {
  it('keeps alarming without reset (R 1.20) and restarts with reset', () => {
    const y = [2, 2, 2, 2, 2, 2, 2, 2, 9, 9, 2, 2, 2];
    const plain = cusum(y, { from: 9 }).map((d) => d.alarm);
    const reset = cusum(y, { from: 9, reset: true }).map((d) => d.alarm);
    expect(plain).toEqual([true, true, true, true, true]);
    expect(reset).toEqual([true, true, false, false, false]);
  });
});

describe('Farrington', () => {
  it('assigns re-weighting weights as R (unit test of algo.farrington.assign.weights)', () => {
    const omega = farringtonWeights([0, 0, 0, 0, 0, 2, 2, 2, 2, 2], 0);
    omega.slice(0, 5).forEach((x) => expect(x).toBeCloseTo(1.6, 12));
    omega.slice(5).forEach((x) => expect(x).toBeCloseTo(0.4, 12));
  });
});
