import type { Period } from '@healthwatch/core';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Maps period ids (`202401`) to the integer ids data values use, creating period rows on first
 * use. Keeps what it has seen, so a large import asks the database once per distinct period.
 */
export class PeriodIds {
  readonly #ids = new Map<string, number>();

  async idOf(db: Kysely<Database>, p: Period): Promise<number> {
    const known = this.#ids.get(p.id);
    if (known !== undefined) {
      return known;
    }
    await db
      .insertInto('period')
      .values({ iso: p.id, period_type: p.type, start_date: p.startDate, end_date: p.endDate })
      .onConflict((oc) => oc.column('iso').doNothing())
      .execute();
    const row = await db.selectFrom('period').select('id').where('iso', '=', p.id).executeTakeFirstOrThrow();
    this.#ids.set(p.id, row.id);
    return row.id;
  }

  /** Looks up existing ids only (for queries: a period never stored has no values). */
  static async lookup(db: Kysely<Database>, isos: readonly string[]): Promise<Map<string, number>> {
    if (isos.length === 0) {
      return new Map();
    }
    const rows = await db.selectFrom('period').select(['id', 'iso']).where('iso', 'in', isos).execute();
    return new Map(rows.map((r) => [r.iso, r.id]));
  }
}

/** Every stored period with its date range. */
export async function storedPeriodRanges(
  db: Kysely<Database>,
): Promise<{ id: number; start: string; end: string }[]> {
  return (await db.selectFrom('period').select(['id', 'start_date', 'end_date']).execute()).map((r) => ({
    id: r.id,
    start: r.start_date,
    end: r.end_date,
  }));
}
