import type { Kysely, Selectable } from 'kysely';
import type { Store } from '../connect.js';
import type { Database } from '../schema.js';

/**
 * Raw table access for tests and benchmarks, which check what is stored without a repository
 * function for every question. Product code uses the repositories instead.
 */
export type TableName = keyof Database;
export type TableRow<T extends TableName> = Selectable<Database[T]>;
/** Column equal to a value, or in a list of values. */
export type RowMatch<T extends TableName> = {
  [K in keyof TableRow<T>]?: TableRow<T>[K] | readonly TableRow<T>[K][];
};

// The tables are picked at run time, so the query is built untyped; the signatures carry the types.
type Loose = Kysely<Record<string, Record<string, unknown>>>;
type Where = <Q extends { where: (c: string, op: 'in' | '=', v: unknown) => Q }>(q: Q) => Q;

function matching(match: Record<string, unknown>): Where {
  return (q) => {
    let out = q;
    for (const [column, v] of Object.entries(match)) {
      out = Array.isArray(v)
        ? out.where(column, 'in', v.length > 0 ? v : [null])
        : out.where(column, v === null ? ('is' as '=') : '=', v);
    }
    return out;
  };
}

/** Every row of `table` matching `match` (all rows when empty), in no particular order. */
export async function tableRows<T extends TableName>(
  store: Pick<Store, 'db'>,
  table: T,
  match: RowMatch<T> = {},
): Promise<TableRow<T>[]> {
  const db = store.db as unknown as Loose;
  const rows = await matching(match)(db.selectFrom(table as string).selectAll()).execute();
  return rows as TableRow<T>[];
}

/** How many rows of `table` match. */
export async function countRows<T extends TableName>(
  store: Pick<Store, 'db'>,
  table: T,
  match: RowMatch<T> = {},
): Promise<number> {
  const db = store.db as unknown as Loose;
  const q = matching(match)(db.selectFrom(table as string).select((eb) => eb.fn.countAll().as('n')));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * Sets columns of the matching rows directly, bypassing every check (e.g. to plant what no API
 * accepts); returns how many rows changed.
 */
export async function updateRows<T extends TableName>(
  store: Pick<Store, 'db'>,
  table: T,
  match: RowMatch<T>,
  set: Partial<TableRow<T>>,
): Promise<number> {
  const db = store.db as unknown as Loose;
  const r = await matching(match)(
    db.updateTable(table as string).set(set as Record<string, unknown>),
  ).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
