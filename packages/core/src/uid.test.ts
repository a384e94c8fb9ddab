import { describe, expect, it } from 'vitest';
import { deterministicUid, generateUid, isValidUid } from './uid.js';

describe('uid', () => {
  it('validates the DHIS2 shape', () => {
    expect(isValidUid('HllvX50cXC0')).toBe(true);
    expect(isValidUid('1llvX50cXC0')).toBe(false);
    expect(isValidUid('HllvX50cXC')).toBe(false);
    expect(isValidUid('HllvX50cXC0x')).toBe(false);
    expect(isValidUid("Hl'--X50cXC")).toBe(false);
  });
  it('generates valid, distinct uids', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generateUid()));
    expect(seen.size).toBe(1000);
    for (const u of seen) {
      expect(isValidUid(u)).toBe(true);
    }
  });
  it('derives stable, valid, well-spread uids from seeds', () => {
    expect(deterministicUid('coc:a|b')).toBe(deterministicUid('coc:a|b'));
    expect(deterministicUid('coc:a|b')).not.toBe(deterministicUid('coc:b|a'));
    const seen = new Set<string>();
    for (let i = 0; i < 20000; i++) {
      const u = deterministicUid(`ou:${i}`);
      expect(isValidUid(u)).toBe(true);
      seen.add(u);
    }
    expect(seen.size).toBe(20000);
  });
});
