import { AppError, msg } from '@healthwatch/core';

const ANALYTICS_DIMENSIONS: ReadonlySet<string> = new Set(['dx', 'pe', 'ou', 'co']);

/** The items of each dimension, as DHIS2's `dimension=dx:a;b` and `filter=ou:x` parameters give them. */
export interface Dhis2Dimensions {
  /** Dimensions that become columns of the grid. */
  dims: Record<string, string[]>;
  /** One item each, narrowing the grid without a column. */
  filters: Record<string, string[]>;
}

/**
 * Reads DHIS2's dimension parameters. Only the dimensions analytics computes are accepted (an
 * unknown one would silently change nothing), and a filter takes one item of a dimension that is
 * not also a column.
 */
export function parseDhis2Dimensions(
  dimension: readonly string[],
  filter: readonly string[],
): Dhis2Dimensions {
  // Keyed by user input: no prototype, so `dimension=__proto__:x` is just an unknown dimension.
  const dims: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const filters: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [list, target] of [
    [dimension, dims],
    [filter, filters],
  ] as const) {
    for (const d of list) {
      const colon = d.indexOf(':');
      if (colon <= 0 || !ANALYTICS_DIMENSIONS.has(d.slice(0, colon))) {
        throw new AppError('HW_VALIDATION', {
          reason: msg('validation.unknownDimension', {
            dimension: d.slice(0, Math.max(colon, 0)) || d,
            allowed: [...ANALYTICS_DIMENSIONS].join(', '),
          }),
        });
      }
      target[d.slice(0, colon)] = d
        .slice(colon + 1)
        .split(';')
        .filter((s) => s !== '');
    }
  }
  for (const [k, items] of Object.entries(filters)) {
    if (items.length !== 1 || dims[k]) {
      throw new AppError('HW_VALIDATION', {
        reason: `filter=${k} takes exactly one item and cannot repeat a dimension`,
      });
    }
  }
  return { dims, filters };
}
