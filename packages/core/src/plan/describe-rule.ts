import { msg } from '../i18n/translate.js';
import type { MessageRef } from '../i18n/translate.js';
import type { TargetRule } from './target-rule.js';

/** What the evaluator understood from a wording, as a message the reviewer reads next to it. */
export function describeTargetRule(rule: TargetRule): MessageRef {
  switch (rule.kind) {
    case 'atLeast':
      return msg('rule.atLeast', { value: rule.value });
    case 'atMost':
      return msg('rule.atMost', { value: rule.value });
    case 'point':
      return msg('rule.point', { value: rule.value });
    case 'approx':
      return msg('rule.approx', { value: rule.value });
    case 'relative':
      return rule.to ? msg('rule.relative', { to: rule.to }) : msg('rule.relativeOpen');
    case 'improve':
      return rule.direction === 'lower'
        ? msg('rule.improveLower')
        : rule.direction === 'higher'
          ? msg('rule.improveHigher')
          : msg('rule.improve');
    case 'change':
      return msg(rule.percent < 0 ? 'rule.changeDown' : 'rule.changeUp', {
        year: rule.baseYear,
        percent: Math.abs(rule.percent),
      });
    case 'annualChange':
      return msg(rule.amount < 0 ? 'rule.annualDown' : 'rule.annualUp', {
        amount: `${Math.abs(rule.amount)}${rule.percent ? '%' : ''}`,
      });
    case 'delta':
      return msg(rule.amount < 0 ? 'rule.deltaDown' : 'rule.deltaUp', { amount: Math.abs(rule.amount) });
    case 'range':
      return msg('rule.range', { min: rule.min, max: rule.max });
    case 'qualitative':
      return msg('rule.qualitative');
    case 'none':
      return msg('rule.none');
  }
}

/** The direction a wording implies (`≥` higher is better, `≤` and `下降` lower), or null when it says none. */
export function polarityOfRule(rule: TargetRule): 'higher' | 'lower' | 'neutral' | null {
  switch (rule.kind) {
    case 'atLeast':
      return 'higher';
    case 'atMost':
      return 'lower';
    case 'change':
      return rule.percent < 0 ? 'lower' : 'higher';
    case 'annualChange':
    case 'delta':
      return rule.amount < 0 ? 'lower' : 'higher';
    case 'improve':
      return rule.direction ?? null;
    case 'relative':
      return 'higher';
    case 'range':
      return 'neutral';
    default:
      return null;
  }
}
