import type { Store } from '../connect.js';

/** Bytes on disk per table, its indexes included (what `bench` reports per stored value). */
export function storageBytes(store: Pick<Store, 'adapter' | 'db'>): Promise<Map<string, number>> {
  return store.adapter.tableBytes(store.db);
}
