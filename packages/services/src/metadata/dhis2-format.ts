import { DEFAULT_UIDS } from '@healthwatch/core';
import type { Locale, MetadataBundle } from '@healthwatch/core';
import * as z from 'zod';
import type { NativeMetadata } from './native-format.js';
import { nativeToBundle } from './native-format.js';
import type { RefResolver } from './resolve-refs.js';

const refObj = z.object({ id: z.string().optional(), code: z.string().optional() }).passthrough();
const obj = z
  .object({
    id: z.string(),
    code: z.string().nullish(),
    name: z.string(),
    shortName: z.string().nullish(),
    description: z.string().nullish(),
  })
  .passthrough();

/** The parts of DHIS2 metadata JSON (`/api/metadata`) that HealthWatch reads; other keys are ignored. */
export const Dhis2Metadata = z
  .object({
    organisationUnitLevels: z
      .array(
        z.object({ level: z.number().int(), name: z.string(), code: z.string().nullish() }).passthrough(),
      )
      .optional(),
    organisationUnits: z
      .array(
        obj.extend({
          parent: refObj.nullish(),
          openingDate: z.string().nullish(),
          closedDate: z.string().nullish(),
          geometry: z.object({ type: z.string(), coordinates: z.unknown() }).passthrough().nullish(),
        }),
      )
      .optional(),
    organisationUnitGroups: z.array(obj.extend({ organisationUnits: z.array(refObj).optional() })).optional(),
    organisationUnitGroupSets: z
      .array(obj.extend({ organisationUnitGroups: z.array(refObj).optional() }))
      .optional(),
    categoryOptions: z
      .array(obj.extend({ startDate: z.string().nullish(), endDate: z.string().nullish() }))
      .optional(),
    categories: z
      .array(
        obj.extend({ dataDimensionType: z.string().optional(), categoryOptions: z.array(refObj).optional() }),
      )
      .optional(),
    categoryCombos: z
      .array(obj.extend({ dataDimensionType: z.string().optional(), categories: z.array(refObj).optional() }))
      .optional(),
    categoryOptionCombos: z
      .array(obj.extend({ categoryCombo: refObj.nullish(), categoryOptions: z.array(refObj).optional() }))
      .optional(),
    dataElements: z
      .array(
        obj.extend({
          valueType: z.string().optional(),
          aggregationType: z.string().optional(),
          domainType: z.string().optional(),
          categoryCombo: refObj.nullish(),
          zeroIsSignificant: z.boolean().optional(),
        }),
      )
      .optional(),
    dataSets: z
      .array(
        obj.extend({
          periodType: z.string(),
          categoryCombo: refObj.nullish(),
          expiryDays: z.number().optional(),
          timelyDays: z.number().optional(),
          openFuturePeriods: z.number().optional(),
          dataSetElements: z.array(z.object({ dataElement: refObj }).passthrough()).optional(),
          organisationUnits: z.array(refObj).optional(),
        }),
      )
      .optional(),
    indicatorTypes: z.array(obj.extend({ factor: z.number() })).optional(),
    indicators: z
      .array(
        obj.extend({
          numerator: z.string(),
          denominator: z.string(),
          numeratorDescription: z.string().nullish(),
          denominatorDescription: z.string().nullish(),
          indicatorType: refObj.nullish(),
          annualized: z.boolean().optional(),
          decimals: z.number().int().nullish(),
        }),
      )
      .optional(),
    constants: z.array(obj.extend({ value: z.number() })).optional(),
  })
  .passthrough();
export type Dhis2Metadata = z.infer<typeof Dhis2Metadata>;

/** True when a JSON document looks like DHIS2 metadata rather than our native format. */
export function looksLikeDhis2(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null) {
    return false;
  }
  return (
    [
      'organisationUnits',
      'organisationUnitLevels',
      'organisationUnitGroups',
      'categoryOptionCombos',
      'system',
    ].some((k) => k in doc) ||
    (Array.isArray((doc as { dataSets?: unknown[] }).dataSets) &&
      (doc as { dataSets: unknown[] }).dataSets.some(
        (s) => typeof s === 'object' && s !== null && 'dataSetElements' in s,
      ))
  );
}

const isDefault = (o: { name: string }): boolean => o.name === 'default';

/**
 * Reads DHIS2 metadata by mapping it onto the native shape (references by id or code) and then
 * through the same checks. DHIS2's "default" category objects map onto ours whatever their uids.
 */
