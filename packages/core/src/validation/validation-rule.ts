import type { Expr } from '../expression/ast.js';
import { evaluateWithStrategy } from '../expression/evaluate-expression.js';
import type { EvalContext, MissingValueStrategy } from '../expression/evaluate-expression.js';
import { collectItems, parseExpression } from '../expression/parse-expression.js';

/** DHIS2's validation-rule operators. */
export const RuleOperator = {
  EQUAL_TO: 'equal_to',
  NOT_EQUAL_TO: 'not_equal_to',
  GREATER_THAN: 'greater_than',
  GREATER_THAN_OR_EQUAL_TO: 'greater_than_or_equal_to',
  LESS_THAN: 'less_than',
  LESS_THAN_OR_EQUAL_TO: 'less_than_or_equal_to',
  /** Both sides reported, or neither. */
  COMPULSORY_PAIR: 'compulsory_pair',
  /** Not both sides reported. */
  EXCLUSIVE_PAIR: 'exclusive_pair',
} as const;
export type RuleOperator = (typeof RuleOperator)[keyof typeof RuleOperator];

export const OPERATOR_SYMBOLS: Readonly<Record<RuleOperator, string>> = {
  equal_to: '=',
  not_equal_to: '≠',
  greater_than: '>',
  greater_than_or_equal_to: '≥',
  less_than: '<',
  less_than_or_equal_to: '≤',
  compulsory_pair: '须同时填报',
  exclusive_pair: '不得同时填报',
};

export const Importance = { HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW' } as const;
/** How a rule's importance reads (DHIS2's codes stay in files and the API). */
export const IMPORTANCE_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  HIGH: { zh: '高', en: 'high' },
  MEDIUM: { zh: '中', en: 'medium' },
  LOW: { zh: '低', en: 'low' },
};
export type Importance = (typeof Importance)[keyof typeof Importance];

export interface RuleSide {
  expression: string;
  description?: string;
  missingValueStrategy?: MissingValueStrategy;
}

export interface ValidationRuleSpec {
  code: string;
  name: string;
  /** What the data clerk should check (shown with every violation). */
  instruction: string;
  importance: Importance;
  operator: RuleOperator;
  left: RuleSide;
  right: RuleSide;
  periodType: string;
  /** Levels the rule applies at (default: every level). */
  orgUnitLevels?: number[];
  /** On data entry: refuse the value (true) or only warn (false, default). */
  blocking?: boolean;
}

export interface RuleOutcome {
  status: 'pass' | 'fail' | 'skipped';
  left: number | null;
  right: number | null;
}

/** Parses both sides once (a bad expression throws HW_EXPRESSION with its position). */
export function compileRule(rule: ValidationRuleSpec): { left: Expr; right: Expr } {
  return { left: parseExpression(rule.left.expression), right: parseExpression(rule.right.expression) };
}

const asNumber = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'boolean' ? (v ? 1 : 0) : null;

/**
 * Evaluates a rule for one org unit and period. Each side follows its missing-value strategy
 * (default SKIP_IF_ALL_VALUES_MISSING, where missing items count as 0); a skipped side skips the
 * rule, except for the pair operators, which are about presence.
 */
export function evaluateRule(
  rule: ValidationRuleSpec,
  compiled: { left: Expr; right: Expr },
  ctx: EvalContext,
): RuleOutcome {
  const side = (e: Expr, s: RuleSide): number | null => {
    const strategy = s.missingValueStrategy ?? 'SKIP_IF_ALL_VALUES_MISSING';
    // NEVER_SKIP: every missing item is zero, even when it stands alone.
    const c: EvalContext = strategy === 'NEVER_SKIP' ? { ...ctx, item: (i) => ctx.item(i) ?? 0 } : ctx;
    return asNumber(evaluateWithStrategy(e, c, strategy, collectItems(e).values()));
  };
  const left = side(compiled.left, rule.left);
  const right = side(compiled.right, rule.right);
  if (rule.operator === 'compulsory_pair') {
    return {
      status: (left === null) === (right === null) ? (left === null ? 'skipped' : 'pass') : 'fail',
      left,
      right,
    };
  }
  if (rule.operator === 'exclusive_pair') {
    return { status: left !== null && right !== null ? 'fail' : 'pass', left, right };
  }
  if (left === null || right === null) {
    return { status: 'skipped', left, right };
  }
  // Compare at 10 decimals, so arithmetic noise never makes a violation.
  const d = Math.round((left - right) * 1e10) / 1e10;
  const ok = {
    equal_to: d === 0,
    not_equal_to: d !== 0,
    greater_than: d > 0,
    greater_than_or_equal_to: d >= 0,
    less_than: d < 0,
    less_than_or_equal_to: d <= 0,
  }[rule.operator];
  return { status: ok ? 'pass' : 'fail', left, right };
}
