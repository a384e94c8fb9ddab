import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveUserAccount, everywhereContext } from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { openMigratedStore } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from './helpers/http-session.js';
import { hw } from './helpers/run-cli.js';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
/** Field and parameter names that must never show inside a Chinese message. */
const FIELD_NAMES = /\b(reason|value|orgUnit|dataElement|dataSet|period|field|kind|undefined)\b/;
const PW = 'Locale-pass-1';

/**
 * The example district with every name in ASCII: whatever is Chinese in an English error is then
 * our text, not the user's data (a unit called 白沙镇 stays 白沙镇 in every language).
 */
function asciiMetadata(dir: string): string {
  const doc = JSON.parse(
    readFileSync(new URL('../packs/example-district/dhis2-metadata.json', import.meta.url), 'utf8'),
  ) as unknown;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      return x.map(walk);
    }
    if (typeof x !== 'object' || x === null) {
      return x;
    }
    const o = Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)])) as Record<string, unknown>;
    const label = typeof o.code === 'string' ? o.code : typeof o.id === 'string' ? o.id : 'x';
    for (const k of ['name', 'shortName', 'displayName', 'formName', 'description']) {
      if (typeof o[k] === 'string' && CJK.test(o[k])) {
        o[k] = `${label} ${k}`;
      }
    }
    return o;
  };
  const path = join(dir, 'ascii-metadata.json');
  writeFileSync(path, JSON.stringify(walk(doc)));
  return path;
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: errors are rendered once, in the reader's language`, () => {
    let tdb: TestDatabase;
    let db: string[];
    const dir = mkdtempSync(join(tmpdir(), 'hw-locale-'));
    const ref = ['--ds', 'MONTHLY', '--ou', 'JJ-BS-HC', '--pe', '202403'];
    const edit = ['value', 'set', '--de', 'BEDS', '--ou', 'JJ-BS-HC', '--pe', '202403', '--value', '61'];

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      db = ['--db', tdb.url, '--user', 'statistician'];
      expect((await hw([...db, 'init'])).code).toBe(0);
      const md = await hw([...db, 'metadata', 'import', asciiMetadata(dir)]);
      expect(md.code, md.stderr).toBe(0);
      const set = await hw([...db, ...edit.slice(0, -1), '60']);
      expect(set.code, set.stderr).toBe(0);
      const approved = await hw([...db, 'approval', 'approve', ...ref]);
      expect(approved.code, approved.stderr).toBe(0);
    });
    afterAll(async () => {
      await tdb.drop();
    });

    const cases: [string, () => string[], string][] = [
      [
        'a unit that does not exist',
        () => ['approval', 'status', '--ds', 'MONTHLY', '--ou', 'NOPE', '--pe', '202403'],
        'HW_NOT_FOUND',
      ],
      ['an edit of an approved (locked) period', () => edit, 'HW_LOCKED'],
      ['an unapproval without a reason', () => ['approval', 'unapprove', ...ref], 'HW_VALIDATION'],
    ];
    for (const [what, args, code] of cases) {
      it(`${what}: English only with --lang en; no field names in Chinese`, async () => {
        const en = await hw([...db, '--lang', 'en', ...args()]);
        expect(en.code).toBe(2);
        expect(en.stderr).toContain(`Error [${code}]`);
        expect(en.stderr, en.stderr).not.toMatch(CJK);
        const zh = await hw([...db, '--lang', 'zh-CN', ...args()]);
        expect(zh.code).toBe(2);
        expect(zh.stderr).toContain(`错误 [${code}]`);
        expect(zh.stderr, zh.stderr).toMatch(CJK);
        expect(zh.stderr, zh.stderr).not.toMatch(FIELD_NAMES);
      });
    }

    it('names each of them in words a reader knows', async () => {
      expect((await hw([...db, '--lang', 'en', ...cases[0]![1]()])).stderr).toContain(
        'Organisation unit not found: NOPE',
      );
      expect((await hw([...db, '--lang', 'en', ...cases[2]![1]()])).stderr).toContain(
        'a reason is required to unapprove',
      );
      expect((await hw([...db, ...cases[2]![1]()])).stderr).toContain('撤销审核必须填写原因');
      expect((await hw([...db, ...cases[0]![1]()])).stderr).toContain('未找到机构：NOPE');
    });

    it('a missing file names the path; a database never initialised says to run init', async () => {
      const missing = join(dir, 'no-such-file.csv');
      const file = await hw([...db, '--lang', 'en', 'import', missing]);
      expect(file.stderr).toContain('[HW_FILE_NOT_FOUND]');
      expect(file.stderr).toContain(missing);
      expect(file.stderr).not.toMatch(/ENOENT|Internal error/);
      const fresh = await hw([
        '--db',
        `sqlite:${join(dir, 'never.db')}`,
        '--lang',
        'en',
        'approval',
        'status',
        ...ref,
      ]);
      expect(fresh.code).toBe(2);
      expect(fresh.stderr).toContain('[HW_DB_NOT_INITIALISED]');
      expect(fresh.stderr).toContain('healthwatch init');
      const zh = await hw(['--db', `sqlite:${join(dir, 'never.db')}`, 'approval', 'status', ...ref]);
      expect(zh.stderr).toContain('请先运行 healthwatch init');
    });

    describe('over HTTP', () => {
      let store: Store;
      let app: ReturnType<typeof createApp>;
      let headers: Record<string, string>;
      beforeAll(async () => {
        store = await openMigratedStore(tdb.url);
        await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
          username: 'hc',
          password: PW,
          role: 'clerk',
          capture: ['JJ-BS-HC'],
        });
        app = createApp(store, { today: () => '2024-04-10' });
        headers = await sessionHeaders(app, 'hc', PW);
      });
      afterAll(async () => {
        await store.close();
      });
      const requests: [string, string, RequestInit | undefined, number][] = [
        ['a unit that does not exist', '/api/dataApprovals?ds=MONTHLY&ou=NOPE&pe=202403', undefined, 404],
        [
          'an edit of a locked period',
          '/api/dataValues',
          {
            method: 'POST',
            body: JSON.stringify({ dataElement: 'BEDS', orgUnit: 'JJ-BS-HC', period: '202403', value: '61' }),
          },
          409,
        ],
        [
          'an unapproval without a reason',
          '/api/dataApprovals',
          {
            method: 'POST',
            body: JSON.stringify({
              dataSet: 'MONTHLY',
              orgUnit: 'JJ-BS-HC',
              period: '202403',
              action: 'unapprove',
            }),
          },
          400,
        ],
      ];
      it('a request the contract refuses names each field by its label; the path stays the machine name', async () => {
        const refused = async (
          lang: string,
        ): Promise<{ message: string; details: { path: string; message: string }[] }> => {
          const r = await app.request('/api/dataValues', {
            method: 'POST',
            body: JSON.stringify({ dataElement: 'BEDS', value: 61 }),
            headers: { ...headers, 'accept-language': lang },
          });
          expect(r.status).toBe(400);
          return (
            (await r.json()) as { error: { message: string; details: { path: string; message: string }[] } }
          ).error;
        };
        const zh = await refused('zh-CN');
        expect(zh.details.map((d) => d.path)).toEqual(expect.arrayContaining(['orgUnit', 'period', 'value']));
        expect(zh.details.map((d) => d.message)).toEqual(
          expect.arrayContaining(['缺少机构', '缺少期间', '数值应为文本']),
        );
        const zhText = [zh.message, ...zh.details.map((d) => d.message)].join('\n');
        expect(zhText, zhText).not.toMatch(FIELD_NAMES);
        expect(zhText, zhText).not.toMatch(/[A-Za-z]{4,}/);
        const en = await refused('en');
        expect(en.details.map((d) => d.message)).toEqual(
          expect.arrayContaining(['organisation unit is missing', 'period is missing', 'value must be text']),
        );
        expect(JSON.stringify(en)).not.toMatch(CJK);
      });
      for (const [what, path, init, status] of requests) {
        it(`${what}: English with Accept-Language: en, no field names in Chinese`, async () => {
          const en = await app.request(path, { ...init, headers: { ...headers, 'accept-language': 'en' } });
          expect(en.status).toBe(status);
          const enText = JSON.stringify(await en.json());
          expect(enText, enText).not.toMatch(CJK);
          const zh = await app.request(path, {
            ...init,
            headers: { ...headers, 'accept-language': 'zh-CN' },
          });
          const body = (await zh.json()) as {
            error: { message: string; details: { path: string; message: string }[] };
          };
          const shown = [
            body.error.message,
            ...body.error.details.map((d) => `${d.path}：${d.message}`),
          ].join('\n');
          expect(shown, shown).toMatch(CJK);
          expect(shown, shown).not.toMatch(FIELD_NAMES);
        });
      }
    });
  });
}
