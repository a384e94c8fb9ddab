import { describe, expect, it } from 'vitest';
import type { DataItem } from './ast.js';
import { evaluate, evaluateWithStrategy } from './evaluate-expression.js';
import type { EvalContext, MissingValueStrategy, Value } from './evaluate-expression.js';
import { collectItems, parseExpression } from './parse-expression.js';

/** DHIS2 fixture F1 (ExpressionServiceTest.setUp): item values; C, D and E have no value. */
const F1: Record<string, Value> = {
  '#dataElemenA.*.*': 3,
  '#dataElemenB.*.*': 13,
  '#dataElemenA.catOptCombB.*': 5,
  '#dataElemenB.catOptCombA.*': 15,
  '#dataElemenA.catOptCombA.catOptCombB': 7,
  '#dataElemenA.*.catOptCombB': 9,
  RdataSetUidA: 401,
  NmindicatorA: 88,
  Cxxxxxxxxx05: 0.5,
  Cxxxxxxxx025: 0.25,
  OUGorgUnitGrpA: 1_000_000,
  OUGorgUnitGrpB: 2_000_000,
};
const f1: EvalContext = {
  days: 30,
  item(i: DataItem): Value {
    switch (i.kind) {
      case 'dataElement':
        return F1[`#${i.de}.${i.coc ?? '*'}.${i.aoc ?? '*'}`] ?? null;
      case 'constant':
        return F1[`C${i.id}`] ?? null;
      case 'orgUnitGroupCount':
        return F1[`OUG${i.id}`] ?? null;
      case 'indicator':
        return F1[`N${i.id}`] ?? null;
      case 'reportingRate':
        return (
          (F1[`R${i.dataSet}`] as number) +
          [
            'REPORTING_RATE',
            'REPORTING_RATE_ON_TIME',
            'ACTUAL_REPORTS',
            'ACTUAL_REPORTS_ON_TIME',
            'EXPECTED_REPORTS',
          ].indexOf(i.metric)
        );
    }
  },
};

/** DHIS2's eval() default in these tests: SKIP_IF_ANY_VALUE_MISSING. */
const ev = (src: string, strategy: MissingValueStrategy = 'SKIP_IF_ANY_VALUE_MISSING'): Value => {
  const e = parseExpression(src);
  return evaluateWithStrategy(e, f1, strategy, collectItems(e).values());
};
const bool = (src: string): Value => evaluate(parseExpression(src), f1, false);

