import { describe, expect, it } from 'vitest';
import { KeySet } from './key-set.js';

describe('KeySet', () => {
  it('finds duplicates exactly, through growth, against a Map reference', () => {
    const set = new KeySet(4);
    const ref = new Map<string, number>();
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let row = 2; row < 50_000; row++) {
      const k = [rnd(30), rnd(12), rnd(200), rnd(3), rnd(2)] as const;
      const s = k.join('|');
      const expected = ref.get(s) ?? -1;
      expect(set.addOrGet(k[0], k[1], k[2], k[3], k[4], row)).toBe(expected);
      if (expected === -1) {
        ref.set(s, row);
      }
    }
    expect(set.size).toBe(ref.size);
  });
  it('distinguishes keys that differ in one position only', () => {
    const set = new KeySet();
    expect(set.addOrGet(1, 2, 3, 4, 5, 10)).toBe(-1);
    expect(set.addOrGet(1, 2, 3, 4, 6, 11)).toBe(-1);
    expect(set.addOrGet(5, 4, 3, 2, 1, 12)).toBe(-1);
    expect(set.addOrGet(1, 2, 3, 4, 5, 13)).toBe(10);
  });
});
