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
  /** 提高2个百分点 / 提高1岁 / 降低3个百分点: a change of the baseline by an amount in the indicator's unit. */
  | { kind: 'delta'; amount: number }
  /** N-M: between two figures (inclusive). */
  | { kind: 'range'; min: number; max: number }
  /** A wording the parser does not know: kept, judged by nobody (定性), warned about at import. */
  | { kind: 'qualitative'; text: string }
  | { kind: 'none' };

const NUM = '([+-]?\\d+(?:\\.\\d+)?)';
/** Units written inside the wording (`90%以上`, `6.5‰以内`, `14/10万以下`, `80岁`): dropped, the indicator has its unit. */
const UNIT = '(?:%|‰|‱|(?:1)?/10万|/万|/千|岁|张|人|个|名|天|元|万元|次|所|家|项|床)?';
const AT_LEAST_PREFIX = '(?:≥|>=|>|不低于|不少于|大于等于|大于|高于)';
const AT_MOST_PREFIX = '(?:≤|<=|<|不高于|不超过|小于等于|小于|低于|少于)';
// 保持在 / 稳定在 / 控制在 / 达到 / 提高到 … N: the verb says where the figure is to be, the suffix how.
const VERB =
  '(?:力争|争取)?(?:保持在|稳定在|控制在|维持在|达到|达|提高到|提高至|提升到|提升至|增加到|增加至|增长到|增长至|上升到|上升至|下降到|下降至|降低到|降低至|降到|降至|减少到|减少至)?';

/** Full-width digits and signs as plan tables are often typed (９０％以上, ＞, ≦). */
function normalise(text: string): string {
  return text
    .replace(/\s/g, '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/％/g, '%')
    .replace(/＋/g, '+')
    .replace(/[＞]/g, '>')
    .replace(/[＜]/g, '<')
    .replace(/[≧⩾]/g, '≥')
    .replace(/[≦⩽]/g, '≤')
    .replace(/／/g, '/')
    .replace(/[：:]/g, '');
}

/**
 * Understands the wordings of Chinese plan tables (docs/plans.md lists them): `≥30`, `90%以上`,
 * `不低于N`, `达到N`, `≤10`, `6.5‰以内`, `控制在N以下`, `84左右`, `提高2个百分点`, `比2015年下降10%`,
 * `每年提高1%`, `同比例提高`, `持续改善`, `全覆盖`, `N-M`, `—`. A wording it does not know is
 * `qualitative`, never an error.
 */
export function parseTargetWording(text: string, relativeTo?: string): TargetRule {
  const s = normalise(text);
  let m: RegExpExecArray | null;
  if (s === '' || /^[—\-–－/／无]+$/.test(s)) {
    return { kind: 'none' };
  }
  if ((m = new RegExp(`^${VERB}${AT_LEAST_PREFIX}${NUM}${UNIT}$`).exec(s))) {
    return { kind: 'atLeast', value: Number(m[1]) };
  }
  if ((m = new RegExp(`^${VERB}${AT_MOST_PREFIX}${NUM}${UNIT}$`).exec(s))) {
    return { kind: 'atMost', value: Number(m[1]) };
  }
  if ((m = new RegExp(`^${VERB}${NUM}${UNIT}(?:及)?以上$`).exec(s))) {
    return { kind: 'atLeast', value: Number(m[1]) };
  }
  if ((m = new RegExp(`^${VERB}${NUM}${UNIT}(?:以内|以下)$`).exec(s))) {
    return { kind: 'atMost', value: Number(m[1]) };
  }
  if ((m = new RegExp(`^${VERB}${NUM}${UNIT}左右$`).exec(s))) {
    return { kind: 'approx', value: Number(m[1]) };
  }
  if ((m = new RegExp(`^${NUM}${UNIT}(?:-|–|—|~|～|至|到)${NUM}${UNIT}$`).exec(s))) {
    const [lo, hi] = [Number(m[1]), Number(m[2])].sort((x, y) => x - y) as [number, number];
    return { kind: 'range', min: lo, max: hi };
  }
  if (
    (m = new RegExp(`^[比较](\\d{4})年?(下降|降低|减少|提高|提升|上升|增长|增加)${NUM}%(以上)?$`).exec(s))
  ) {
    const sign = /下降|降低|减少/.test(m[2] ?? '') ? -1 : 1;
    return {
      kind: 'change',
      percent: sign * Number(m[3]),
      baseYear: Number(m[1]),
      orMore: m[4] !== undefined,
    };
  }
  if (
    (m = new RegExp(`^(?:年均|每年)(提高|提升|增长|增加|下降|降低|减少)${NUM}(%)?(?:左右|以上)?$`).exec(s))
  ) {
    return {
      kind: 'annualChange',
      amount: (/下降|降低|减少/.test(m[1] ?? '') ? -1 : 1) * Number(m[2]),
      percent: m[3] !== undefined,
    };
  }
  if (
    (m = new RegExp(
      `^(?:累计)?(提高|提升|增长|增加|上升|下降|降低|减少)${NUM}(?:个百分点|个千分点|岁|张|人|个|名|天|元|万元)(?:以上)?$`,
    ).exec(s))
  ) {
    return { kind: 'delta', amount: (/下降|降低|减少/.test(m[1] ?? '') ? -1 : 1) * Number(m[2]) };
  }
  if (s.includes('同比例提高') || s.includes('同比例增长')) {
    return { kind: 'relative', to: relativeTo ?? '' };
  }
  if ((m = /^(?:持续|逐年|逐步|稳步|不断)(改善|提高|提升|增长|增加|下降|降低|减少)$/.exec(s))) {
    const word = m[1] ?? '';
    return word === '改善'
      ? { kind: 'improve' }
      : { kind: 'improve', direction: /下降|降低|减少/.test(word) ? 'lower' : 'higher' };
  }
  if (/^(?:实现)?全覆盖$/.test(s)) {
    return { kind: 'atLeast', value: 100 };
  }
  if ((m = new RegExp(`^${VERB}${NUM}${UNIT}$`).exec(s))) {
    return { kind: 'point', value: Number(m[1]) };
  }
  return { kind: 'qualitative', text: text.trim() };
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
