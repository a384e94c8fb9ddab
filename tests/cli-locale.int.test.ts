import { zhCN } from '@healthwatch/core';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDatabase } from './helpers/demo-database.js';
import { DEMO_PASSWORD } from './helpers/demo-password.js';
import { hw } from './helpers/run-cli.js';

/**
 * The CLI's own words in Chinese: every run of three or more Chinese characters of the zh-CN
 * catalogue's texts. Data shown as entered (place, institution and disease names, method labels of
 * the surveillance configuration) is not among them, so English output is checked for these only.
 */
const OWN_WORDS = [
  ...new Set(
    Object.values(zhCN).flatMap((text) => text.replace(/\{\w+\}/g, ' ').match(/[\u4e00-\u9fff]{3,}/g) ?? []),
  ),
];
const ownWordsIn = (text: string): string[] => OWN_WORDS.filter((w) => text.includes(w));
/** What must never be in a Chinese message: ASCII field names. */
const FIELD_NAMES =
  /\b(orgUnit|dataElement|categoryOptionCombo|attributeOptionCombo|valueType|reason|field)\b/;

/** The main commands on the demo district, as a user types them. */
const SWEEP: readonly (readonly string[])[] = [
  ['surveillance', 'run', '--from', '2024W15', '--to', '2024W26'],
  ['surveillance', 'events', '--status', 'new'],
  ['surveillance', 'event', '999999'],
  ['value', 'get', '--de', 'OPD_VISITS', '--ou', 'NO-SUCH-UNIT', '--pe', '202403'],
  ['completeness', '--ds', 'JJ_SERVICES_M', '--ou', 'JJ-BS', '--pe', '2024'],
  ['outliers', '--de', 'OPD_VISITS', '--ou', 'JJ-BS', '--descendants', '--from', '202301', '--to', '202412'],
  ['audit', '--ou', 'JJ-BS-HC', '--limit', '5'],
];

for (const dialect of await testDialects()) {
  describe(`${dialect}: the CLI speaks --lang throughout`, () => {
    let tdb: TestDatabase;
    beforeAll(async () => {
      tdb = await createDemoDatabase(dialect);
    });
    afterAll(async () => {
      await tdb.drop();
    });

    it('prints none of its own Chinese words with --lang en, and no field names in zh-CN', async () => {
      for (const args of SWEEP) {
        const en = await hw(['--db', tdb.url, '--lang', 'en', ...args]);
        const shown = `${en.stdout}\n${en.stderr}`;
        expect(ownWordsIn(shown), `--lang en ${args.join(' ')}:\n${shown.slice(0, 2000)}`).toEqual([]);
        const zh = await hw(['--db', tdb.url, ...args], { HEALTHWATCH_LANG: 'zh-CN' });
        expect(`${zh.stdout}\n${zh.stderr}`, args.join(' ')).not.toMatch(FIELD_NAMES);
        expect(zh.code, args.join(' ')).toBe(en.code);
      }
    });

    // One demo build (the slowest command); the Chinese banner is checked by surveillance-demo.
    it('lists plans with their status and counts in English (the plan names are data, shown as entered)', async () => {
      const en = await hw(['--db', tdb.url, '--lang', 'en', 'plan', 'list']);
      expect(en.code, en.stderr).toBe(0);
      expect(en.stdout).toMatch(/\tcompleted\t\d+ indicators\t\d+ projects/);
      expect(en.stdout).toMatch(/\tin progress\t/);
      expect(en.stdout).not.toMatch(/已完成|实施中|指标|项目/);
      const zh = await hw(['--db', tdb.url, 'plan', 'list'], { HEALTHWATCH_LANG: 'zh-CN' });
      expect(zh.stdout).toMatch(/\t已完成\t指标 \d+ 项\t项目 \d+ 个/);
    });

    it('builds the demo with an English banner (HEALTHWATCH_LANG=en)', { timeout: 180_000 }, async () => {
      const fresh = await createTestDatabase(dialect);
      try {
        const en = await hw(['--db', fresh.url, 'demo'], {
          HEALTHWATCH_DEMO_PASSWORD: DEMO_PASSWORD,
          HEALTHWATCH_LANG: 'en',
        });
        expect(en.code, en.stderr).toBe(0);
        expect(en.stderr).toMatch(/Early warning 2024W15–2024W26: \d+ events \(Red [1-9]/);
        expect(ownWordsIn(en.stderr)).toEqual([]);
      } finally {
        await fresh.drop();
      }
    });
  });
}
