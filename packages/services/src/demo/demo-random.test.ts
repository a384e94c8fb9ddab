import { describe, expect, it } from 'vitest';
import { apportion, seededRandom } from './demo-random.js';

describe('apportion', () => {
  it('splits a whole number into whole parts that add up to it', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7496, [1500, 900, 700, 450]).reduce((a, b) => a + b, 0)).toBe(7496);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
    expect(apportion(5, [0, 0])).toEqual([5, 0]);
    expect(apportion(5, [])).toEqual([]);
  });
  it('never gives a part more than its share rounded up, so nested splits stay within their parent', () => {
    const infants = [3, 0, 5, 1];
    const neonatal = apportion(6, infants);
    neonatal.forEach((n, i) => expect(n).toBeLessThanOrEqual(infants[i] ?? 0));
  });
});

describe('seededRandom', () => {
  it('is deterministic for a seed and different across seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
