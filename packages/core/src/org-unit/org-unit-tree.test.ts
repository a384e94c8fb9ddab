import { describe, expect, it } from 'vitest';
import {
  exclusiveGroupViolations,
  isInSubtree,
  isOpenDuring,
  pathUids,
  placeOrgUnits,
} from './org-unit-tree.js';

describe('placeOrgUnits', () => {
  it('computes levels and materialised paths in any input order', () => {
    const { placements, issues } = placeOrgUnits([
      { uid: 'C', parentUid: 'B' },
      { uid: 'A', parentUid: null },
      { uid: 'B', parentUid: 'A' },
    ]);
    expect(issues).toEqual([]);
    expect(placements.get('C')).toEqual({ level: 3, path: '/A/B/C/' });
    expect(pathUids('/A/B/C/')).toEqual(['A', 'B', 'C']);
    expect(isInSubtree('/A/B/C/', '/A/B/')).toBe(true);
    expect(isInSubtree('/A/BB/', '/A/B/')).toBe(false);
  });
  it('attaches to already known units', () => {
    const { placements } = placeOrgUnits(
      [{ uid: 'X', parentUid: 'K' }],
      new Map([['K', { level: 2, path: '/R/K/' }]]),
    );
    expect(placements.get('X')).toEqual({ level: 3, path: '/R/K/X/' });
  });
  it('reports cycles and unknown parents without throwing', () => {
    const { placements, issues } = placeOrgUnits([
      { uid: 'A', parentUid: 'B' },
      { uid: 'B', parentUid: 'A' },
      { uid: 'D', parentUid: 'nowhere' },
    ]);
    expect(placements.size).toBe(0);
    expect(issues.map((i) => i.key).sort()).toEqual(['metadata.cycle', 'metadata.unknownRef']);
  });
});

describe('isOpenDuring', () => {
  const unit = { openingDate: '2024-03-15', closedDate: '2024-06-10' };
  it('accepts periods with at least one open day', () => {
    expect(isOpenDuring(unit, '2024-03-01', '2024-03-31')).toBe(true);
    expect(isOpenDuring(unit, '2024-06-01', '2024-06-30')).toBe(true);
  });
  it('rejects periods before opening or from the closing day on', () => {
    expect(isOpenDuring(unit, '2024-02-01', '2024-02-29')).toBe(false);
    expect(isOpenDuring(unit, '2024-07-01', '2024-07-31')).toBe(false);
    expect(isOpenDuring(unit, '2024-06-10', '2024-06-10')).toBe(false);
    expect(isOpenDuring({}, '1900-01-01', '1900-01-01')).toBe(true);
  });
});

describe('exclusiveGroupViolations', () => {
  it('finds units in two groups of an exclusive set only', () => {
    const v = exclusiveGroupViolations(
      [
        { uid: 'own', exclusive: true, groupUids: ['pub', 'pri'] },
        { uid: 'tags', exclusive: false, groupUids: ['a', 'b'] },
      ],
      new Map([
        ['pub', ['u1', 'u2']],
        ['pri', ['u2']],
        ['a', ['u1']],
        ['b', ['u1']],
      ]),
    );
    expect(v).toEqual([{ ouUid: 'u2', setUid: 'own', groupUids: ['pub', 'pri'] }]);
  });
});
