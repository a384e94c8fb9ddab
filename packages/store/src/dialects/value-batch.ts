import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { StoredValue, ValueChange, ValueKey, ValueStatus } from '../repos/data-values.js';
import type { Database } from '../schema.js';

/**
 * The hot path of every import: look up the stored rows of a batch of keys, then write the
 * batch's changes with their audit rows. Each dialect gets its fastest portable-enough form:
 * SQLite runs prepared statements row by row on the same connection (microseconds each, no SQL
 * text per batch), PostgreSQL sends whole columns as arrays through `unnest` (one round trip and
 * a fixed, small statement per batch). Both run inside the caller's transaction.
 */
export interface ValueBatchOps {
  fetchExisting(tx: Kysely<Database>, keys: readonly ValueKey[]): Promise<Map<string, StoredValue>>;
  applyChanges(
    tx: Kysely<Database>,
    changes: readonly ValueChange[],
    actor: { userId: number; importId: number | null; now: number },
  ): Promise<void>;
  /** Adds accumulated rollup deltas (see {@link RollupAccumulator}). */
  applyRollups(tx: Kysely<Database>, deltas: readonly RollupDelta[]): Promise<void>;
}

export type RollupDelta = [
  deId: number,
  peId: number,
  ouId: number,
  cocId: number,
  aocId: number,
  sum: number,
  count: number,
];

/**
 * What one change does to the rollups: the unit's ancestors and the numeric contribution before
 * and after (null: contributes nothing, e.g. text, deleted or absent).
 */
export interface RollupChange {
  key: ValueKey;
  ancestors: readonly number[];
  oldNum: number | null;
  newNum: number | null;
}

/**
 * Collects the rollup deltas of many changes, merged per rollup row. A bulk import keeps one for
 * the whole transaction, so a district's 130 facilities reporting the same cell cost one rollup
 * write per ancestor instead of 130.
 */
export class RollupAccumulator {
  readonly #acc = new Map<string, RollupDelta>();

  get size(): number {
    return this.#acc.size;
  }

  add(changes: readonly RollupChange[]): void {
    for (const r of changes) {
      if (r.ancestors.length === 0) {
        continue;
      }
      const sum = (r.newNum ?? 0) - (r.oldNum ?? 0);
      const count = (r.newNum === null ? 0 : 1) - (r.oldNum === null ? 0 : 1);
      if (sum === 0 && count === 0) {
        continue;
      }
      const k = r.key;
      for (const anc of r.ancestors) {
        const id = `${k.deId}|${k.peId}|${anc}|${k.cocId}|${k.aocId}`;
        const row = this.#acc.get(id);
        if (row) {
          row[5] += sum;
          row[6] += count;
        } else {
          this.#acc.set(id, [k.deId, k.peId, anc, k.cocId, k.aocId, sum, count]);
        }
      }
    }
  }

