import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from './errors.js';
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
  it('has a message for every code in the catalogue', () => {
    for (const code of Object.keys(ErrorCode)) {
      expect(zhCN).toHaveProperty(`error.${code}`);
    }
  });
});
