import { msg } from '../i18n/translate.js';
import type { MessageParams } from '../i18n/translate.js';
import type { MessageKey } from '../i18n/zh-CN.js';
import { isOpenDuring } from '../org-unit/org-unit-tree.js';
import type { Period } from '../period/period.js';
import type { PeriodType } from '../period/period-type.js';

/** What the data-set rules need to know about a data set. */
export interface DataSetRules {
  readonly uid: string;
  readonly name: string;
  readonly periodType: PeriodType;
  readonly hasElement: (deUid: string) => boolean;
  readonly hasOrgUnit: (ouUid: string) => boolean;
}

export interface DataSetConflict {
  readonly key: MessageKey;
  readonly params: MessageParams;
}

/**
 * Checks one value's (data element, org unit, period) against the data sets.
 *
 * With an explicit data set (as in a DHIS2 dataValueSet with `dataSet`), that set must hold the
 * element, be assigned to the unit, and have the period's type. Without one, the element's own
 * sets decide: some set holding the element must have the period's type and be assigned to the
 * unit. An element in no data set (population, survey figures) is accepted for any period.
 * The unit must be open on at least one day of the period in every case.
 */
export function checkAgainstDataSets(input: {
  deUid: string;
  deName: string;
  ou: { uid: string; name: string; openingDate?: string | null; closedDate?: string | null };
  period: Period;
  explicit?: DataSetRules | null;
  setsOfElement: readonly DataSetRules[];
}): DataSetConflict | null {
  const { ou, period } = input;
  if (!isOpenDuring(ou, period.startDate, period.endDate)) {
    return { key: 'conflict.orgUnitClosed', params: { ou: ou.name, value: period.id } };
  }
  if (input.explicit) {
    const ds = input.explicit;
    if (!ds.hasElement(input.deUid)) {
      return { key: 'conflict.notInDataSet', params: { de: input.deName, ds: ds.name } };
    }
    if (ds.periodType !== period.type) {
      return {
        key: 'conflict.wrongPeriodType',
        params: { value: period.id, ds: ds.name, expected: msg(`periodType.${ds.periodType}`) },
      };
    }
    if (!ds.hasOrgUnit(ou.uid)) {
      return { key: 'conflict.orgUnitNotAssigned', params: { ou: ou.name, ds: ds.name } };
    }
    return null;
  }
  const sets = input.setsOfElement;
  if (sets.length === 0) {
    return null;
  }
  const ofType = sets.filter((s) => s.periodType === period.type);
  if (ofType.length === 0) {
    const first = sets[0];
    return {
      key: 'conflict.wrongPeriodType',
      params: {
        value: period.id,
        ds: first?.name ?? '',
        expected: first ? msg(`periodType.${first.periodType}`) : '',
      },
    };
  }
  if (!ofType.some((s) => s.hasOrgUnit(ou.uid))) {
    return {
      key: 'conflict.orgUnitNotAssigned',
      params: { ou: ou.name, ds: ofType.map((s) => s.name).join('、') },
    };
  }
  return null;
}
