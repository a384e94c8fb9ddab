import { readFile, stat } from 'node:fs/promises';
import {
  AppError,
  bundleCounts,
  exclusiveGroupViolations,
  METADATA_KINDS,
  msg,
  placeOrgUnits,
  t,
} from '@healthwatch/core';
import { belowScope } from '../auth/access-scope.js';
import type { ServiceContext } from '../service-context.js';
import { metadataWriteScope } from './write-scope.js';
import type { ErrorDetail, Locale, MetadataBundle } from '@healthwatch/core';
import {
  applyMetadataBundle,
  indicatorTypeFactors,
  loadExistingRefs,
  readMetadataBundle,
} from '@healthwatch/store';
import type { ExistingRefs, Store } from '@healthwatch/store';
import type * as z from 'zod';
import { Dhis2Metadata, dhis2ToBundle, looksLikeDhis2 } from './dhis2-format.js';
import { NativeMetadata, bundleToNative, nativeToBundle } from './native-format.js';
import { RefResolver } from './resolve-refs.js';
import { readTabularMetadata } from './tabular-metadata.js';
import type { TabularKind } from './tabular-metadata.js';

export const MetadataFormat = { NATIVE: 'native', DHIS2: 'dhis2', CSV: 'csv', XLSX: 'xlsx' } as const;
export type MetadataFormat = (typeof MetadataFormat)[keyof typeof MetadataFormat];

export interface MetadataImportSummary {
  status: 'SUCCESS' | 'ERROR';
  format: MetadataFormat;
  dryRun: boolean;
  /** Objects per kind in the file (created or updated; re-importing is harmless). */
  counts: Record<keyof MetadataBundle, number>;
}

function zodDetails(e: z.ZodError, prefix = ''): ErrorDetail[] {
  return e.issues
    .slice(0, 200)
    .map((i) => ({ path: `${prefix}${i.path.map(String).join('.')}`, message: i.message }));
}

