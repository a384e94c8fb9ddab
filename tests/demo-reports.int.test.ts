import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PdfPrinter } from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { openMigratedStore } from '@healthwatch/store';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hw } from './helpers/run-cli.js';

const PASSWORD = 'Demo-pass-2024';
const TITLE = '江津区卫生健康发展“十四五”规划中期评估报告';

/** Share of non-white pixels of page 1, rendered by poppler to a greyscale PGM. */
function inkShare(pdf: string, dir: string): number {
  execFileSync('pdftoppm', ['-r', '40', '-gray', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
  const file = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.pgm'));
  expect(file, 'pdftoppm wrote no page').toBeTruthy();
  const pgm = readFileSync(join(dir, file ?? ''));
  // P5 header: magic, width, height, maxval, then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 50).toString('latin1'));
  expect(header).toBeTruthy();
  const [, w, h] = header ?? [];
  const pixels = pgm.subarray(pgm.length - Number(w) * Number(h));
  let ink = 0;
  for (const p of pixels) {
    if (p < 200) {
      ink++;
    }
  }
  return ink / pixels.length;
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: the demo district and the evaluation reports`, () => {
    let tdb: TestDatabase;
    let db: string[];
    const dir = mkdtempSync(join(tmpdir(), 'hw-reports-'));
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      db = ['--db', tdb.url];
      const r = await hw([...db, 'demo'], { HEALTHWATCH_DEMO_PASSWORD: PASSWORD });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(
        '30 个镇街，544 家医疗卫生机构（公立医院 6、镇街卫生院 27、社区卫生服务中心 3、村卫生室 231、社会办医院 18、诊所 223）',
      );
      expect(r.stderr).toContain('演示区县（合成数据）');
    });
    afterAll(async () => {
      await tdb.drop();
    });

    it('reproduces the figures the Jiangjin documents publish, computed from the raw data', async () => {
      const dx = [
        'BEDS_PER_1000',
        'DOCTORS_PER_1000',
        'NURSES_PER_1000',
        'GPS_PER_10000',
        'IMR',
        'MMR',
        'CHILDCARE_PER_1000',
        'LIFE_EXPECTANCY',
        'PREMATURE_NCD_MORTALITY',
      ];
      const r = await hw([
        ...db,
        'query',
        '--dx',
        dx.join(','),
        '--pe',
        '2020,2022,2023',
        '--ou',
        'JJ',
        '--format',
        'csv',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const cell = new Map(
        r.stdout
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => line.split(','))
          .map((f) => [`${f[1] ?? ''}@${f[2] ?? ''}`, Number(f.at(-1))]),
      );
      const v = (name: string, year: number): number | undefined => cell.get(`${name}@${year}`);
      // seed 004 §一(一)4 and 专栏2 (2020), seed 001 (2022), seed 000 (2023)
      expect(v('每千人口医疗卫生机构床位数', 2020)).toBe(5.52);
      expect(v('每千人口执业（助理）医师数', 2020)).toBe(2.41);
      expect(v('每千人口注册护士数', 2020)).toBe(2.61);
      expect(v('每万人口全科医生数', 2020)).toBe(2.82);
      expect(Math.round((v('婴儿死亡率', 2020) ?? 0) * 10) / 10).toBe(3.4);
      expect(v('孕产妇死亡率', 2020)).toBe(12.45);
      expect(v('人均预期寿命', 2020)).toBe(78.95);
      expect(v('重大慢性病过早死亡率', 2020)).toBe(13.29);
      expect(v('婴儿死亡率', 2022)).toBe(3.46);
      expect(v('孕产妇死亡率', 2022)).toBe(0);
      expect(v('每千人口拥有3岁以下婴幼儿托位数', 2022)).toBe(1.82);
      expect(v('每千人口拥有3岁以下婴幼儿托位数', 2023)).toBe(2.82);
      const places = await hw([
        ...db,
        'query',
        '--dx',
        'CHILDCARE_PLACES',
        '--pe',
        '2023',
        '--ou',
        'JJ',
        '--format',
        'csv',
      ]);
      expect(places.stdout.trim().split(',').at(-1)).toBe('3748');
    });

    it('evaluates the 14th FYP at mid-term on the demo data, with provenance and the synthetic label', async () => {
      const r = await hw([
        ...db,
        'plan',
        'evaluate',
        '--plan',
        'jiangjin-14th',
        '--year',
        '2023',
        '--kind',
        'midterm',
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const e = JSON.parse(r.stdout) as {
        syntheticData: boolean;
        indicators: {
          code: string;
          status: string;
          baseline: { value: number | null; source?: string };
          latest: { value: number; provenance: string; source: string } | null;
          pooled: { value: number } | null;
          series: { year: number; value: number | null }[];
        }[];
      };
      expect(e.syntheticData).toBe(true);
      const get = (code: string) => e.indicators.find((i) => i.code === code);
      expect(get('BEDS')).toMatchObject({ status: 'behind', latest: { value: 6.7, provenance: 'computed' } });
      expect(get('BEDS')?.latest?.source).toContain('synthetic');
      // No baseline in 专栏2: the 2020 figure from the data is used and said so.
      expect(get('CHILDCARE')).toMatchObject({ status: 'on_track', baseline: { value: 0.72 } });
      expect(get('CHILDCARE')?.baseline.source).toContain('计算');
      // One maternal death in 2023: too few events for a yearly rate; the pooled rate is offered.
      expect(get('MMR')?.status).toBe('unstable');
      expect(get('MMR')?.pooled?.value).toBeCloseTo((3 / (8032 + 7790 + 7514 + 7210)) * 1e5, 1);
      expect(get('IMR')?.status).toBe('maintained');
      expect(get('LE')?.series.map((s) => s.value)).toEqual([78.95, 79.1, 79.25, 79.4]);
      // Figures that agree at the published precision are not conflicts (3.46 reported and computed).
      expect(get('HEALTH_LITERACY')?.latest?.provenance).toBe('reported');
      // Every status, predicted by hand from the rule set of docs/plans.md; T(2023) = 3/5 = 0.6.
      const reportedOnly = ['FITNESS', 'EXERCISE', 'SMOKING', 'MYOPIA', 'AIR', 'WATER', 'OOP'];
      expect(Object.fromEntries(e.indicators.map((i) => [i.code, i.status]))).toEqual({
        // Reported by other departments, and only the 2020 baseline so far (issue 15's ten 无数据, with HALE).
        ...Object.fromEntries([...reportedOnly, 'EMPLOYEE_INS', 'RESIDENT_INS'].map((c) => [c, 'no_data'])),
        HALE: 'no_data',
        DOCTORS: 'behind', // (2.78 − 2.41)/(3.6 − 2.41) = 0.311; ÷ 0.6 = 0.52 < 0.9
        LE: 'on_track', // (79.4 − 78.95)/(79.7 − 78.95) = 0.6; ÷ 0.6 = 1.0
        MMR: 'unstable', // one maternal death in 2023
        IMR: 'maintained', // 3.4 ≤ 3.5 at baseline, 3.33 ≤ 3.5
        U5MR: 'faster', // (5.75 − 5.13)/(5.75 − 5.0) = 0.827; ÷ 0.6 = 1.38
        PREMATURE_NCD: 'maintained', // 13.29 ≤ 13.5 at baseline, 12.86 ≤ 13.5
        HEALTH_LITERACY: 'ahead', // 32.22 ≥ 30
        BEDS: 'behind', // (6.7 − 5.52)/(8 − 5.52) = 0.476; ÷ 0.6 = 0.79
        PHARMACISTS: 'faster', // (0.64 − 0.48)/(0.7 − 0.48) = 0.727; ÷ 0.6 = 1.21
        CHILDCARE: 'on_track', // (2.82 − 0.72)/(4.5 − 0.72) = 0.556; ÷ 0.6 = 0.93
        SENIOR_DEPT: 'maintained', // baseline = target = latest = 100 (was 提前实现)
        RESEARCH_FUNDS: 'behind', // (4230 − 1529.9)/(7000 − 1529.9) = 0.494; ÷ 0.6 = 0.82
        TCM_OPD: 'behind', // (44 − 29.95)/(60 − 29.95) = 0.468; ÷ 0.6 = 0.78
        TCM_IP: 'ahead', // 65 ≥ 65
      });
    });

    it('evaluates the 14th FYP finally on 2024 data, saying the target year has no data yet', async () => {
      const r = await hw([
        ...db,
        'plan',
        'evaluate',
        '--plan',
        'jiangjin-14th',
        '--year',
        '2024',
        '--kind',
        'final',
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const e = JSON.parse(r.stdout) as {
        indicators: { code: string; status: string; completion: number | null; explanation: string }[];
        summary: { atRisk: string[] };
      };
      const reportedOnly = ['FITNESS', 'EXERCISE', 'SMOKING', 'MYOPIA', 'AIR', 'WATER', 'OOP'];
      expect(Object.fromEntries(e.indicators.map((i) => [i.code, i.status]))).toEqual({
        // Only the 2020 baseline: no data, not 未完成 judged on the plan's starting point.
        ...Object.fromEntries([...reportedOnly, 'EMPLOYEE_INS', 'RESIDENT_INS'].map((c) => [c, 'no_data'])),
        HALE: 'no_data',
        DOCTORS: 'not_achieved', // 2.91 < 3.6
        LE: 'not_achieved', // 79.55 < 79.7
        MMR: 'unstable', // no maternal death in 2024: not 已完成 508 %
        IMR: 'maintained', // 3.19 ≤ 3.5, as at baseline
        U5MR: 'achieved', // 4.93 ≤ 5.0
        PREMATURE_NCD: 'maintained', // 12.7 ≤ 13.5, as at baseline
        HEALTH_LITERACY: 'achieved', // 2023 32.22 ≥ 30 (no 2024 figure)
        BEDS: 'not_achieved', // 7.11 < 8
        PHARMACISTS: 'not_achieved', // 0.68 < 0.7
        CHILDCARE: 'not_achieved', // 3.26 < 4.5
        SENIOR_DEPT: 'maintained', // 100 = 100 = 100, as at mid-term
        RESEARCH_FUNDS: 'not_achieved', // 5180 < 7000
        TCM_OPD: 'not_achieved', // 49 < 60
        TCM_IP: 'achieved', // 66 ≥ 65
      });
      expect(e.summary.atRisk).toEqual(['DOCTORS']);
      expect(e.indicators.find((i) => i.code === 'MMR')?.completion).toBeNull();
      for (const i of e.indicators.filter((x) => x.status !== 'no_data' && x.status !== 'no_target')) {
        expect(i.explanation, i.code).toContain('目标年（2025年）尚无数据');
      }
      expect(e.indicators.find((i) => i.code === 'HEALTH_LITERACY')?.explanation).toContain(
        '按2023年数据评估',
      );
    });

    it('evaluates the same plan area whether --ou names the top unit by its code or is left out', async () => {
      const evaluate = async (...ou: string[]): Promise<unknown> => {
        const args = ['plan', 'evaluate', '--plan', 'jiangjin-14th', '--year', '2023', '--kind', 'midterm'];
        const r = await hw([...db, ...args, ...ou, '--format', 'json']);
        expect(r.code, r.stderr).toBe(0);
        const e = JSON.parse(r.stdout) as { indicators: { code: string; status: string; value: unknown }[] };
        return e.indicators.map((i) => [i.code, i.status, i.value]);
      };
      // The code JJ is the top of the hierarchy: its reported figures count as at the default unit.
      expect(await evaluate('--ou', 'JJ')).toEqual(await evaluate());
      const unknown = await hw([
        ...db,
        'plan',
        'evaluate',
        '--plan',
        'jiangjin-14th',
        '--year',
        '2023',
        '--kind',
        'midterm',
        '--ou',
        'NOPE',
      ]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('[HW_NOT_FOUND]');
    });

    it('takes thresholds from the command line, prints them, and rejects a bad one by name', async () => {
      const args = [
        ...db,
        'plan',
        'evaluate',
        '--plan',
        'jiangjin-14th',
        '--year',
        '2023',
        '--kind',
        'midterm',
      ];
      // Beds: completion 47.6 % at 60 % of the time = 0.79 of schedule.
      const lenient = await hw([...args, '--on-track', '0.75', '--format', 'json']);
      expect(lenient.code, lenient.stderr).toBe(0);
      const e = JSON.parse(lenient.stdout) as {
        thresholds: { onTrack: number };
        indicators: { code: string; status: string }[];
      };
      expect(e.thresholds.onTrack).toBe(0.75);
      expect(e.indicators.find((i) => i.code === 'BEDS')?.status).toBe('on_track');
      expect((await hw([...args, '--on-track', '0.75'])).stdout).toContain('≥ 0.75 为“基本符合预期”');
      const bad = await hw([...args, '--faster', 'fast']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('阈值 faster 的值“fast”');
    });

    it('writes a PDF a planning officer can submit: A4, Chinese title, not blank', async () => {
      const pdf = join(dir, 'midterm.pdf');
      const r = await hw([
        ...db,
        'plan',
        'evaluate',
        '--plan',
        'jiangjin-14th',
        '--year',
        '2023',
        '--kind',
        'midterm',
        '--out',
        pdf,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const bytes = readFileSync(pdf);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const info = execFileSync('pdfinfo', [pdf]).toString();
      expect(info).toMatch(/Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);
      expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(4);
      const text = execFileSync('pdftotext', ['-l', '1', pdf, '-']).toString().replace(/\s+/g, '');
      expect(text).toContain(TITLE);
      expect(text).toContain('合成的演示区县数据');
      const ink = inkShare(pdf, dir);
      expect(ink).toBeGreaterThan(0.02);
      expect(ink).toBeLessThan(0.6);
    });

    it('writes a DOCX with the indicator and project tables, and HTML with SVG charts and no scripts', async () => {
      const docx = join(dir, 'midterm.docx');
      const r = await hw([
        ...db,
        'plan',
        'evaluate',
        '--plan',
        'jiangjin-14th',
        '--year',
        '2023',
        '--kind',
        'midterm',
        '--out',
        docx,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const zip = await JSZip.loadAsync(readFileSync(docx));
      const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
      const tables = xml
        .split('<w:tbl>')
        .slice(1)
        .map((t) => t.split('</w:tbl>')[0] ?? '');
      expect(tables).toHaveLength(3);
      const cells = (t: string): string[] =>
        [...t.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) =>
          [...(m[1] ?? '').matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((x) => x[1]).join(''),
        );
      const indicators = cells(tables[1] ?? '');
      expect(indicators.slice(0, 8)).toEqual([
        '指标',
        '性质',
        '基线',
        '目标',
        '最新值（年份）',
        '完成进度',
        '状态',
        '说明',
      ]);
      expect(indicators.length).toBe(8 * 25);
      expect(indicators).toContain('每千人口医疗卫生机构床位数（张）');
      expect(indicators).toContain('小数波动');
      const projects = cells(tables[2] ?? '');
      expect(projects.length).toBe(6 * 21);
      expect(projects).toContain('区中医院住院综合大楼');
      expect(projects).toContain('在建');
      expect(xml).toContain(TITLE);
      // The trend charts are in, as SVG with a PNG fallback.
      expect(
        Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && f.endsWith('.png')).length,
      ).toBeGreaterThanOrEqual(20);

      const html = await hw([
        ...db,
        'plan',
        'evaluate',
        '--plan',
        'jiangjin-14th',
        '--year',
        '2023',
        '--kind',
        'midterm',
        '--format',
        'html',
      ]);
      expect(html.stdout).toContain(`<h1>${TITLE}</h1>`);
      expect(html.stdout.match(/<svg /g)?.length).toBeGreaterThanOrEqual(25);
      expect(html.stdout).not.toMatch(/<script|<link |src="http/);
      const en = await hw([
        ...db,
        '--lang',
        'en',
        'plan',
        'evaluate',
        '--plan',
        'jiangjin-14th',
        '--year',
        '2023',
        '--kind',
        'midterm',
        '--format',
        'md',
      ]);
      expect(en.stdout).toContain('mid-term evaluation');
      expect(en.stdout).toContain('| Indicator | Nature |');
    });

    it('serves the reports over HTTP as downloads, to those who may read analytics', async () => {
      const store: Store = await openMigratedStore(tdb.url);
      const printer = new PdfPrinter();
      try {
        const app = createApp(store, { printer });
        const login = await app.request('/api/auth/login', {
          method: 'POST',
          body: JSON.stringify({ username: 'viewer', password: PASSWORD }),
          headers: { 'content-type': 'application/json' },
        });
        expect(login.status).toBe(200);
        const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
        const url = '/api/plans/jiangjin-14th/evaluation?year=2023&kind=midterm&format=';
        const docx = await app.request(`${url}docx`, { headers: { cookie } });
        expect(docx.status).toBe(200);
        expect(docx.headers.get('content-type')).toContain('wordprocessingml');
        expect(docx.headers.get('content-disposition')).toContain(
          'attachment; filename="jiangjin-14th-midterm-2023.docx"',
        );
        const pdf = await app.request(`${url}pdf`, { headers: { cookie } });
        expect(pdf.status).toBe(200);
        expect(
          Buffer.from(await pdf.arrayBuffer())
            .subarray(0, 5)
            .toString(),
        ).toBe('%PDF-');
        expect(
          (await app.request(`${url}html`, { headers: { cookie } })).headers.get('content-type'),
        ).toContain('text/html');
        expect((await app.request(`${url}odt`, { headers: { cookie } })).status).toBe(400);
        expect((await app.request(`${url}pdf`)).status).toBe(401);
        // Without a browser PDF is refused clearly; DOCX still comes, without charts.
        const bare = createApp(store, { printer: new PdfPrinter('/nonexistent/chromium') });
        const c2 =
          (
            await bare.request('/api/auth/login', {
              method: 'POST',
              body: JSON.stringify({ username: 'viewer', password: PASSWORD }),
              headers: { 'content-type': 'application/json' },
            })
          ).headers
            .get('set-cookie')
            ?.split(';')[0] ?? '';
        const refused = await bare.request(`${url}pdf`, { headers: { cookie: c2 } });
        expect(refused.status).toBe(503);
        expect(await refused.json()).toMatchObject({ error: { code: 'HW_RENDERER_UNAVAILABLE' } });
        expect((await bare.request(`${url}docx`, { headers: { cookie: c2 } })).status).toBe(200);
      } finally {
        await printer.close();
        await store.close();
      }
    });
  });
}
