import { DEFAULT_THRESHOLDS, evaluatePlan, parseTargetWording } from '@healthwatch/core';
import type { PlanIndicatorInput } from '@healthwatch/core';
import { describe, expect, it } from 'vitest';
import { MeResponse } from './me.js';
import { DataSetObject, METADATA_OBJECTS, NativeMetadata } from './metadata.js';
import { EvaluationResponse } from './plans.js';
import { UserPatchRequest } from './users.js';

const input = (
  code: string,
  wording: string,
  extra: Partial<PlanIndicatorInput> = {},
): PlanIndicatorInput => ({
  code,
  name: code,
  nature: 'binding',
  polarity: 'higher',
  unit: '%',
  wording,
  rule: parseTargetWording(wording),
  baseline: { year: 2020, value: 10 },
  values: [
    { year: 2022, value: 14, source: '统计年鉴', status: 'final', provenance: 'reported' },
    {
      year: 2023,
      value: 16,
      text: null,
      source: 'HealthWatch',
      status: 'preliminary',
      provenance: 'computed',
      numerator: 16,
      denominator: 100,
      factor: 100,
    },
    { year: 2023, value: 18, source: '卫健委', status: 'final', provenance: 'reported' },
  ],
  ...extra,
});

const additions = {
  plan: { code: 'p', name: '规划', issuer: null },
  syntheticData: false,
  sections: [{ code: 'S1', name: '健康水平', indicators: ['A', 'B', 'C'] }],
  projects: [{ no: 1, name: '医院', status: 'in_progress', investment: 1.5, content: null }],
  links: { A: 'LIB_A' },
  orgUnit: null,
  figures: {},
};

describe('the evaluation answer', () => {
  it('is what core evaluates plus the plan service’s additions, field for field', () => {
    const e = evaluatePlan(
      { baselineYear: 2020, targetYear: 2025 },
      2023,
      'midterm',
      [
        input('A', '≥20'),
        input('B', '比2020年下降10%', { polarity: 'lower' }),
        input('C', '—', { values: [] }),
      ],
      DEFAULT_THRESHOLDS,
    );
    // Nothing is stripped or changed: the schema describes every field core and the service give.
    expect(EvaluationResponse.parse({ ...e, ...additions })).toEqual({ ...e, ...additions });
    expect(e.indicators.map((i) => i.latest?.year)).toEqual([2023, 2023, undefined]);
  });

  it('refuses a field core does not have, a missing one, and a status outside core’s vocabulary', () => {
    const e = evaluatePlan(
      { baselineYear: 2020, targetYear: 2025 },
      2023,
      'annual',
      [input('A', '≥20')],
      DEFAULT_THRESHOLDS,
    );
    const [first] = e.indicators;
    expect(first).toBeDefined();
    expect(
      EvaluationResponse.safeParse({ ...e, ...additions, indicators: [{ ...first, trend: 'up' }] }).success,
    ).toBe(false);
    expect(
      EvaluationResponse.safeParse({ ...e, ...additions, indicators: [{ ...first, rag: undefined }] })
        .success,
    ).toBe(false);
    expect(
      EvaluationResponse.safeParse({ ...e, ...additions, indicators: [{ ...first, status: 'great' }] })
        .success,
    ).toBe(false);
    const { figures: _figures, ...withoutFigures } = additions;
    expect(EvaluationResponse.safeParse({ ...e, ...withoutFigures }).success).toBe(false);
  });
});

describe('metadata', () => {
  it('an import may leave ids out; an answer always has them, and the lists the pages read', () => {
    expect(
      NativeMetadata.safeParse({ dataSets: [{ code: 'M', name: '月报', periodType: 'Monthly' }] }).success,
    ).toBe(true);
    expect(
      DataSetObject.safeParse({
        code: 'M',
        name: '月报',
        periodType: 'Monthly',
        dataElements: [],
        orgUnits: [],
      }).success,
    ).toBe(false);
    expect(
      DataSetObject.safeParse({ id: 'a1234567890', code: 'M', name: '月报', periodType: 'Monthly' }).success,
    ).toBe(false);
    expect(
      DataSetObject.parse({
        id: 'a1234567890',
        code: 'M',
        name: '月报',
        periodType: 'Monthly',
        dataElements: [],
        orgUnits: ['b1234567890'],
      }).orgUnits,
    ).toEqual(['b1234567890']);
    // Every kind the per-object routes serve has an answer schema.
    expect(Object.keys(METADATA_OBJECTS).sort()).toEqual(
      Object.keys(NativeMetadata.shape)
        .filter((k) => k !== 'format' && k !== 'version' && k !== 'orgUnitLevels')
        .sort(),
    );
  });
});

describe('requests and answers', () => {
  it('answers are strict (an extra field is a contract change); request bodies keep their own rules', () => {
    const me = {
      username: 'u',
      role: 'clerk',
      roleName: '机构填报员',
      authorities: ['DATA_READ'],
      displayName: null,
      csrfToken: null,
      capture: null,
      view: null,
      today: '2026-12-01',
    };
    expect(MeResponse.safeParse(me).success).toBe(true);
    expect(MeResponse.safeParse({ ...me, passwordHash: 'x' }).success).toBe(false);
    expect(UserPatchRequest.safeParse({ passwordHash: 'x' }).success).toBe(false);
  });
});
