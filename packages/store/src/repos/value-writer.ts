import type { Db, Store } from '../connect.js';
import { RollupAccumulator } from '../dialects/value-batch.js';
import type { RollupChange } from '../dialects/value-batch.js';
import type { StoredValue, ValueChange, ValueKey } from './data-values.js';
import type { MetadataIndex } from './metadata-index.js';
import { numericValue } from './rollups.js';

/** Who writes: recorded on every value and audit row. */
export interface ValueActor {
  userId: number;
  /** The import record the audit rows point to (null for values entered one by one). */
  importId: number | null;
  now: number;
}

/**
 * The write path for data values, opened in a transaction. It writes the values with their audit
 * rows and keeps the rollups exact: each change's contribution to every ancestor of its unit is
 * worked out here and merged over the whole transaction, so a district's 130 facilities reporting
 * the same cell cost one rollup write per ancestor instead of 130. Callers decide what changes;
 * they never see ancestors or rollups.
 */
export interface ValueWriter {
  /** How many values to resolve and hand to {@link write} at a time (the engine's best batch). */
  readonly batchSize: number;
  /** The stored rows (deleted ones included) of these keys, by {@link keyString}. */
  fetchExisting(keys: readonly ValueKey[]): Promise<Map<string, StoredValue>>;
  write(changes: readonly ValueChange[], actor: ValueActor): Promise<void>;
  /** Writes the rollup deltas still held; call once, before the transaction commits. */
  finish(): Promise<void>;
}

/** Rollup rows held in memory before they are written (bounds memory on huge imports). */
const ROLLUP_FLUSH = 200_000;

/** `index`: the metadata read in the same transaction (units' ancestors, elements' value types). */
export function openValueWriter(store: Pick<Store, 'adapter'>, tx: Db, index: MetadataIndex): ValueWriter {
  const ops = store.adapter.valueOps;
  const rollups = new RollupAccumulator();
  const contribution = (c: ValueChange): RollupChange => {
    const valueType = index.dataElements.byId.get(c.key.deId)?.valueType ?? 'TEXT';
    const live = c.prev && !c.prev.deleted ? c.prev : null;
    return {
      key: c.key,
      ancestors: index.ancestorIds(c.key.ouId),
      oldNum: live ? numericValue(valueType, live.value) : null,
      newNum: c.type === 'DELETE' ? null : numericValue(valueType, c.next.value),
    };
  };
  return {
    batchSize: store.adapter.valueBatchSize,
    fetchExisting: (keys) => ops.fetchExisting(tx, keys),
    async write(changes, actor) {
      await ops.applyChanges(tx, changes, actor);
      rollups.add(changes.map(contribution));
      if (rollups.size > ROLLUP_FLUSH) {
        await ops.applyRollups(tx, rollups.drain());
      }
    },
    finish: () => ops.applyRollups(tx, rollups.drain()),
  };
}
