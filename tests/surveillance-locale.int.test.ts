import { SurveillanceEventResponse, SurveillanceEventsResponse } from '@healthwatch/contract';
import { createApp } from '@healthwatch/server';
import { openMigratedStore } from '@healthwatch/store';
import { testDialects, updateRows } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDatabase } from './helpers/demo-database.js';
import { DEMO_PASSWORD } from './helpers/demo-password.js';
import { sessionHeaders } from './helpers/http-session.js';
import { hw } from './helpers/run-cli.js';

/**
 * The explanation's own words in Chinese. Data stays as entered: place and disease names, and the
 * method labels of the surveillance configuration (e.g. 移动百分位数法 P80).
 */
const CHINESE_WORDS = /报告|例，|期望|预警上限|同时预警|超限|相邻|分级|红色|（/;

for (const dialect of await testDialects()) {
  describe(`${dialect}: early-warning explanations are rendered in the reader's language`, () => {
    let tdb: TestDatabase;
    let store: Store;
    beforeAll(async () => {
      tdb = await createDemoDatabase(dialect);
      store = await openMigratedStore(tdb.url);
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('answers the same stored event in Chinese or English over HTTP and in the CLI', async () => {
      const app = createApp(store);
      const headers = await sessionHeaders(app, 'cdc', DEMO_PASSWORD);
      const list = async (query: string): Promise<SurveillanceEventsResponse['events']> =>
        SurveillanceEventsResponse.parse(
          await (await app.request(`/api/surveillance/events?limit=2000${query}`, { headers })).json(),
        ).events;
      const zh = (await list('')).find((e) => e.orgUnit === 'JJ-BS' && e.grade === 'red');
      expect(zh?.explanation).toMatch(/^白沙镇 \d{4}W\d+ 报告.+ \d+ 例.*。分级：红色（\d+ 分）。$/);
      const en = (await list('&locale=en')).find((e) => e.id === zh?.id);
      expect(en?.explanation).toMatch(
        /^白沙镇 \d{4}W\d+: \d+ cases of .+ reported.*\. Grade: Red \(\d+ points\)\.$/,
      );
      expect(en?.explanation).not.toMatch(CHINESE_WORDS);
      expect(zh?.explanation).toMatch(CHINESE_WORDS);
      const one = SurveillanceEventResponse.parse(
        await (
          await app.request(`/api/surveillance/events/${zh?.id}`, {
            headers: { ...headers, 'accept-language': 'en-US,en;q=0.9' },
          })
        ).json(),
      );
      expect(one.explanation).toBe(en?.explanation);

      const cli = JSON.parse(
        (await hw(['--db', tdb.url, '--lang', 'en', 'surveillance', 'events', '--format', 'json'])).stdout,
      ) as { id: number; explanation: string }[];
      expect(cli.find((e) => e.id === zh?.id)?.explanation).toBe(en?.explanation);
      const cliZh = JSON.parse(
        (await hw(['--db', tdb.url, 'surveillance', 'event', String(zh?.id)])).stdout,
      ) as {
        explanation: string;
      };
      expect(cliZh.explanation).toBe(zh?.explanation);
    });

    it('shows an event stored before message keys with its stored text, in any language', async () => {
      const app = createApp(store);
      const headers = await sessionHeaders(app, 'cdc', DEMO_PASSWORD);
      const [first] = SurveillanceEventsResponse.parse(
        await (await app.request('/api/surveillance/events?limit=1', { headers })).json(),
      ).events;
      await updateRows(
        store,
        'surveillance_event',
        { id: first?.id ?? 0 },
        { explanation: '旧的说明文字', explanation_key: null, explanation_params: null },
      );
      for (const locale of ['zh-CN', 'en']) {
        const r = SurveillanceEventResponse.parse(
          await (
            await app.request(`/api/surveillance/events/${first?.id}?locale=${locale}`, { headers })
          ).json(),
        );
        expect(r.explanation).toBe('旧的说明文字');
      }
    });

    it('names a missing event in the reader’s language', async () => {
      const r = await hw(['--db', tdb.url, '--lang', 'en', 'surveillance', 'event', '999999']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Early-warning event not found: 999999');
      expect(r.stderr).not.toMatch(/[\u4e00-\u9fff]/);
      const zh = await hw(['--db', tdb.url, 'surveillance', 'event', '999999']);
      expect(zh.stderr).toContain('未找到预警事件：999999');
    });
  });
}
