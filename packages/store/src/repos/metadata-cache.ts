import type { Kysely } from 'kysely';
import type { Store } from '../connect.js';
import type { Database } from '../schema.js';
import { loadAnalyticsCatalog } from './analytics-read.js';
import type { AnalyticsCatalog } from './analytics-read.js';
import { loadMetadataIndex } from './metadata-index.js';
import type { MetadataIndex } from './metadata-index.js';

export async function readMetadataVersion(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('system_setting')
    .select('value')
    .where('key', '=', 'metadata_version')
    .executeTakeFirst();
  return Number(r?.value ?? 0);
}

/** Marks the metadata as changed; call in the transaction that changes it. */
export async function bumpMetadataVersion(db: Kysely<Database>): Promise<void> {
  const v = await readMetadataVersion(db);
  await db
    .updateTable('system_setting')
    .set({ value: String(v + 1) })
    .where('key', '=', 'metadata_version')
    .execute();
}

interface Cached {
  version: number;
  index: MetadataIndex;
  catalog: AnalyticsCatalog | null;
}

const caches = new WeakMap<Store, Cached>();

/**
 * The metadata index for `db` (the store itself or a transaction on it), reused while the
 * metadata version is unchanged.
 */
export async function cachedMetadataIndex(
  store: Store,
  db: Kysely<Database> = store.db,
): Promise<MetadataIndex> {
  const version = await readMetadataVersion(db);
  const hit = caches.get(store);
  if (hit && hit.version === version) {
    return hit.index;
  }
  const index = await loadMetadataIndex(db);
  caches.set(store, { version, index, catalog: null });
  return index;
}

/** The analytics catalog and index, cached the same way. */
export async function cachedAnalyticsMetadata(
  store: Store,
): Promise<{ index: MetadataIndex; catalog: AnalyticsCatalog }> {
  const index = await cachedMetadataIndex(store);
  const hit = caches.get(store);
  if (hit?.catalog) {
    return { index, catalog: hit.catalog };
  }
  const catalog = await loadAnalyticsCatalog(store.db);
  if (hit) {
    hit.catalog = catalog;
  }
  return { index, catalog };
}
