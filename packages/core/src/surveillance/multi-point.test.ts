import { describe, expect, it } from 'vitest';
import type { Detection } from './detection.js';
import { renderParam } from '../i18n/translate.js';
import { fuseSignals } from './multi-point.js';

const weeks = Array.from({ length: 8 }, (_, i) => `2024W${String(20 + i).padStart(2, '0')}`);
const det = (observed: number[], alarmsAt: number[], upper = 5, expected = 2): Detection[] =>
  observed.map((o, i) => ({
    t: i + 1,
    observed: o,
    expected,
    upperbound: upper,
    score: null,
    alarm: alarmsAt.includes(i + 1),
  }));

describe('fuseSignals (多点触发)', () => {
  it('grades by agreeing methods, persistence, neighbours and excess, and explains in Chinese', () => {
    const bs = [1, 2, 1, 9, 14, 16, 2, 1];
    const sm = [0, 1, 1, 1, 7, 2, 1, 0];
    const events = fuseSignals(
      '手足口病',
      [
        {
          unit: 'BS',
          unitName: '白沙镇',
          periods: weeks,
          methods: { 'EARS C2': det(bs, [4, 5, 6]), Farrington: det(bs, [5, 6], 6) },
        },
        { unit: 'SM', unitName: '石门镇', periods: weeks, methods: { 'EARS C2': det(sm, [5]) } },
        {
          unit: 'LH',
          unitName: '龙华镇',
          periods: weeks,
          methods: { 'EARS C2': det([0, 0, 0, 0, 0, 0, 0, 3], [8]) },
        },
      ],
      { neighbours: { BS: ['SM', 'LH'], SM: ['BS'], LH: ['BS'] } },
    );
    expect(events.map((e) => [e.unit, e.from, e.to, e.grade])).toEqual([
      ['BS', '2024W23', '2024W25', 'red'],
      ['SM', '2024W24', '2024W24', 'blue'],
      ['LH', '2024W27', '2024W27', 'blue'],
    ]);
    const bsEvent = events[0];
    // 2 methods + 3 periods (+2) + neighbour 石门镇 alarmed the week before (+1) + 16/5 ≥ 3 (+2) = 7
    expect(bsEvent?.points).toBe(7);
    expect(bsEvent?.evidence).toMatchObject({
      observed: 16,
      methods: ['EARS C2', 'Farrington'],
      periods: 3,
      neighbours: ['SM'],
    });
    // Stored as a message with parameters, rendered in the reader's language.
    const explanation = bsEvent ? bsEvent.explanation : { key: 'surveillance.explanation' as const };
    expect(renderParam('zh-CN', explanation)).toBe(
      '白沙镇 2024W25 报告手足口病 16 例，期望 2 例，预警上限 5；EARS C2、Farrington 2 种方法同时预警；连续 3 个周期超限（自 2024W23 起）；相邻的石门镇同期预警；病例数为上限的 3.2 倍。分级：红色（7 分）。',
    );
    expect(renderParam('en', explanation)).toBe(
      '白沙镇 2024W25: 16 cases of 手足口病 reported, 2 expected, alert threshold 5; 2 methods alarm together (EARS C2, Farrington); above the threshold for 3 consecutive periods (since 2024W23); neighbouring 石门镇 alarm in the same period; cases are 3.2 times the threshold. Grade: Red (7 points).',
    );
  });
  it('grades a run at its strongest period, and the cut points are configurable', () => {
    const y = [1, 1, 1, 20, 3, 3, 1, 1];
    const e = fuseSignals('其他感染性腹泻病', [
      {
        unit: 'SM',
        unitName: '石门镇',
        periods: weeks,
        methods: { A: det(y, [4, 5, 6]), B: det(y, [4]), C: det(y, [4]) },
      },
    ]);
    // W23: 3 methods + 20/5 ≥ 3 (+2) = 5; W25: 1 method + 3 periods (+2) = 3 → the event keeps W23's 5.
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({
      from: '2024W23',
      to: '2024W25',
      points: 5,
      grade: 'orange',
      evidence: { observed: 20, periods: 3 },
    });
    expect(
      fuseSignals('x', [{ unit: 'SM', unitName: '石门镇', periods: weeks, methods: { A: det(y, [4]) } }], {
        cutPoints: [1, 2, 3],
      })[0]?.grade,
    ).toBe('red');
  });
  it('makes a class-A disease red on a single signal', () => {
    const e = fuseSignals(
      '霍乱',
      [
        {
          unit: 'BS',
          unitName: '白沙镇',
          periods: weeks,
          methods: { 固定阈值: det([0, 0, 1, 0, 0, 0, 0, 0], [3], 1, 0) },
        },
      ],
      { immediate: true },
    );
    expect(e).toHaveLength(1);
    expect(e[0]?.grade).toBe('red');
    const explanation = e[0] ? e[0].explanation : { key: 'surveillance.explanation' as const };
    expect(renderParam('zh-CN', explanation)).toContain('该病按甲类管理，单例即报');
    expect(renderParam('en', explanation)).toContain('class A disease');
  });
});
