import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  importDataFile,
  importMetadataFile,
  saveUserAccount,
  everywhereContext,
} from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { migrateStore, openStore } from '@healthwatch/store';
import { createTestDatabase } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionHeaders } from './helpers/http-session.js';
import { hw } from './helpers/run-cli.js';

const packs = new URL('../packs/', import.meta.url).pathname;
const PW = 'Zone-pass-2026';

// 医疗机构月报 MONTHLY closes 15 full days after a period's end: 202404 is open on 15 May and closed
// from 16 May. At 2024-05-15T17:00Z it is already 16 May in Beijing, still 15 May in UTC.
const AFTER_BEIJING_MIDNIGHT = new Date('2024-05-15T17:00:00Z');

// The day is computed above the database, so one dialect is enough.
describe('today is the date in the deployment’s time zone', () => {
  let tdb: TestDatabase;
  let store: Store;

  const locked = async (app: ReturnType<typeof createApp>): Promise<unknown> => {
    const headers = await sessionHeaders(app, 'hc', PW);
    const r = await app.request('/api/dataApprovals?ds=MONTHLY&ou=JJ-BS-HC&pe=202404', { headers });
    expect(r.status).toBe(200);
    return ((await r.json()) as { locked: { by: string } | null }).locked?.by ?? null;
  };

  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    store = await openStore(tdb.url, { create: true });
    await migrateStore(store);
    await importMetadataFile(
      store,
      everywhereContext('test', 'zh-CN'),
      join(packs, 'example-district/dhis2-metadata.json'),
    );
    await importDataFile(
      store,
      everywhereContext('seed', 'zh-CN'),
      join(packs, 'example-district/reports-2024-03.csv'),
    );
    await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
      username: 'hc',
      password: PW,
      role: 'clerk',
      capture: ['JJ-BS-HC'],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await store.close();
    await tdb.drop();
  });

  it('closes a period at midnight Beijing time by default, at midnight UTC when the zone says so', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(AFTER_BEIJING_MIDNIGHT);
    expect(await locked(createApp(store))).toBe('expired');
    expect(await locked(createApp(store, { timeZone: 'Asia/Shanghai' }))).toBe('expired');
    expect(await locked(createApp(store, { timeZone: 'UTC' }))).toBeNull();
  });

  it('refuses an unknown HEALTHWATCH_TIMEZONE before the command opens the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hw-zone-'));
    try {
      const db = join(dir, 'never.db');
      const r = await hw(['--db', `sqlite:${db}`, '--lang', 'en', 'init'], {
        HEALTHWATCH_TIMEZONE: 'Mars/Olympus_Mons',
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[HW_VALIDATION]');
      expect(r.stderr).toContain('HEALTHWATCH_TIMEZONE');
      expect(r.stderr).toContain('Mars/Olympus_Mons');
      expect(existsSync(db)).toBe(false);
      expect((await hw(['--db', `sqlite:${db}`, 'init'], { HEALTHWATCH_TIMEZONE: 'UTC' })).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
