import { describe, expect, it } from 'vitest';
import type { DataItem } from '../expression/ast.js';
import { compileRule, evaluateRule } from './validation-rule.js';
import type { ValidationRuleSpec } from './validation-rule.js';

const ctxOf = (values: Record<string, number | null>) => ({
  item: (i: DataItem) =>
    i.kind === 'dataElement' ? (values[i.coc ? `${i.de}.${i.coc}` : i.de] ?? null) : null,
});
const rule = (over: Partial<ValidationRuleSpec>): ValidationRuleSpec => ({
  code: 'R',
  name: 'r',
  instruction: '婴儿死亡数不应多于活产数',
  importance: 'HIGH',
  operator: 'less_than_or_equal_to',
  left: { expression: '#{INFANT_DEATHS}' },
  right: { expression: '#{LIVE_BIRTHS}' },
  periodType: 'Yearly',
  ...over,
});
const run = (r: ValidationRuleSpec, values: Record<string, number | null>) =>
  evaluateRule(r, compileRule(r), ctxOf(values));

describe('validation rules', () => {
  it('compares the two sides with each operator', () => {
    expect(run(rule({}), { INFANT_DEATHS: 3, LIVE_BIRTHS: 200 })).toEqual({
      status: 'pass',
      left: 3,
      right: 200,
    });
    expect(run(rule({}), { INFANT_DEATHS: 201, LIVE_BIRTHS: 200 }).status).toBe('fail');
    expect(run(rule({ operator: 'greater_than' }), { INFANT_DEATHS: 3, LIVE_BIRTHS: 3 }).status).toBe('fail');
    expect(
      run(rule({ operator: 'equal_to', right: { expression: '#{A} + #{B}' } }), {
        INFANT_DEATHS: 0.3,
        A: 0.1,
        B: 0.2,
      }).status,
    ).toBe('pass');
    expect(run(rule({ operator: 'not_equal_to' }), { INFANT_DEATHS: 1, LIVE_BIRTHS: 1 }).status).toBe('fail');
  });
  it('follows the missing-value strategy of each side', () => {
    expect(run(rule({}), { INFANT_DEATHS: null, LIVE_BIRTHS: 200 }).status).toBe('skipped');
    expect(
      run(rule({ left: { expression: '#{INFANT_DEATHS}', missingValueStrategy: 'NEVER_SKIP' } }), {
        LIVE_BIRTHS: 200,
      }),
    ).toEqual({ status: 'pass', left: 0, right: 200 });
    const sum = rule({ left: { expression: '#{A} + #{B}' }, right: { expression: '10' } });
    expect(run(sum, { A: 12 }).status).toBe('fail');
    expect(
      run(
        { ...sum, left: { expression: '#{A} + #{B}', missingValueStrategy: 'SKIP_IF_ANY_VALUE_MISSING' } },
        { A: 12 },
      ).status,
    ).toBe('skipped');
  });
  it('checks presence for compulsory and exclusive pairs', () => {
    const pair = rule({
      operator: 'compulsory_pair',
      left: { expression: '#{DISCHARGES}' },
      right: { expression: '#{INPATIENT_BED_DAYS}' },
    });
    expect(run(pair, { DISCHARGES: 10 }).status).toBe('fail');
    expect(run(pair, { DISCHARGES: 10, INPATIENT_BED_DAYS: 80 }).status).toBe('pass');
    expect(run(pair, {}).status).toBe('skipped');
    const excl = { ...pair, operator: 'exclusive_pair' as const };
    expect(run(excl, { DISCHARGES: 10, INPATIENT_BED_DAYS: 80 }).status).toBe('fail');
    expect(run(excl, { DISCHARGES: 10 }).status).toBe('pass');
  });
  it('reads category option combos in operands', () => {
    const r = rule({
      left: { expression: '#{LIVE_BIRTHS.男}' },
      right: { expression: '#{LIVE_BIRTHS.男} + #{LIVE_BIRTHS.女}' },
    });
    expect(run(r, { 'LIVE_BIRTHS.男': 5, 'LIVE_BIRTHS.女': 4 }).status).toBe('pass');
  });
});