  /** The merged deltas (rows whose effects cancelled out are left out); empties the accumulator. */
  drain(): RollupDelta[] {
    const out = [...this.#acc.values()].filter((d) => d[5] !== 0 || d[6] !== 0);
    this.#acc.clear();
    return out;
  }
}

export function keyString(k: ValueKey): string {
  return `${k.deId}|${k.peId}|${k.ouId}|${k.cocId}|${k.aocId}`;
}

type Row = Selectable<Database['data_value']>;

function toStored(r: Row): StoredValue {
  return {
    deId: r.data_element_id,
    peId: r.period_id,
    ouId: r.org_unit_id,
    cocId: r.coc_id,
    aocId: r.aoc_id,
    value: r.value,
    comment: r.comment,
    followUp: r.follow_up === 1,
    source: r.source,
    status: r.status as ValueStatus,
    deleted: r.deleted === 1,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedBy: r.updated_by,
    updatedAt: Number(r.updated_at),
  };
}

const UPSERT_COLUMNS =
  'data_element_id, period_id, org_unit_id, coc_id, aoc_id, value, comment, follow_up, source, status, created_by, created_at, updated_by, updated_at, deleted';
const ON_CONFLICT = `on conflict (data_element_id, period_id, org_unit_id, coc_id, aoc_id) do update set
  value = excluded.value, comment = excluded.comment, follow_up = excluded.follow_up, source = excluded.source,
  status = excluded.status, updated_by = excluded.updated_by, updated_at = excluded.updated_at, deleted = excluded.deleted`;
const ROLLUP_COLUMNS = 'data_element_id, period_id, org_unit_id, coc_id, aoc_id, sum_value, count_value';
const ROLLUP_CONFLICT = `on conflict (data_element_id, period_id, org_unit_id, coc_id, aoc_id) do update set
  sum_value = data_value_rollup.sum_value + excluded.sum_value, count_value = data_value_rollup.count_value + excluded.count_value`;

const AUDIT_COLUMNS =
  'data_element_id, period_id, org_unit_id, coc_id, aoc_id, audit_type, old_value, new_value, old_comment, new_comment, old_follow_up, new_follow_up, old_status, new_status, old_source, new_source, changed_by, changed_at, import_id';

/** The columns of one change's data-value row and audit row, in the orders above. */
function rowsOf(
  c: ValueChange,
  actor: { userId: number; importId: number | null; now: number },
): { value: unknown[]; audit: unknown[] } {
  const del = c.type === 'DELETE';
  const prev = c.prev && !c.prev.deleted ? c.prev : null;
  const k = c.key;
  return {
    value: [
      k.deId,
      k.peId,
      k.ouId,
      k.cocId,
      k.aocId,
      c.next.value,
      c.next.comment,
      c.next.followUp ? 1 : 0,
      c.next.source,
      c.next.status,
      actor.userId,
      actor.now,
      actor.userId,
      actor.now,
      del ? 1 : 0,
    ],
    audit: [
      k.deId,
      k.peId,
      k.ouId,
      k.cocId,
      k.aocId,
      c.type,
      prev?.value ?? null,
      del ? null : c.next.value,
      prev?.comment ?? null,
      del ? null : c.next.comment,
      prev ? (prev.followUp ? 1 : 0) : null,
      del ? null : c.next.followUp ? 1 : 0,
      prev?.status ?? null,
      del ? null : c.next.status,
      prev?.source ?? null,
      del ? null : c.next.source,
      actor.userId,
      actor.now,
      actor.importId,
    ],
  };
}

export function sqliteValueOps(handle: BetterSqlite3.Database): ValueBatchOps {
  const select = handle.prepare<[number, number, number, number, number], Row>(
    'select * from data_value where data_element_id = ? and period_id = ? and org_unit_id = ? and coc_id = ? and aoc_id = ?',
  );
  const upsert = handle.prepare(
    `insert into data_value (${UPSERT_COLUMNS}) values (${Array(15).fill('?').join(', ')}) ${ON_CONFLICT}`,
  );
  const audit = handle.prepare(
    `insert into data_value_audit (${AUDIT_COLUMNS}) values (${Array(19).fill('?').join(', ')})`,
  );
  const rollup = handle.prepare(
    `insert into data_value_rollup (${ROLLUP_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?) ${ROLLUP_CONFLICT}`,
  );
  return {
    fetchExisting(_tx, keys) {
      const out = new Map<string, StoredValue>();
      for (const k of keys) {
        const r = select.get(k.deId, k.peId, k.ouId, k.cocId, k.aocId);
        if (r) {
          out.set(keyString(k), toStored(r));
        }
      }
      return Promise.resolve(out);
    },
    applyChanges(_tx, changes, actor) {
      for (const c of changes) {
        const r = rowsOf(c, actor);
        upsert.run(...r.value);
        audit.run(...r.audit);
      }
      return Promise.resolve();
    },
    applyRollups(_tx, deltas) {
      for (const d of deltas) {
        rollup.run(...d);
      }
      return Promise.resolve();
    },
  };
}

const VALUE_TYPES = [
  'int',
  'int',
  'int',
  'int',
  'int',
  'text',
  'text',
  'int',
  'text',
  'text',
  'int',
  'bigint',
  'int',
  'bigint',
  'int',
];
const AUDIT_TYPES = [
  'int',
  'int',
  'int',
  'int',
  'int',
  'text',
  'text',
  'text',
  'text',
  'text',
  'int',
  'int',
  'text',
  'text',
  'text',
  'text',
  'int',
  'bigint',
  'int',
];
const PG_BATCH = 5000;

function columns(rows: unknown[][], width: number): unknown[][] {
  const cols: unknown[][] = Array.from({ length: width }, () => []);
  for (const r of rows) {
    for (let i = 0; i < width; i++) {
      (cols[i] as unknown[]).push(r[i]);
    }
  }
  return cols;
}

function unnest(cols: unknown[][], types: string[]): ReturnType<typeof sql.join> {
  return sql.join(cols.map((c, i) => sql`${c}::${sql.raw(types[i] ?? 'text')}[]`));
}

export function postgresValueOps(): ValueBatchOps {
  return {
    async fetchExisting(tx, keys) {
      const out = new Map<string, StoredValue>();
      for (let i = 0; i < keys.length; i += PG_BATCH) {
        const part = keys.slice(i, i + PG_BATCH);
        const cols = columns(
          part.map((k) => [k.deId, k.peId, k.ouId, k.cocId, k.aocId]),
          5,
        );
        const { rows } = await sql<Row>`select v.* from data_value v
          join unnest(${unnest(cols, ['int', 'int', 'int', 'int', 'int'])}) as k(de, pe, ou, coc, aoc)
            on v.data_element_id = k.de and v.period_id = k.pe and v.org_unit_id = k.ou and v.coc_id = k.coc and v.aoc_id = k.aoc`.execute(
          tx,
        );
        for (const r of rows) {
          const s = toStored(r);
          out.set(keyString(s), s);
        }
      }
      return out;
    },
    async applyChanges(tx, changes, actor) {
      for (let i = 0; i < changes.length; i += PG_BATCH) {
        const part = changes.slice(i, i + PG_BATCH).map((c) => rowsOf(c, actor));
        await sql`insert into data_value (${sql.raw(UPSERT_COLUMNS)})
          select * from unnest(${unnest(
            columns(
              part.map((p) => p.value),
              15,
            ),
            VALUE_TYPES,
          )}) ${sql.raw(ON_CONFLICT)}`.execute(tx);
        await sql`insert into data_value_audit (${sql.raw(AUDIT_COLUMNS)})
          select * from unnest(${unnest(
            columns(
              part.map((p) => p.audit),
              19,
            ),
            AUDIT_TYPES,
          )})`.execute(tx);
      }
    },
    async applyRollups(tx, deltas) {
      for (let i = 0; i < deltas.length; i += PG_BATCH) {
        // One statement may not touch a row twice: rollupDeltas already merged duplicates.
        await sql`insert into data_value_rollup (${sql.raw(ROLLUP_COLUMNS)})
          select * from unnest(${unnest(columns(deltas.slice(i, i + PG_BATCH), 7), ['int', 'int', 'int', 'int', 'int', 'float8', 'int'])}) ${sql.raw(ROLLUP_CONFLICT)}`.execute(
          tx,
        );
      }
    },
  };
}