describe('DHIS2 acceptance vectors (dhis2-reference §2.8)', () => {
  it('V01 exponentiation is right-associative', () => {
    expect(ev('2 ^ 3 ^ 2')).toBe(512);
    expect(ev('( 2 ^ 3 ) ^ 2')).toBe(64);
    expect(ev('2 ^ -2')).toBe(0.25);
  });
  it('V02 unary minus binds looser than ^', () => {
    expect(ev('-(2) ^ 2')).toBe(-4);
    expect(ev('(-(2)) ^ 2')).toBe(4);
  });
  it('V03 multiply, divide, modulus', () => {
    expect(ev('12 % 5 % 3')).toBe(2);
    expect(ev('7 % 4 / 2')).toBe(1.5);
    expect(ev('-(7) % 3')).toBe(-1);
  });
  it('V04 add and subtract', () => {
    expect(ev('4 + 3 % 2')).toBe(5);
    expect(ev('( 4 + 3 ) / 2')).toBe(3.5);
    expect(ev('4 - 3 / 2')).toBe(2.5);
  });
  it('V05 logarithms — non-finite results are null on purpose (DHIS2: -Infinity and NaN)', () => {
    expect(ev('log(50,0)')).toBe(0);
    // DHIS2 gives -Infinity and NaN; we give no value, so no NaN or Infinity ever reaches output.
    expect(ev('log(0)')).toBeNull();
    expect(ev('log(-1)')).toBeNull();
    expect(ev('log10(1000)')).toBe(3);
    expect(ev('log(8,2)')).toBe(3);
  });
  it('V06 boolean precedence', () => {
    expect(ev('if( ! true <= false, 1, 0)')).toBe(1);
    expect(ev('if( true || true && false, 1, 0)')).toBe(1);
    expect(ev('if( true == false == false, 1, 0)')).toBe(1);
  });
  it('V07 string comparison', () => {
    expect(ev("if( 'a' < 'b', 1, 0)")).toBe(1);
    expect(ev("if( 'b' <= 'a', 1, 0)")).toBe(0);
  });
  it('V08 null and removeZeros', () => {
    expect(ev('1 - null')).toBeNull();
    expect(ev('removeZeros( 10 - 2 * 5 )')).toBeNull();
    expect(ev('removeZeros( 10 - 2 )')).toBe(8);
  });
  it('V09 is, contains, containsItems', () => {
    expect(bool("is( 3 in 1, 2, '3' )")).toBe(true);
    expect(bool("contains('ab,cd,ef','b,c')")).toBe(true);
    expect(bool("containsItems('ab,cd,ef','b,c')")).toBe(false);
  });
  it('V10 decimal arithmetic; division by zero is null on purpose (DHIS2: NaN)', () => {
    expect(ev('1.3 - 1')).toBe(0.3);
    expect(ev('1.0/( 1 - 1 )')).toBeNull();
    expect(ev('1.4^( 1 + 1 )')).toBe(1.96);
    expect(ev('80 + 4 / 0')).toBeNull();
  });
  it('V11 data element totals and operands', () => {
    expect(ev('#{dataElemenA}')).toBe(3);
    expect(ev('#{dataElemenA.catOptCombB}')).toBe(5);
    expect(ev('#{dataElemenA.catOptCombA.catOptCombB}')).toBe(7);
    expect(ev('#{dataElemenA.*.catOptCombB}')).toBe(9);
    expect(ev('#{dataElemenA.catOptCombB.*}')).toBe(5);
  });
  it('V12 other valued items', () => {
    expect(ev('R{dataSetUidA.REPORTING_RATE}')).toBe(401);
    expect(ev('R{dataSetUidA.EXPECTED_REPORTS}')).toBe(405);
    expect(ev('C{xxxxxxxxx05}')).toBe(0.5);
    expect(ev('OUG{orgUnitGrpA}')).toBe(1_000_000);
    expect(ev('[days]')).toBe(30);
    expect(ev('N{mindicatorA}')).toBe(88);
  });
  it('V13 one item missing', () => {
    const s = '#{dataElemenA} + #{dataElemenB} + #{dataElemenC}';
    expect(ev(s, 'SKIP_IF_ANY_VALUE_MISSING')).toBeNull();
    expect(ev(s, 'SKIP_IF_ALL_VALUES_MISSING')).toBe(16);
    expect(ev(s, 'NEVER_SKIP')).toBe(16);
  });
  it('V14 all items missing', () => {
    const s = '#{dataElemenC} + #{dataElemenD} + #{dataElemenE}';
    expect(ev(s, 'SKIP_IF_ANY_VALUE_MISSING')).toBeNull();
    expect(ev(s, 'SKIP_IF_ALL_VALUES_MISSING')).toBeNull();
    expect(ev(s, 'NEVER_SKIP')).toBe(0);
  });
  it('V15 functions see nulls even under NEVER_SKIP', () => {
    expect(ev('firstNonNull( #{dataElemenE}, #{dataElemenA} )', 'NEVER_SKIP')).toBe(3);
    expect(ev('if( isNull( #{dataElemenE} ), 1, 0)', 'NEVER_SKIP')).toBe(1);
  });
  it('V16 predictor aggregates over past periods are out of scope on purpose', () => {
    // DHIS2: sum(#{dataElemenB} + #{dataElemenC}) over predictor samples gives ANY→4, ALL→6,
    // NEVER→6. HealthWatch has no predictors (values are never synthesised and stored); the
    // parser rejects the predictor-only function with its position instead of guessing.
    expect(() => parseExpression('sum(#{dataElemenB} + #{dataElemenC})')).toThrow(
      /第 1 个字符.*未知的函数或名称“sum”/,
    );
  });
  it('V17 predictor-only functions are not indicator expressions', () => {
    expect(() => parseExpression('stddev(#{dataElemenA.catOptCombB}*C{xxxxxxxxx05})')).toThrow(
      /未知的函数或名称“stddev”/,
    );
    expect(() => parseExpression('1*')).toThrow(/表达式不完整/);
  });
});

describe('parser', () => {
  it('names the position of a parse error', () => {
    expect(() => parseExpression('#{a} + * 2')).toThrow(/第 8 个字符/);
    expect(() => parseExpression('(1 + 2')).toThrow(/第 7 个字符.*“\)”/);
    expect(() => parseExpression('#{}')).toThrow(/第 1 个字符/);
    expect(() => parseExpression('R{ds.NOPE}')).toThrow(/格式不正确/);
    expect(() => parseExpression('1 $ 2')).toThrow(/无法识别的字符“\$”/);
    expect(() => parseExpression("'abc")).toThrow(/字符串未闭合/);
    expect(() => parseExpression('if(1,2)')).toThrow(/参数个数/);
  });
  it('reads modifiers, nesting period offsets additively', () => {
    const e = parseExpression(
      '#{deA}.periodOffset(-2).periodOffset(-3).aggregationType(LAST) + #{deA}.yearToDate()',
    );
    const items = [...collectItems(e).values()];
    expect(items).toEqual([
      {
        kind: 'dataElement',
        de: 'deA',
        coc: null,
        aoc: null,
        modifiers: { periodOffset: -5, aggregationType: 'LAST' },
      },
      { kind: 'dataElement', de: 'deA', coc: null, aoc: null, modifiers: { yearToDate: true } },
    ]);
    const d = parseExpression('#{deA}.minDate(2022-2-1).maxDate(2022-2-28)');
    expect([...collectItems(d).values()][0]).toMatchObject({
      modifiers: { minDate: '2022-02-01', maxDate: '2022-02-28' },
    });
  });
  it('skips comments and accepts and/or/not', () => {
    expect(ev('/* half */ 1 / 2')).toBe(0.5);
    expect(bool('not false and (false or true)')).toBe(true);
    expect(ev('2.1E-1 * 10')).toBe(2.1);
    expect(ev('.5 + 2.')).toBe(2.5);
  });
  it('handles greatest, least and the comparison of mixed values', () => {
    expect(ev('greatest(1, 5, 3) + least(4, 2)')).toBe(7);
    expect(bool('3 == "3"')).toBe(true);
    expect(bool('2 < 10')).toBe(true);
  });
});
