import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { msg, resolveLocale, t } from './translate.js';
import { zhCN } from './zh-CN.js';

describe('t', () => {
  it('fills placeholders in Chinese by default and English on request', () => {
    expect(t('zh-CN', 'conflict.unknownOrgUnit', { value: '白沙镇' })).toBe('未知的机构“白沙镇”');
    expect(t('en', 'conflict.unknownOrgUnit', { value: 'X' })).toBe('Unknown organisation unit "X"');
  });
  it('leaves unknown placeholders visible rather than silently empty', () => {
    expect(t('en', 'error.HW_NOT_FOUND', { kind: 'Plan' })).toBe('Plan not found: {id}');
  });
  it('resolves locale tags', () => {
    expect(resolveLocale('en-US')).toBe('en');
    expect(resolveLocale(undefined)).toBe('zh-CN');
    expect(resolveLocale('zh-Hans')).toBe('zh-CN');
  });
  it('has the same keys in every catalogue', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });
});

describe('message references', () => {
  it('renders a nested reference in the same locale as the message around it', () => {
    const reason = msg('forbidden.outOfScope', { unit: '白沙镇', scope: msg('scope.view') });
    expect(t('zh-CN', 'error.HW_FORBIDDEN', { reason })).toBe('没有权限：机构“白沙镇”不在您的查看范围内');
    expect(t('en', 'error.HW_FORBIDDEN', { reason })).toBe(
      'Not allowed: organisation unit "白沙镇" is outside your view scope',
    );
  });
  it('does not read placeholders from the prototype', () => {
    expect(t('en', 'error.HW_NOT_FOUND', { kind: 'Plan' })).not.toContain('function');
    expect(t('en', 'conflict.unknownOrgUnit', {})).toBe('Unknown organisation unit "{value}"');
  });
});

describe('parameters rendered in the reader’s locale', () => {
  it('joins lists the reader’s way and picks the side of a two-language label', () => {
    const reason = msg('approval.waiting', { pending: ['A', 'B'], more: '' });
    expect(t('zh-CN', 'error.HW_APPROVAL', { reason })).toBe('审核操作不能进行：还有下级机构未审核：A、B');
    expect(t('en', 'error.HW_APPROVAL', { reason })).toBe(
      'Approval action not possible: units below have not approved yet: A, B',
    );
    expect(
      t('en', 'reason.eventTransition', { id: 1, status: { zh: '新预警', en: 'New' }, to: 'x', next: '' }),
    ).toBe('early-warning event 1 is "New" and cannot become "x"');
  });
});
