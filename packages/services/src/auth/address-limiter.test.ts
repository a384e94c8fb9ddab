import { describe, expect, it } from 'vitest';
import { AddressLimiter } from './address-limiter.js';

describe('AddressLimiter', () => {
  it('allows a fixed number of attempts a minute per address, synchronously', () => {
    const l = new AddressLimiter(3);
    const taken = [1, 2, 3, 4, 5].map(() => l.take('a', 1000));
    expect(taken.map((t) => t.ok)).toEqual([true, true, true, false, false]);
    expect(l.take('b', 1000).ok).toBe(true);
    expect(l.take('a', 61_001).ok).toBe(true);
  });
  it('gives a slot back after a right password', () => {
    const l = new AddressLimiter(1);
    const first = l.take('a', 5);
    expect(first.ok).toBe(true);
    if (first.ok) {
      first.release();
    }
    expect(l.take('a', 6).ok).toBe(true);
    const refused = l.take('a', 7);
    expect(refused.ok ? 0 : refused.retryAfterSeconds).toBe(60);
  });
});
