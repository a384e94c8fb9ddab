import { emptyBundle, isValidIsoDate, msg, t } from '@healthwatch/core';
import type { Locale, MetadataBundle, Polarity } from '@healthwatch/core';
import { NativeMetadata } from '@healthwatch/contract';
import { aggregationTypeOf, periodTypeOf, valueTypeOf } from './enum-words.js';
import type { RefResolver } from './resolve-refs.js';

// The native format (docs/formats.md) is part of the API contract: POST /api/metadata takes it
// and the per-object routes answer it, so its schema lives in the contract package.
export { NativeMetadata };

export function checkDate(
  r: RefResolver,
  locale: Locale,
  path: string,
  v: string | null | undefined,
): string | null {
  if (v === null || v === undefined || v === '') {
    return null;
  }
  const d = v.trim().slice(0, 10).replace(/\//g, '-');
  if (!isValidIsoDate(d)) {
    r.issue(path, t(locale, 'metadata.invalidDate', { value: v }));
    return null;
  }
  return d;
}

const nul = <T>(v: T | null | undefined): T | null => v ?? null;

/** Turns a parsed native file into a bundle, recording every problem in the resolver. */
export function nativeToBundle(doc: NativeMetadata, r: RefResolver, locale: Locale): MetadataBundle {
  const b = emptyBundle();
  b.orgUnitLevels = (doc.orgUnitLevels ?? []).map((l) => ({
    level: l.level,
    name: l.name,
    code: nul(l.code),
  }));

  // Declare every object first so references may point forward within the file.
  const ouUids = (doc.orgUnits ?? []).map((o, i) => r.declare('orgUnits', `orgUnits[${i}]`, o));
  const groupUids = (doc.orgUnitGroups ?? []).map((o, i) =>
    r.declare('orgUnitGroups', `orgUnitGroups[${i}]`, o),
  );
  const setUids = (doc.orgUnitGroupSets ?? []).map((o, i) =>
    r.declare('orgUnitGroupSets', `orgUnitGroupSets[${i}]`, o),
  );
  const optionUids = (doc.categoryOptions ?? []).map((o, i) =>
    r.declare('categoryOptions', `categoryOptions[${i}]`, o),
  );
  const catUids = (doc.categories ?? []).map((o, i) => r.declare('categories', `categories[${i}]`, o));
  const comboUids = (doc.categoryCombos ?? []).map((o, i) =>
    r.declare('categoryCombos', `categoryCombos[${i}]`, o),
  );
  const deUids = (doc.dataElements ?? []).map((o, i) => r.declare('dataElements', `dataElements[${i}]`, o));
  const dsUids = (doc.dataSets ?? []).map((o, i) => r.declare('dataSets', `dataSets[${i}]`, o));
  const typeUids = (doc.indicatorTypes ?? []).map((o, i) =>
    r.declare('indicatorTypes', `indicatorTypes[${i}]`, o),
  );
  const indUids = (doc.indicators ?? []).map((o, i) => r.declare('indicators', `indicators[${i}]`, o));
  const constUids = (doc.constants ?? []).map((o, i) => r.declare('constants', `constants[${i}]`, o));
  const fnUids = (doc.functionIndicators ?? []).map((o, i) =>
    r.declare('indicators', `functionIndicators[${i}]`, o),
  );

  (doc.orgUnits ?? []).forEach((o, i) => {
    const uid = ouUids[i];
    const p = `orgUnits[${i}]`;
    const parentUid = o.parent ? r.resolve('orgUnits', `${p}.parent`, o.parent) : null;
    if (!uid || (o.parent && !parentUid)) {
      return;
    }
    b.orgUnits.push({
      uid,
      code: nul(o.code),
      name: o.name,
      shortName: nul(o.shortName),
      parentUid,
      openingDate: checkDate(r, locale, `${p}.openingDate`, o.openingDate),
      closedDate: checkDate(r, locale, `${p}.closedDate`, o.closedDate),
      type: nul(o.type),
      latitude: nul(o.latitude),
      longitude: nul(o.longitude),
      ...(o.contactPerson !== undefined ? { contactPerson: nul(o.contactPerson) } : {}),
      ...(o.contactPhone !== undefined ? { contactPhone: nul(o.contactPhone) } : {}),
    });
  });
  (doc.orgUnitGroups ?? []).forEach((g, i) => {
    const uid = groupUids[i];
    const members = r.resolveAll('orgUnits', `orgUnitGroups[${i}].orgUnits`, g.orgUnits, { byName: true });
    if (uid) {
      b.orgUnitGroups.push({ uid, code: nul(g.code), name: g.name, memberUids: members });
    }
  });
  (doc.orgUnitGroupSets ?? []).forEach((s, i) => {
    const uid = setUids[i];
    const groups = r.resolveAll('orgUnitGroups', `orgUnitGroupSets[${i}].groups`, s.groups);
    if (uid) {
      b.orgUnitGroupSets.push({
        uid,
        code: nul(s.code),
        name: s.name,
        exclusive: s.exclusive ?? true,
        groupUids: groups,
      });
    }
  });
  (doc.categoryOptions ?? []).forEach((o, i) => {
    const uid = optionUids[i];
    if (uid) {
      b.categoryOptions.push({
        uid,
        code: nul(o.code),
        name: o.name,
        startDate: checkDate(r, locale, `categoryOptions[${i}].startDate`, o.startDate),
        endDate: checkDate(r, locale, `categoryOptions[${i}].endDate`, o.endDate),
      });
    }
  });
  (doc.categories ?? []).forEach((c, i) => {
    const uid = catUids[i];
    const options = r.resolveAll('categoryOptions', `categories[${i}].options`, c.options);
    if (uid) {
      b.categories.push({
        uid,
        code: nul(c.code),
        name: c.name,
        dataDimensionType: c.dataDimensionType ?? 'DISAGGREGATION',
        optionUids: options,
      });
    }
  });
  (doc.categoryCombos ?? []).forEach((c, i) => {
    const uid = comboUids[i];
    const cats = r.resolveAll('categories', `categoryCombos[${i}].categories`, c.categories);
    if (uid) {
      b.categoryCombos.push({
        uid,
        code: nul(c.code),
        name: c.name,
        dataDimensionType: c.dataDimensionType ?? 'DISAGGREGATION',
        categoryUids: cats,
      });
    }
  });
  (doc.dataElements ?? []).forEach((d, i) => {
    const uid = deUids[i];
    const p = `dataElements[${i}]`;
    const valueType = valueTypeOf(d.valueType ?? 'NUMBER');
    if (!valueType) {
      r.issue(
        `${p}.valueType`,
        t(locale, 'metadata.invalidEnum', {
          value: d.valueType ?? '',
          field: msg('metadataField.valueType'),
          allowed: 'INTEGER, NUMBER, PERCENTAGE, …',
        }),
      );
    }
    const aggregationType = aggregationTypeOf(d.aggregationType ?? 'SUM');
    if (!aggregationType) {
      r.issue(
        `${p}.aggregationType`,
        t(locale, 'metadata.invalidEnum', {
          value: d.aggregationType ?? '',
          field: msg('metadataField.aggregationType'),
          allowed: 'SUM, AVERAGE, LAST, …',
        }),
      );
    }
    const combo = d.categoryCombo ? r.resolve('categoryCombos', `${p}.categoryCombo`, d.categoryCombo) : null;
    if (uid && valueType && aggregationType && (!d.categoryCombo || combo)) {
      b.dataElements.push({
        uid,
        code: nul(d.code),
        name: d.name,
        shortName: nul(d.shortName),
        nameEn: nul(d.nameEn),
        description: nul(d.description),
        valueType,
        aggregationType,
        categoryComboUid: combo,
        zeroIsSignificant: d.zeroIsSignificant ?? false,
        unit: nul(d.unit),
      });
    }
  });
  (doc.dataSets ?? []).forEach((s, i) => {
    const uid = dsUids[i];
    const p = `dataSets[${i}]`;
    const periodType = periodTypeOf(s.periodType);
    if (!periodType) {
      r.issue(
        `${p}.periodType`,
        t(locale, 'metadata.invalidEnum', {
          value: s.periodType,
          field: msg('metadataField.periodType'),
          allowed: 'Daily, Weekly, Monthly, Quarterly, SixMonthly, Yearly, FinancialOct',
        }),
      );
    }
    const combo = s.categoryCombo ? r.resolve('categoryCombos', `${p}.categoryCombo`, s.categoryCombo) : null;
    const des = r.resolveAll('dataElements', `${p}.dataElements`, s.dataElements);
    const ous = r.resolveAll('orgUnits', `${p}.orgUnits`, s.orgUnits, { byName: true });
    if (uid && periodType) {
      b.dataSets.push({
        uid,
        code: nul(s.code),
        name: s.name,
        periodType,
        categoryComboUid: combo,
        expiryDays: s.expiryDays ?? 0,
        timelyDays: s.timelyDays ?? 15,
        openFuturePeriods: s.openFuturePeriods ?? 0,
        description: nul(s.description),
        dataElementUids: des,
        orgUnitUids: ous,
      });
    }
  });
  (doc.indicatorTypes ?? []).forEach((x, i) => {
    const uid = typeUids[i];
    if (uid) {
      b.indicatorTypes.push({ uid, code: nul(x.code), name: x.name, factor: x.factor });
    }
  });
  (doc.indicators ?? []).forEach((x, i) => {
    const uid = indUids[i];
    const type = x.indicatorType
      ? r.resolve('indicatorTypes', `indicators[${i}].indicatorType`, x.indicatorType)
      : null;
    const typeFactor = type ? (b.indicatorTypes.find((it) => it.uid === type)?.factor ?? null) : null;
    if (uid) {
      b.indicators.push({
        uid,
        code: nul(x.code),
        name: x.name,
        nameEn: nul(x.nameEn),
        shortName: nul(x.shortName),
        description: nul(x.description),
        numerator: x.numerator,
        numeratorDescription: nul(x.numeratorDescription),
        denominator: x.denominator,
        denominatorDescription: nul(x.denominatorDescription),
        indicatorTypeUid: type,
        factor: x.factor ?? typeFactor ?? 1,
        annualized: x.annualized ?? false,
        decimals: nul(x.decimals),
        unit: nul(x.unit),
        polarity: nul<Polarity>(x.polarity),
        populationBasis: nul(x.populationBasis),
        definitionSource: nul(x.definitionSource),
        kind: 'ratio',
        spec: null,
      });
    }
  });
  (doc.functionIndicators ?? []).forEach((x, i) => {
    const uid = fnUids[i];
    const p = `functionIndicators[${i}].inputs`;
    for (const key of ['deaths', 'births', 'population'] as const) {
      const v = x.inputs[key];
      if (v) {
        r.resolve('dataElements', `${p}.${key}`, v);
      }
    }
    r.resolve('categories', `${p}.ageCategory`, x.inputs.ageCategory);
    const events = x.function === 'totalFertilityRate' ? x.inputs.births : x.inputs.deaths;
    if (!events) {
      r.issue(
        p,
        t(locale, 'metadata.missingField', {
          kind: msg('metadataKind.functionIndicators'),
          field: msg(x.function === 'totalFertilityRate' ? 'metadataField.births' : 'metadataField.deaths'),
        }),
      );
    }
    if (uid && events) {
      b.indicators.push({
        uid,
        code: nul(x.code),
        name: x.name,
        nameEn: nul(x.nameEn),
        shortName: null,
        description: nul(x.description),
        numerator: `${x.function}(#{${events}}, #{${x.inputs.population}})`,
        numeratorDescription: null,
        denominator: '1',
        denominatorDescription: null,
        indicatorTypeUid: null,
        factor: 1,
        annualized: false,
        decimals: nul(x.decimals),
        unit: nul(x.unit),
        polarity: nul<Polarity>(x.polarity),
        populationBasis: nul(x.populationBasis),
        definitionSource: nul(x.definitionSource),
        kind: 'function',
        spec: {
          function: x.function,
          inputs: { ...x.inputs },
          ...(x.parameters ? { parameters: { ...x.parameters } } : {}),
        },
      });
    }
  });
  (doc.constants ?? []).forEach((c, i) => {
    const uid = constUids[i];
    if (uid) {
      b.constants.push({ uid, code: nul(c.code), name: c.name, value: c.value });
    }
  });
  return b;
}

/** The bundle in the native format, references by id (so the file re-imports exactly). */
export function bundleToNative(b: MetadataBundle): NativeMetadata {
  const drop = <T extends Record<string, unknown>>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
  return {
    format: 'healthwatch-metadata',
    version: 1,
    orgUnitLevels: b.orgUnitLevels.map((l) => drop({ level: l.level, name: l.name, code: l.code })),
    orgUnits: b.orgUnits.map((o) =>
      drop({
        id: o.uid,
        code: o.code,
        name: o.name,
        shortName: o.shortName,
        parent: o.parentUid,
        openingDate: o.openingDate,
        closedDate: o.closedDate,
        type: o.type,
        latitude: o.latitude,
        longitude: o.longitude,
        contactPerson: o.contactPerson,
        contactPhone: o.contactPhone,
      }),
    ),
    orgUnitGroups: b.orgUnitGroups.map((g) =>
      drop({ id: g.uid, code: g.code, name: g.name, orgUnits: g.memberUids }),
    ),
    orgUnitGroupSets: b.orgUnitGroupSets.map((s) =>
      drop({ id: s.uid, code: s.code, name: s.name, exclusive: s.exclusive, groups: s.groupUids }),
    ),
    categoryOptions: b.categoryOptions.map((o) =>
      drop({ id: o.uid, code: o.code, name: o.name, startDate: o.startDate, endDate: o.endDate }),
    ),
    categories: b.categories.map((c) =>
      drop({
        id: c.uid,
        code: c.code,
        name: c.name,
        dataDimensionType: c.dataDimensionType,
        options: c.optionUids,
      }),
    ),
    categoryCombos: b.categoryCombos.map((c) =>
      drop({
        id: c.uid,
        code: c.code,
        name: c.name,
        dataDimensionType: c.dataDimensionType,
        categories: c.categoryUids,
      }),
    ),
    dataElements: b.dataElements.map((d) =>
      drop({
        id: d.uid,
        code: d.code,
        name: d.name,
        shortName: d.shortName,
        nameEn: d.nameEn,
        description: d.description,
        valueType: d.valueType,
        aggregationType: d.aggregationType,
        categoryCombo: d.categoryComboUid,
        zeroIsSignificant: d.zeroIsSignificant,
        unit: d.unit,
      }),
    ),
    dataSets: b.dataSets.map((s) =>
      drop({
        id: s.uid,
        code: s.code,
        name: s.name,
        periodType: s.periodType,
        categoryCombo: s.categoryComboUid,
        expiryDays: s.expiryDays,
        timelyDays: s.timelyDays,
        openFuturePeriods: s.openFuturePeriods,
        description: s.description,
        dataElements: s.dataElementUids,
        orgUnits: s.orgUnitUids,
      }),
    ),
    indicatorTypes: b.indicatorTypes.map((x) =>
      drop({ id: x.uid, code: x.code, name: x.name, factor: x.factor }),
    ),
    functionIndicators: b.indicators
      .filter((x) => x.kind === 'function' && x.spec)
      .map((x) =>
        drop({
          id: x.uid,
          code: x.code,
          name: x.name,
          nameEn: x.nameEn,
          description: x.description,
          function: x.spec?.function ?? 'lifeExpectancy',
          inputs: x.spec?.inputs ?? { population: '', ageCategory: '' },
          parameters: x.spec?.parameters,
          decimals: x.decimals,
          unit: x.unit,
          polarity: x.polarity,
          populationBasis: x.populationBasis,
          definitionSource: x.definitionSource,
        }),
      ),
    indicators: b.indicators
      .filter((x) => x.kind !== 'function')
      .map((x) =>
        drop({
          id: x.uid,
          code: x.code,
          name: x.name,
          nameEn: x.nameEn,
          shortName: x.shortName,
          description: x.description,
          numerator: x.numerator,
          numeratorDescription: x.numeratorDescription,
          denominator: x.denominator,
          denominatorDescription: x.denominatorDescription,
          indicatorType: x.indicatorTypeUid,
          factor: x.factor,
          annualized: x.annualized,
          decimals: x.decimals,
          unit: x.unit,
          polarity: x.polarity,
          populationBasis: x.populationBasis,
          definitionSource: x.definitionSource,
        }),
      ),
    constants: b.constants.map((c) => drop({ id: c.uid, code: c.code, name: c.name, value: c.value })),
  };
}