/** Semantic checks a bundle must pass before anything is written. */
/** Codes name objects in files, URLs and download names: no control characters, quotes, backslashes or angle brackets. */
const CODE_PATTERN = /^[^\p{Cc}"'\\<>]+$/u;
// eslint-disable-next-line no-control-regex -- names are text: control characters (CR, LF, NUL …) are what they must not hold
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkCodesAndNames(b: MetadataBundle, r: RefResolver, locale: Locale): void {
  for (const kind of METADATA_KINDS) {
    (b[kind] as readonly { code?: string | null; name?: string }[]).forEach((o, i) => {
      if (o.code !== null && o.code !== undefined && !CODE_PATTERN.test(o.code)) {
        r.issue(
          `${kind}[${i}].code`,
          t(locale, 'metadata.invalidCode', { value: o.code.replace(CONTROL, '�') }),
        );
      }
      if (typeof o.name === 'string' && CONTROL.test(o.name)) {
        r.issue(
          `${kind}[${i}].name`,
          t(locale, 'metadata.invalidName', { value: o.name.replace(CONTROL, '�') }),
        );
      }
    });
  }
}

/**
 * A scoped writer may create, change and move org units strictly below a root of their scope (the
 * roots themselves and everything above belong to whoever manages that level): scopes are
 * subtrees of the hierarchy, so without this a town's statistician could move another town's
 * health centre under theirs and then read and audit it. Other metadata (data elements, data
 * sets, groups …) confers no scope and stays with the METADATA_WRITE authority.
 */
function checkWriteScope(
  b: MetadataBundle,
  existing: ExistingRefs,
  placements: ReadonlyMap<string, { path: string }>,
  paths: readonly string[],
): void {
  for (const o of b.orgUnits) {
    const before = existing.placements.get(o.uid);
    if (before && !belowScope(paths, before.path)) {
      throw new AppError('HW_FORBIDDEN', {
        reason: msg('forbidden.orgUnitOutsideScope', {
          unit: existing.orgUnits.uidToName.get(o.uid) ?? o.name,
        }),
      });
    }
    const after = placements.get(o.uid);
    if (after && !belowScope(paths, after.path)) {
      const parent = o.parentUid
        ? (existing.orgUnits.uidToName.get(o.parentUid) ??
          b.orgUnits.find((x) => x.uid === o.parentUid)?.name ??
          o.parentUid)
        : '—';
      throw new AppError('HW_FORBIDDEN', {
        reason: before
          ? msg('forbidden.parentOutsideScope', { unit: parent })
          : msg('forbidden.orgUnitOutsideScope', { unit: o.name }),
      });
    }
  }
}

function checkBundle(
  b: MetadataBundle,
  existing: ExistingRefs,
  r: RefResolver,
  locale: Locale,
  writeScope: readonly string[] | null,
): void {
  checkCodesAndNames(b, r, locale);
  const { placements, issues } = placeOrgUnits(
    b.orgUnits.map((o) => ({ uid: o.uid, parentUid: o.parentUid })),
    existing.placements,
  );
  if (writeScope !== null) {
    checkWriteScope(b, existing, placements, writeScope);
  }
  for (const i of issues) {
    const idx = b.orgUnits.findIndex((o) => o.uid === i.uid);
    r.issue(`orgUnits[${idx}]`, t(locale, i.key, i.params));
  }
  // Parents first when writing.
  b.orgUnits.sort((x, y) => (placements.get(x.uid)?.level ?? 99) - (placements.get(y.uid)?.level ?? 99));
  b.orgUnits.forEach((o, i) => {
    if (o.openingDate && o.closedDate && o.closedDate < o.openingDate) {
      r.issue(`orgUnits[${i}].closedDate`, t(locale, 'metadata.invalidDate', { value: o.closedDate }));
    }
  });

  const members = new Map(existing.groupMembers);
  for (const g of b.orgUnitGroups) {
    members.set(g.uid, g.memberUids);
  }
  const sets = new Map(existing.groupSets);
  for (const s of b.orgUnitGroupSets) {
    sets.set(s.uid, { exclusive: s.exclusive, groupUids: s.groupUids });
  }
  const names = new Map([
    ...existing.orgUnits.uidToName,
    ...existing.orgUnitGroups.uidToName,
    ...existing.orgUnitGroupSets.uidToName,
    ...b.orgUnits.map((o) => [o.uid, o.name] as const),
    ...b.orgUnitGroups.map((o) => [o.uid, o.name] as const),
    ...b.orgUnitGroupSets.map((o) => [o.uid, o.name] as const),
  ]);
  const name = (uid: string): string => names.get(uid) ?? uid;
  for (const v of exclusiveGroupViolations(
    [...sets.entries()].map(([uid, s]) => ({ uid, ...s })),
    members,
  )) {
    r.issue(
      'orgUnitGroupSets',
      t(locale, 'metadata.exclusiveGroupSet', {
        ou: name(v.ouUid),
        set: name(v.setUid),
        groups: v.groupUids.map(name).join('、'),
      }),
    );
  }
  b.categoryCombos.forEach((c, i) => {
    if (c.categoryUids.length === 0) {
      r.issue(
        `categoryCombos[${i}].categories`,
        t(locale, 'metadata.missingField', {
          kind: msg('metadataKind.categoryCombos'),
          field: msg('metadataField.categories'),
        }),
      );
    }
  });
  b.categories.forEach((c, i) => {
    if (c.optionUids.length === 0) {
      r.issue(
        `categories[${i}].options`,
        t(locale, 'metadata.missingField', {
          kind: msg('kind.category'),
          field: msg('metadataField.options'),
        }),
      );
    }
  });
}

export interface MetadataImportOptions {
  format?: string;
  dryRun?: boolean;
  /** For CSV/XLSX: which sheet this is; detected from the headers when absent. */
  kind?: TabularKind;
}

/**
 * Imports metadata (native JSON, DHIS2 JSON, or org units / data elements from CSV/XLSX) in one
 * transaction. Every problem is collected and reported at once with its path; with any problem
 * nothing is written.
 */
export async function importMetadataFile(
  store: Store,
  ctx: ServiceContext,
  path: string,
  opts: MetadataImportOptions = {},
): Promise<MetadataImportSummary> {
  const lower = path.toLowerCase();
  const tabular =
    opts.format === 'csv' ||
    opts.format === 'xlsx' ||
    (!opts.format && (lower.endsWith('.csv') || lower.endsWith('.xlsx')));
  if (tabular) {
    const { doc, rows } = await readTabularMetadata(path, opts.kind);
    const renamed = (d: ErrorDetail): ErrorDetail => ({
      path: d.path.replace(
        /^(orgUnits|dataElements)\[(\d+)\]\.?/,
        (_m, _k: string, i: string) => `第 ${rows[Number(i)] ?? '?'} 行 / `,
      ),
      message: d.message,
    });
    const parsed = NativeMetadata.safeParse(doc);
    if (!parsed.success) {
      const details = zodDetails(parsed.error).map(renamed);
      throw new AppError('HW_METADATA_INVALID', { count: details.length }, { details });
    }
    return importMetadataDocument(
      store,
      ctx,
      parsed.data,
      { ...opts, format: lower.endsWith('.xlsx') ? 'xlsx' : 'csv' },
      renamed,
    );
  }
  if ((await stat(path)).size === 0) {
    throw new AppError('HW_IMPORT_EMPTY');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new AppError(
      'HW_IMPORT_FORMAT',
      { row: 1, reason: msg('reason.unparsable', { format: 'JSON', detail: (e as Error).message }) },
      { cause: e },
    );
  }
  return importMetadataDocument(store, ctx, doc, opts);
}

/**
 * Imports a metadata document in one transaction (see {@link importMetadataFile}); a writer whose
 * capture scope does not cover everything changes org units strictly below its roots only.
 */
export async function importMetadataDocument(
  store: Store,
  ctx: ServiceContext,
  doc: unknown,
  opts: MetadataImportOptions = {},
  renameDetail: (d: ErrorDetail) => ErrorDetail = (d) => d,
): Promise<MetadataImportSummary> {
  const { locale } = ctx;
  const writeScope = await metadataWriteScope(store, ctx);
  const format: MetadataFormat =
    opts.format === 'dhis2' || opts.format === 'native' || opts.format === 'csv' || opts.format === 'xlsx'
      ? opts.format
      : looksLikeDhis2(doc)
        ? 'dhis2'
        : 'native';
  let result: MetadataImportSummary | null = null;
  class DryRun extends Error {}
  try {
    await store.transaction(async (tx) => {
      const existing = await loadExistingRefs(tx);
      const resolver = new RefResolver(existing, locale);
      let bundle: MetadataBundle;
      if (format === 'dhis2') {
        const parsed = Dhis2Metadata.safeParse(doc);
        if (!parsed.success) {
          const details = zodDetails(parsed.error);
          throw new AppError('HW_METADATA_INVALID', { count: details.length }, { details });
        }
        bundle = dhis2ToBundle(parsed.data, resolver, locale);
      } else {
        const parsed = NativeMetadata.safeParse(doc);
        if (!parsed.success) {
          const details = zodDetails(parsed.error).map(renameDetail);
          throw new AppError('HW_METADATA_INVALID', { count: details.length }, { details });
        }
        bundle = nativeToBundle(parsed.data, resolver, locale);
      }
      checkBundle(bundle, existing, resolver, locale, writeScope);
      if (resolver.issues.length > 0) {
        const details = resolver.issues.map(renameDetail);
        throw new AppError('HW_METADATA_INVALID', { count: details.length }, { details });
      }
      // Indicators whose type is stored (not in this file) take the stored type's factor.
      const typeFactors = await indicatorTypeFactors(tx);
      for (const i of bundle.indicators) {
        if (i.indicatorTypeUid && !bundle.indicatorTypes.some((x) => x.uid === i.indicatorTypeUid)) {
          i.factor = typeFactors.get(i.indicatorTypeUid) ?? i.factor;
        }
      }
      await applyMetadataBundle(tx, bundle);
      result = { status: 'SUCCESS', format, dryRun: opts.dryRun === true, counts: bundleCounts(bundle) };
      if (opts.dryRun) {
        throw new DryRun();
      }
    });
  } catch (e) {
    if (!(e instanceof DryRun)) {
      throw e;
    }
  }
  if (!result) {
    throw new Error('internal: metadata import produced no result');
  }
  return result;
}

/** The stored metadata as a native document. */
export async function exportMetadata(store: Store): Promise<ReturnType<typeof bundleToNative>> {
  return bundleToNative(await readMetadataBundle(store.db));
}

/** The stored metadata as DHIS2 metadata JSON (references by id). */
export async function exportMetadataDhis2(store: Store): Promise<Record<string, unknown>> {
  const b = await readMetadataBundle(store.db);
  const ref = (id: string | null): { id: string } | undefined => (id ? { id } : undefined);
  const clean = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
  return {
    organisationUnitLevels: b.orgUnitLevels.map((l) => clean({ level: l.level, name: l.name, code: l.code })),
    organisationUnits: b.orgUnits.map((o) =>
      clean({
        id: o.uid,
        code: o.code,
        name: o.name,
        shortName: o.shortName ?? o.name,
        parent: ref(o.parentUid),
        openingDate: o.openingDate,
        closedDate: o.closedDate,
        geometry:
          o.latitude !== null && o.longitude !== null
            ? { type: 'Point', coordinates: [o.longitude, o.latitude] }
            : undefined,
      }),
    ),
    organisationUnitGroups: b.orgUnitGroups.map((g) =>
      clean({ id: g.uid, code: g.code, name: g.name, organisationUnits: g.memberUids.map((id) => ({ id })) }),
    ),
    organisationUnitGroupSets: b.orgUnitGroupSets.map((s) =>
      clean({
        id: s.uid,
        code: s.code,
        name: s.name,
        organisationUnitGroups: s.groupUids.map((id) => ({ id })),
      }),
    ),
    categoryOptions: b.categoryOptions.map((o) =>
      clean({ id: o.uid, code: o.code, name: o.name, startDate: o.startDate, endDate: o.endDate }),
    ),
    categories: b.categories.map((c) =>
      clean({
        id: c.uid,
        code: c.code,
        name: c.name,
        dataDimensionType: c.dataDimensionType,
        categoryOptions: c.optionUids.map((id) => ({ id })),
      }),
    ),
    categoryCombos: b.categoryCombos.map((c) =>
      clean({
        id: c.uid,
        code: c.code,
        name: c.name,
        dataDimensionType: c.dataDimensionType,
        categories: c.categoryUids.map((id) => ({ id })),
      }),
    ),
    categoryOptionCombos: b.categoryOptionCombos.map((c) =>
      clean({
        id: c.uid,
        code: c.code,
        name: c.name,
        categoryCombo: { id: c.comboUid },
        categoryOptions: c.optionUids.map((id) => ({ id })),
      }),
    ),
    dataElements: b.dataElements.map((d) =>
      clean({
        id: d.uid,
        code: d.code,
        name: d.name,
        shortName: d.shortName ?? d.name,
        description: d.description,
        domainType: 'AGGREGATE',
        valueType: d.valueType,
        aggregationType: d.aggregationType,
        categoryCombo: ref(d.categoryComboUid ?? 'bjDvmb4bfuf'),
        zeroIsSignificant: d.zeroIsSignificant,
      }),
    ),
    dataSets: b.dataSets.map((s) =>
      clean({
        id: s.uid,
        code: s.code,
        name: s.name,
        periodType: s.periodType,
        categoryCombo: ref(s.categoryComboUid ?? 'bjDvmb4bfuf'),
        expiryDays: s.expiryDays,
        timelyDays: s.timelyDays,
        openFuturePeriods: s.openFuturePeriods,
        dataSetElements: s.dataElementUids.map((id) => ({ dataElement: { id }, dataSet: { id: s.uid } })),
        organisationUnits: s.orgUnitUids.map((id) => ({ id })),
      }),
    ),
    indicatorTypes: b.indicatorTypes.map((x) =>
      clean({ id: x.uid, code: x.code, name: x.name, factor: x.factor }),
    ),
    indicators: b.indicators
      .filter((x) => x.kind !== 'function')
      .map((x) =>
        clean({
          id: x.uid,
          code: x.code,
          name: x.name,
          shortName: x.shortName ?? x.name,
          description: x.description,
          numerator: x.numerator,
          numeratorDescription: x.numeratorDescription,
          denominator: x.denominator,
          denominatorDescription: x.denominatorDescription,
          indicatorType: ref(x.indicatorTypeUid),
          annualized: x.annualized,
          decimals: x.decimals,
        }),
      ),
    constants: b.constants.map((c) => clean({ id: c.uid, code: c.code, name: c.name, value: c.value })),
  };
}
