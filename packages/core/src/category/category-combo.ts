import { deterministicUid } from '../uid.js';

/** DHIS2's well-known uids for the "default" (no disaggregation) category objects. */
export const DEFAULT_UIDS = {
  categoryOption: 'xYerKDKCefk',
  category: 'GLevLNI9wkl',
  categoryCombo: 'bjDvmb4bfuf',
  categoryOptionCombo: 'HllvX50cXC0',
} as const;

export const DataDimensionType = { DISAGGREGATION: 'DISAGGREGATION', ATTRIBUTE: 'ATTRIBUTE' } as const;
export type DataDimensionType = (typeof DataDimensionType)[keyof typeof DataDimensionType];

export interface OptionRef {
  readonly uid: string;
  readonly name: string;
  readonly code?: string | null;
}

export interface CategoryWithOptions {
  readonly uid: string;
  readonly options: readonly OptionRef[];
}

export interface GeneratedOptionCombo {
  /** One option uid per category, in the combo's category order. */
  readonly optionUids: readonly string[];
  readonly name: string;
  readonly uid: string;
}

/** The key that identifies a combo by its option set, independent of category order. */
export function optionSetKey(optionUids: readonly string[]): string {
  return [...optionUids].sort().join('|');
}

/**
 * The category option combos of a combo: the Cartesian product of its categories' options, in
 * category order then option order (so the list, the names and the derived uids are the same on
 * every machine). The name joins option names with ", " as DHIS2 does ("男, 0-4岁").
 */
export function generateOptionCombos(
  comboUid: string,
  categories: readonly CategoryWithOptions[],
): GeneratedOptionCombo[] {
  if (categories.length === 0) {
    return [
      { optionUids: [DEFAULT_UIDS.categoryOption], name: 'default', uid: DEFAULT_UIDS.categoryOptionCombo },
    ];
  }
  let rows: OptionRef[][] = [[]];
  for (const c of categories) {
    const next: OptionRef[][] = [];
    for (const row of rows) {
      for (const o of c.options) {
        next.push([...row, o]);
      }
    }
    rows = next;
  }
  return rows.map((opts) => {
    const optionUids = opts.map((o) => o.uid);
    return {
      optionUids,
      name: opts.map((o) => o.name).join(', '),
      uid: deterministicUid(`coc:${comboUid}:${optionSetKey(optionUids)}`),
    };
  });
}

/** Normalises a combo name for matching what people type ("男,0-4岁", "男 / 0-4岁", "男，0-4岁"). */
export function normaliseComboName(name: string): string {
  return name
    .split(/\s*[,，/、]\s*/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join(', ');
}
