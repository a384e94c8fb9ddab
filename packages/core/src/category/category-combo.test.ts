import { describe, expect, it } from 'vitest';
import { DEFAULT_UIDS, generateOptionCombos, normaliseComboName, optionSetKey } from './category-combo.js';

const sex = {
  uid: 'catSex00001',
  options: [
    { uid: 'optMale0001', name: '男' },
    { uid: 'optFemale01', name: '女' },
  ],
};
const age = {
  uid: 'catAge00001',
  options: [
    { uid: 'optAge00001', name: '0-4岁' },
    { uid: 'optAge00002', name: '5-14岁' },
    { uid: 'optAge00003', name: '15岁及以上' },
  ],
};

describe('generateOptionCombos', () => {
  it('builds the Cartesian product in category order with DHIS2-style names', () => {
    const cocs = generateOptionCombos('comboSexAge', [sex, age]);
    expect(cocs.map((c) => c.name)).toEqual([
      '男, 0-4岁',
      '男, 5-14岁',
      '男, 15岁及以上',
      '女, 0-4岁',
      '女, 5-14岁',
      '女, 15岁及以上',
    ]);
    expect(new Set(cocs.map((c) => c.uid)).size).toBe(6);
  });
  it('is deterministic and independent of category order for the uid', () => {
    const a = generateOptionCombos('comboSexAge', [sex, age]);
    const b = generateOptionCombos('comboSexAge', [age, sex]);
    expect(a.map((c) => c.uid).sort()).toEqual(b.map((c) => c.uid).sort());
    expect(generateOptionCombos('comboSexAge', [sex, age])).toEqual(a);
  });
  it('gives the default combo for no categories', () => {
    expect(generateOptionCombos('x', [])).toEqual([
      { optionUids: [DEFAULT_UIDS.categoryOption], name: 'default', uid: 'HllvX50cXC0' },
    ]);
  });
  it('normalises typed names and option keys', () => {
    expect(normaliseComboName('男，0-4岁')).toBe('男, 0-4岁');
    expect(normaliseComboName(' 男 / 0-4岁 ')).toBe('男, 0-4岁');
    expect(optionSetKey(['b', 'a'])).toBe('a|b');
  });
});
