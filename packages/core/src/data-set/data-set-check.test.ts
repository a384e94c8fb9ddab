import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../period/period.js';
import { checkAgainstDataSets } from './data-set-check.js';
import type { DataSetRules } from './data-set-check.js';

const monthly: DataSetRules = {
  uid: 'dsMonthly01',
  name: '卫生院月报',
  periodType: 'Monthly',
  hasElement: (de) => de === 'deVisits001',
  hasOrgUnit: (ou) => ou === 'ouTown00001',
};
const ou = { uid: 'ouTown00001', name: '白沙镇卫生院' };
const base = {
  deUid: 'deVisits001',
  deName: '门诊人次',
  ou,
  period: parsePeriod('202403'),
  setsOfElement: [monthly],
};

describe('checkAgainstDataSets', () => {
  it('accepts a value that fits its data set', () => {
    expect(checkAgainstDataSets(base)).toBeNull();
    expect(checkAgainstDataSets({ ...base, explicit: monthly })).toBeNull();
  });
  it('rejects an element not in the explicit set', () => {
    expect(checkAgainstDataSets({ ...base, deUid: 'other', explicit: monthly })?.key).toBe(
      'conflict.notInDataSet',
    );
  });
  it('rejects the wrong period type', () => {
    expect(checkAgainstDataSets({ ...base, period: parsePeriod('2024Q1') })?.key).toBe(
      'conflict.wrongPeriodType',
    );
    expect(checkAgainstDataSets({ ...base, period: parsePeriod('2024'), explicit: monthly })?.key).toBe(
      'conflict.wrongPeriodType',
    );
  });
  it('rejects an org unit the set is not assigned to', () => {
    const other = { uid: 'ouOther0001', name: '其他' };
    expect(checkAgainstDataSets({ ...base, ou: other })?.key).toBe('conflict.orgUnitNotAssigned');
  });
  it('rejects a unit closed during the whole period', () => {
    const closed = { ...ou, closedDate: '2024-03-01' };
    expect(checkAgainstDataSets({ ...base, ou: closed })?.key).toBe('conflict.orgUnitClosed');
    expect(checkAgainstDataSets({ ...base, ou: { ...ou, closedDate: '2024-03-02' } })).toBeNull();
  });
  it('accepts elements outside any data set for any period', () => {
    expect(checkAgainstDataSets({ ...base, period: parsePeriod('2024'), setsOfElement: [] })).toBeNull();
  });
});