export function dhis2ToBundle(doc: Dhis2Metadata, r: RefResolver, locale: Locale): MetadataBundle {
  const defaults = new Map<string, string>();
  for (const [list, def] of [
    [doc.categoryOptions, DEFAULT_UIDS.categoryOption],
    [doc.categories, DEFAULT_UIDS.category],
    [doc.categoryCombos, DEFAULT_UIDS.categoryCombo],
    [doc.categoryOptionCombos, DEFAULT_UIDS.categoryOptionCombo],
  ] as const) {
    for (const o of list ?? []) {
      if (isDefault(o)) {
        defaults.set(o.id, def);
      }
    }
  }
  const refOf = (
    x: { id?: string | undefined; code?: string | undefined } | null | undefined,
  ): string | null => {
    const v = x?.id ?? x?.code ?? null;
    return v === null ? null : (defaults.get(v) ?? v);
  };
  const comboRef = (
    x: { id?: string | undefined; code?: string | undefined } | null | undefined,
  ): string | null => {
    const v = refOf(x);
    return v === DEFAULT_UIDS.categoryCombo ? null : v;
  };
  const refList = (xs: { id?: string | undefined; code?: string | undefined }[] | undefined): string[] =>
    (xs ?? []).map(refOf).filter((v): v is string => v !== null);
  const dim = (s: string | undefined): 'DISAGGREGATION' | 'ATTRIBUTE' =>
    s === 'ATTRIBUTE' ? 'ATTRIBUTE' : 'DISAGGREGATION';
  const point = (
    g: { type: string; coordinates: unknown } | null | undefined,
  ): { latitude: number | null; longitude: number | null } => {
    if (
      g?.type === 'Point' &&
      Array.isArray(g.coordinates) &&
      typeof g.coordinates[0] === 'number' &&
      typeof g.coordinates[1] === 'number'
    ) {
      return { longitude: g.coordinates[0], latitude: g.coordinates[1] };
    }
    return { latitude: null, longitude: null };
  };
  const byLevel = [...(doc.organisationUnits ?? [])];

  const native: NativeMetadata = {
    orgUnitLevels: (doc.organisationUnitLevels ?? []).map((l) => ({
      level: l.level,
      name: l.name,
      code: l.code ?? null,
    })),
    orgUnits: byLevel.map((o) => ({
      id: o.id,
      code: o.code ?? null,
      name: o.name,
      shortName: o.shortName ?? null,
      parent: refOf(o.parent),
      openingDate: o.openingDate ?? null,
      closedDate: o.closedDate ?? null,
      ...point(o.geometry),
    })),
    orgUnitGroups: (doc.organisationUnitGroups ?? []).map((g) => ({
      id: g.id,
      code: g.code ?? null,
      name: g.name,
      orgUnits: refList(g.organisationUnits),
    })),
    orgUnitGroupSets: (doc.organisationUnitGroupSets ?? []).map((s) => ({
      id: s.id,
      code: s.code ?? null,
      name: s.name,
      // DHIS2 expects a unit in exactly one group of each group set.
      exclusive: true,
      groups: refList(s.organisationUnitGroups),
    })),
    categoryOptions: (doc.categoryOptions ?? [])
      .filter((o) => !isDefault(o))
      .map((o) => ({
        id: o.id,
        code: o.code ?? null,
        name: o.name,
        startDate: o.startDate ?? null,
        endDate: o.endDate ?? null,
      })),
    categories: (doc.categories ?? [])
      .filter((c) => !isDefault(c))
      .map((c) => ({
        id: c.id,
        code: c.code ?? null,
        name: c.name,
        dataDimensionType: dim(c.dataDimensionType),
        options: refList(c.categoryOptions),
      })),
    categoryCombos: (doc.categoryCombos ?? [])
      .filter((c) => !isDefault(c))
      .map((c) => ({
        id: c.id,
        code: c.code ?? null,
        name: c.name,
        dataDimensionType: dim(c.dataDimensionType),
        categories: refList(c.categories),
      })),
    dataElements: (doc.dataElements ?? []).map((d) => ({
      id: d.id,
      code: d.code ?? null,
      name: d.name,
      shortName: d.shortName ?? null,
      description: d.description ?? null,
      valueType: d.valueType ?? 'NUMBER',
      aggregationType: d.aggregationType ?? 'SUM',
      categoryCombo: comboRef(d.categoryCombo),
      zeroIsSignificant: d.zeroIsSignificant ?? false,
    })),
    dataSets: (doc.dataSets ?? []).map((s) => ({
      id: s.id,
      code: s.code ?? null,
      name: s.name,
      periodType: s.periodType,
      categoryCombo: comboRef(s.categoryCombo),
      expiryDays: Math.max(0, Math.round(s.expiryDays ?? 0)),
      timelyDays: Math.max(0, Math.round(s.timelyDays ?? 15)),
      openFuturePeriods: Math.max(0, Math.round(s.openFuturePeriods ?? 0)),
      description: s.description ?? null,
      dataElements: (s.dataSetElements ?? [])
        .map((e) => refOf(e.dataElement))
        .filter((v): v is string => v !== null),
      orgUnits: refList(s.organisationUnits),
    })),
    indicatorTypes: (doc.indicatorTypes ?? []).map((x) => ({
      id: x.id,
      code: x.code ?? null,
      name: x.name,
      factor: x.factor,
    })),
    indicators: (doc.indicators ?? []).map((x) => ({
      id: x.id,
      code: x.code ?? null,
      name: x.name,
      shortName: x.shortName ?? null,
      description: x.description ?? null,
      numerator: x.numerator,
      numeratorDescription: x.numeratorDescription ?? null,
      denominator: x.denominator,
      denominatorDescription: x.denominatorDescription ?? null,
      indicatorType: refOf(x.indicatorType),
      annualized: x.annualized ?? false,
      decimals: x.decimals ?? null,
    })),
    constants: (doc.constants ?? []).map((c) => ({
      id: c.id,
      code: c.code ?? null,
      name: c.name,
      value: c.value,
    })),
  };
  const b = nativeToBundle(native, r, locale);
  b.categoryOptionCombos = (doc.categoryOptionCombos ?? [])
    .filter((c) => !isDefault(c))
    .flatMap((c, i) => {
      const combo = r.resolve(
        'categoryCombos',
        `categoryOptionCombos[${i}].categoryCombo`,
        refOf(c.categoryCombo),
      );
      const options = r.resolveAll(
        'categoryOptions',
        `categoryOptionCombos[${i}].categoryOptions`,
        refList(c.categoryOptions),
      );
      return combo
        ? [{ uid: c.id, code: c.code ?? null, name: c.name, comboUid: combo, optionUids: options }]
        : [];
    });
  return b;
}
