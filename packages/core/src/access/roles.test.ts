import { describe, expect, it } from 'vitest';
import { hasAuthority, isRole, ROLE_CODES, roleName } from './roles.js';

describe('roles', () => {
  it('gives each role its authorities; ALL covers everything; an unknown role has none', () => {
    expect(hasAuthority('admin', 'SURVEILLANCE')).toBe(true);
    expect(hasAuthority('clerk', 'DATA_WRITE')).toBe(true);
    expect(hasAuthority('viewer', 'DATA_WRITE')).toBe(false);
    expect(hasAuthority('cdc', 'SURVEILLANCE')).toBe(true);
    expect(hasAuthority('king', 'DATA_READ')).toBe(false);
    expect(isRole('__proto__')).toBe(false);
  });

  it('names roles in Chinese or English, and an unknown code as itself', () => {
    expect(ROLE_CODES).toEqual(['admin', 'stats', 'clerk', 'viewer', 'cdc']);
    expect(roleName('stats')).toBe('区统计人员');
    expect(roleName('stats', 'en')).toBe('District statistician');
    expect(roleName('legacy')).toBe('legacy');
  });
});
