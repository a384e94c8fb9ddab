import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateStore, openMigratedStore, openStore } from '../connect.js';
import type { Store } from '../connect.js';

const setting = async (store: Store, key: string): Promise<string | null> =>
  (await store.db.selectFrom('system_setting').select('value').where('key', '=', key).executeTakeFirst())
    ?.value ?? null;

/** A promise and its resolver, to hold a transaction open while the test looks from outside. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const wait = new Promise<void>((r) => {
    open = r;
  });
  return { wait, open };
}

describe('sqlite: reads outside a transaction do not wait for the writer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-routing-'));
  const url = `sqlite:${join(dir, 'r.db')}`;
  let store: Store;
  beforeAll(async () => {
    const init = await openStore(url, { create: true });
    await migrateStore(init);
    await init.close();
    store = await openMigratedStore(url);
    await store.db.insertInto('system_setting').values({ key: 'k', value: 'committed' }).execute();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a read during an open write transaction answers at once with the last committed state', async () => {
    const inside = gate();
    const release = gate();
    const tx = store.db.transaction().execute(async (t) => {
      await t.updateTable('system_setting').set({ value: 'uncommitted' }).where('key', '=', 'k').execute();
      // The transaction sees its own write (its statements all run on the writer).
      expect(
        (
          await t
            .selectFrom('system_setting')
            .select('value')
            .where('key', '=', 'k')
            .executeTakeFirstOrThrow()
        ).value,
      ).toBe('uncommitted');
      inside.open();
      await release.wait;
    });
    await inside.wait;
    // With Kysely's one-connection dialect this read would wait until `release` (here: forever).
    const during = await Promise.race([
      setting(store, 'k'),
      new Promise<string>((r) => setTimeout(() => r('timed out'), 2000)),
    ]);
    expect(during).toBe('committed');
    // A streamed read takes its own reader and does not stop another read.
    const streamed: string[] = [];
    for await (const row of store.db
      .selectFrom('system_setting')
      .select('value')
      .where('key', '=', 'k')
      .stream()) {
      streamed.push(row.value);
      expect(await setting(store, 'k')).toBe('committed');
    }
    expect(streamed).toEqual(['committed']);
    release.open();
    await tx;
    expect(await setting(store, 'k')).toBe('uncommitted');
  });

  it('writes outside transactions still wait for the writer, and transactions do not interleave', async () => {
    await store.db.insertInto('system_setting').values({ key: 'n', value: '0' }).execute();
    const bump = (): Promise<void> =>
      store.db.transaction().execute(async (t) => {
        const n = Number(
          (
            await t
              .selectFrom('system_setting')
              .select('value')
              .where('key', '=', 'n')
              .executeTakeFirstOrThrow()
          ).value,
        );
        await new Promise((r) => setTimeout(r, 20));
        await t
          .updateTable('system_setting')
          .set({ value: String(n + 1) })
          .where('key', '=', 'n')
          .execute();
      });
    const release = gate();
    const holder = store.db.transaction().execute(async () => {
      await release.wait;
    });
    let written = false;
    const write = store.db
      .updateTable('system_setting')
      .set({ value: 'w' })
      .where('key', '=', 'k')
      .execute()
      .then(() => {
        written = true;
      });
    await new Promise((r) => setTimeout(r, 100));
    expect(written).toBe(false);
    release.open();
    await Promise.all([holder, write, bump(), bump(), bump()]);
    expect(written).toBe(true);
    expect(await setting(store, 'n')).toBe('3');
  });

  it('a transaction SQLite rolled back itself (SQLITE_FULL) fails with that error, and writes nothing after it', async () => {
    const { sql } = await import('kysely');
    const pages =
      (await sql<{ page_count: number }>`pragma page_count`.execute(store.db)).rows[0]?.page_count ?? 0;
    await sql.raw(`pragma max_page_count = ${pages}`).execute(store.db);
    const big = 'x'.repeat(200_000);
    try {
      await expect(
        store.db
          .transaction()
          .execute((t) => t.insertInto('system_setting').values({ key: 'big', value: big }).execute()),
      ).rejects.toMatchObject({ code: 'SQLITE_FULL' });
      // A caller that catches the error and goes on must not write outside the transaction.
      await expect(
        store.db.transaction().execute(async (t) => {
          await t
            .insertInto('system_setting')
            .values({ key: 'big', value: big })
            .execute()
            .catch(() => undefined);
          await t.insertInto('system_setting').values({ key: 'after', value: 'x' }).execute();
        }),
      ).rejects.toMatchObject({ code: 'SQLITE_ABORT_ROLLBACK' });
      expect(await setting(store, 'after')).toBeNull();
    } finally {
      await sql.raw('pragma max_page_count = 1073741823').execute(store.db);
    }
  });

  it('raw SQL, which may write, goes to the writer', async () => {
    const { sql } = await import('kysely');
    await sql`update system_setting set value = 'raw' where key = 'k'`.execute(store.db);
    expect(await setting(store, 'k')).toBe('raw');
  });
});

describe('sqlite: an in-memory database has no readers and works as before', () => {
  it('reads and writes, in and out of transactions', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      await migrateStore(store);
      await store.db.insertInto('system_setting').values({ key: 'm', value: '1' }).execute();
      await store.db.transaction().execute(async (t) => {
        await t.updateTable('system_setting').set({ value: '2' }).where('key', '=', 'm').execute();
      });
      expect(await setting(store, 'm')).toBe('2');
    } finally {
      await store.close();
    }
  });
});
