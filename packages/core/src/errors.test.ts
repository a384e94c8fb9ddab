import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode, classifySystemError, internalError } from './errors.js';
import { msg } from './i18n/translate.js';
import { zhCN } from './i18n/zh-CN.js';

describe('AppError', () => {
  it('carries code, status, exit code and a Chinese message', () => {
    const e = new AppError('HW_PERIOD_INVALID', { id: '2024Q5' });
    expect(e.code).toBe('HW_PERIOD_INVALID');
    expect(e.status).toBe(400);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('期间“2024Q5”不存在或格式无效');
    expect(e.localizedMessage('en')).toBe('Period "2024Q5" does not exist or is malformed');
    expect(e.toJSON().error.code).toBe('HW_PERIOD_INVALID');
  });
  it('keeps kinds and reasons as references until it is rendered, in the reader’s locale', () => {
    const e = new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: 'NOPE' });
    expect(e.render('en')).toBe('Organisation unit not found: NOPE');
    expect(e.render('zh-CN')).toBe('未找到机构：NOPE');
    expect(e.message).toBe('未找到机构：NOPE');
    expect(e.body('en').error).toEqual({
      code: 'HW_NOT_FOUND',
      message: 'Organisation unit not found: NOPE',
      details: [],
    });
  });
  it('names a missing file by its path, and gives unknown faults a reference', () => {
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: '/x/y.csv' });
    expect(classifySystemError(enoent)?.render('en')).toBe('File not found: "/x/y.csv"');
    expect(classifySystemError(new Error('boom'))).toBeNull();
    const internal = internalError(new Error('boom'), 'abc123');
    expect(internal.code).toBe('HW_INTERNAL');
    expect(internal.render('en')).toContain('abc123');
    expect(internal.render('zh-CN')).not.toContain('boom');
  });
  it('has a message for every code in the catalogue', () => {
    for (const code of Object.keys(ErrorCode)) {
      expect(zhCN).toHaveProperty(`error.${code}`);
    }
  });
});
