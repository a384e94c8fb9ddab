/**
 * Typed target rules (domain-indicators §3.4), parsed from the plan's own wording so the
 * original text is kept next to what the evaluator understood.
 */
export type TargetRule =
  | { kind: 'atLeast'; value: number }
  | { kind: 'atMost'; value: number }
  /** A planned value; direction comes from the indicator's polarity. */
  | { kind: 'point'; value: number }
  /**
   * "a 左右": within a symmetric tolerance (absolute; default from the thresholds). `overshootMet`:
   * the plan says a figure past the target in the good direction counts as met.
   */
  | { kind: 'approx'; value: number; tolerance?: number; overshootMet?: boolean }
  /** 同比例提高: grow at least in proportion to another plan indicator. */
  | { kind: 'relative'; to: string }
  /** 持续改善 / 逐年下降: better than the previous reported year; the direction from the wording, else the polarity. */
  | { kind: 'improve'; direction?: 'higher' | 'lower' }
  /** 比 baseYear 下降/提高 p%: a change relative to a base year's value. */
  | { kind: 'change'; percent: number; baseYear: number; orMore: boolean }
  /** 每年提高/下降 a (absolute) or p% (relative). */
  | { kind: 'annualChange'; amount: number; percent: boolean }
  | { kind: 'none' };

const NUM = '([+-]?\\d+(?:\\.\\d+)?)';

/** Understands the wordings of Chinese plan tables: `≥30`, `≤10`, `84左右`, `6.5以内`, `比2015年下降10%`, `同比例提高`, `—`. */
export function parseTargetWording(text: string, relativeTo?: string): TargetRule {
  const s = text.replace(/\s/g, '').replace(/％/g, '%').replace(/＞|>/g, '>').replace(/＜|</g, '<');
  let m: RegExpExecArray | null;
  if (s === '' || /^[—\-–－]+$/.test(s)) {
    return { kind: 'none' };
  }
  if ((m = new RegExp(`^(?:≥|>=|不低于|大于等于)${NUM}`).exec(s))) {
    return { kind: 'atLeast', value: Number(m[1]) };
  }
  if (
    (m = new RegExp(`^(?:≤|<=|不高于|不超过|小于等于)${NUM}`).exec(s)) ||
    (m = new RegExp(`^${NUM}(?:以内|以下)$`).exec(s))
  ) {
    return { kind: 'atMost', value: Number(m[1]) };
  }
  if ((m = new RegExp(`^${NUM}(?:以上)$`).exec(s))) {
    return { kind: 'atLeast', value: Number(m[1]) };
  }
  if ((m = new RegExp(`^${NUM}左右$`).exec(s))) {
    return { kind: 'approx', value: Number(m[1]) };
  }
  if ((m = new RegExp(`^比(\\d{4})年(下降|提高|上升|增长)${NUM}%(以上)?$`).exec(s))) {
    const sign = m[2] === '下降' ? -1 : 1;
    return {
      kind: 'change',
      percent: sign * Number(m[3]),
      baseYear: Number(m[1]),
      orMore: m[4] !== undefined,
    };
  }
  if ((m = new RegExp(`^每年(提高|下降|增长)${NUM}(%)?(左右)?$`).exec(s))) {
    return {
      kind: 'annualChange',
      amount: (m[1] === '下降' ? -1 : 1) * Number(m[2]),
      percent: m[3] !== undefined,
    };
  }
  if (s.includes('同比例提高')) {
    return { kind: 'relative', to: relativeTo ?? '' };
  }
  if ((m = /(?:持续|逐年|逐步)(改善|提高|提升|增长|下降|降低)/.exec(s))) {
    const word = m[1] ?? '';
    return word === '改善'
      ? { kind: 'improve' }
      : { kind: 'improve', direction: /下降|降低/.test(word) ? 'lower' : 'higher' };
  }
  if ((m = new RegExp(`^${NUM}$`).exec(s))) {
    return { kind: 'point', value: Number(m[1]) };
  }
  return { kind: 'none' };
}

/** The number a rule aims at, when it has one. */
export function targetValue(rule: TargetRule): number | null {
  switch (rule.kind) {
    case 'atLeast':
    case 'atMost':
    case 'point':
    case 'approx':
      return rule.value;
    default:
      return null;
  }
}
