import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Settings of the installation as a whole (e.g. that its data are a synthetic demo). */
export async function readSetting(db: Kysely<Database>, key: string): Promise<string | null> {
  const r = await db.selectFrom('system_setting').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value ?? null;
}

export async function writeSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto('system_setting')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
