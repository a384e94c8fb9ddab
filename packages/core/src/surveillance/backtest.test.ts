import { describe, expect, it } from 'vitest';
import { backtest } from './backtest.js';
import type { Detection } from './detection.js';

const alarmsAt =
  (ts: number[]) =>
  (counts: readonly number[]): Detection[] =>
    counts.map((c, i) => ({
      t: i + 1,
      observed: c,
      expected: null,
      upperbound: null,
      score: null,
      alarm: ts.includes(i + 1),
    }));

describe('backtest', () => {
  const series = {
    name: 's',
    counts: new Array<number>(20).fill(1),
    outbreak: Array.from({ length: 20 }, (_, i) => (i >= 4 && i <= 6) || (i >= 14 && i <= 15)),
  };
  it('scores outbreaks found late, missed outbreaks and false alarms', () => {
    // Outbreaks at t 5–7 and 15–16; alarms at 6 (late by one), 7, and 10 (false).
    const m = backtest([series], alarmsAt([6, 7, 10]));
    expect(m).toMatchObject({
      outbreaks: 2,
      detected: 1,
      pod: 0.5,
      podFirstPeriod: 0,
      medianTimeToDetection: 1,
      alarms: 3,
      periods: 20,
    });
    expect(m.sensitivity).toBeCloseTo(2 / 5, 12);
    expect(m.specificity).toBeCloseTo(14 / 15, 12);
    expect(m.falseAlarmsPer100).toBeCloseTo(5, 12);
    expect(m.ppv).toBeCloseTo(2 / 3, 12);
  });
  it('counts only monitored periods and reports nulls when there is nothing to divide by', () => {
    const m = backtest([series], (c) => alarmsAt([])(c).slice(16));
    expect(m).toMatchObject({
      periods: 4,
      outbreaks: 0,
      pod: null,
      sensitivity: null,
      ppv: null,
      falseAlarmsPer100: 0,
      specificity: 1,
    });
  });
});
