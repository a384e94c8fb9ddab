import { cachedMetadataIndex, loadAnalyticsCatalog } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { inScope, outOfScopeError, scopeRoots, ScopeKind } from '../auth/access-scope.js';
import { accessScope } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';
import { queryAnalytics, resolveOrgUnits } from './analytics-service.js';
import type { AnalyticsResult } from './analytics-service.js';
import { parseDhis2Dimensions } from './dhis2-dimensions.js';

export interface Dhis2AnalyticsRequest {
  /** `dx:a;b`, `pe:…`, `ou:…`, `co:…`: the grid's columns. */
  dimension: readonly string[];
  /** `ou:x`: one item of a dimension that is not a column. */
  filter: readonly string[];
  skipRounding: boolean;
  /** The day relative periods count from (DHIS2's relativePeriodDate; default the context's today). */
  relativePeriodDate?: string | undefined;
}

export interface Dhis2Header {
  name: string;
  column: string;
  valueType: 'TEXT' | 'NUMBER';
  type: 'java.lang.String' | 'java.lang.Double';
  hidden: false;
  meta: boolean;
}

/** DHIS2's analytics grid: headers, the names of every item, rows of strings. */
export interface Dhis2Grid {
  headers: Dhis2Header[];
  metaData: { items: AnalyticsResult['items']; dimensions: AnalyticsResult['dimensions'] };
  rows: string[][];
  height: number;
  width: number;
}

const COLUMN_NAMES = { dx: 'Data', pe: 'Period', ou: 'Organisation unit', co: 'Category option' } as const;

const meta = (name: keyof typeof COLUMN_NAMES): Dhis2Header => ({
  name,
  column: COLUMN_NAMES[name],
  valueType: 'TEXT',
  type: 'java.lang.String',
  hidden: false,
  meta: true,
});

/**
 * Analytics as DHIS2 answers it, within the context's view scope: every unit the `ou` items
 * resolve to must lie in it (403 otherwise), and the scope's roots are what USER_ORGUNIT means.
 */
export async function dhis2AnalyticsGrid(
  store: Store,
  ctx: ServiceContext,
  req: Dhis2AnalyticsRequest,
): Promise<Dhis2Grid> {
  const scope = accessScope(ctx);
  const { dims, filters } = parseDhis2Dimensions(req.dimension, req.filter);
  const pick = (k: string): string[] => dims[k] ?? filters[k] ?? [];
  const ou = pick('ou');
  const index = await cachedMetadataIndex(store);
  const viewRoots = scopeRoots(scope, ScopeKind.VIEW, index) ?? undefined;
  if (viewRoots) {
    const units = resolveOrgUnits(ou, index, await loadAnalyticsCatalog(store.db), viewRoots);
    const outside = units.find((u) => !inScope(scope.viewPaths, u.path));
    if (outside) {
      throw outOfScopeError(outside, 'view');
    }
  }
  const day = req.relativePeriodDate ? { ...ctx, today: req.relativePeriodDate } : ctx;
  const result = await queryAnalytics(store, day, {
    dx: pick('dx'),
    pe: pick('pe'),
    ou,
    userOrgUnits: viewRoots?.map((o) => o.uid),
    co: pick('co')[0],
    skipRounding: req.skipRounding,
  });
  const columns = (['dx', 'pe', 'ou'] as const).filter((k) => dims[k]);
  const withCo = Boolean(dims.co);
  const headers: Dhis2Header[] = [
    ...columns.map(meta),
    ...(withCo ? [meta('co')] : []),
    {
      name: 'value',
      column: 'Value',
      valueType: 'NUMBER',
      type: 'java.lang.Double',
      hidden: false,
      meta: false,
    },
  ];
  const rows = result.rows.map((r) => [
    ...columns.map((k) => r[k]),
    ...(withCo ? [r.co ?? ''] : []),
    String(r.value),
  ]);
  return {
    headers,
    metaData: { items: result.items, dimensions: result.dimensions },
    rows,
    height: rows.length,
    width: headers.length,
  };
}

const TABLE_HEADINGS: Record<string, string> = {
  dx: '数据',
  pe: '期间',
  ou: '机构',
  co: '分类',
  value: '数值',
};

/** The same grid for people (the explorer's export): Chinese headings, names instead of ids. */
export function dhis2GridTable(grid: Dhis2Grid): { headers: string[]; rows: string[][] } {
  return {
    headers: grid.headers.map((h) => TABLE_HEADINGS[h.name] ?? h.name),
    rows: grid.rows.map((r) =>
      r.map((cell, i) => (i < r.length - 1 ? (grid.metaData.items[cell]?.name ?? cell) : cell)),
    ),
  };
}
