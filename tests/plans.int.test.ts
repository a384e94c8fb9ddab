import { join } from 'node:path';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hw } from './helpers/run-cli.js';

const plans = new URL('../packs/plans/', import.meta.url).pathname;

interface Evaluation {
  indicators: {
    code: string;
    status: string;
    latest: { value: number | null; source: string } | null;
    conflicts: { value: number; source: string }[];
  }[];
  summary: { byStatus: Record<string, number>; atRisk: string[] };
  projects: unknown[];
  thresholds: Record<string, number>;
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: the Jiangjin plans`, () => {
    let tdb: TestDatabase;
    let db: string[];
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      db = ['--db', tdb.url];
      expect((await hw([...db, 'init'])).code).toBe(0);
      for (const f of ['jiangjin-13th.json', 'jiangjin-14th.json']) {
        const r = await hw([...db, 'plan', 'import', join(plans, f)]);
        expect(r.code, r.stderr).toBe(0);
      }
    });
    afterAll(async () => {
      await tdb.drop();
    });

    it('lists both plans', async () => {
      const r = JSON.parse((await hw([...db, 'plan', 'list', '--format', 'json'])).stdout) as {
        code: string;
        indicators: number;
        projects: number;
      }[];
      expect(r.map((p) => [p.code, p.indicators, p.projects])).toEqual([
        ['jiangjin-13th', 26, 0],
        ['jiangjin-14th', 24, 20],
      ]);
    });

    it('the 13th FYP final evaluation finds exactly the five targets a careful reader of 专栏1 sees missed', async () => {
      const r = await hw([
        ...db,
        'plan',
        'evaluate',
        '--plan',
        'jiangjin-13th',
        '--year',
        '2020',
        '--kind',
        'final',
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const e = JSON.parse(r.stdout) as Evaluation;
      const by = (s: string): string[] =>
        e.indicators
          .filter((i) => i.status === s)
          .map((i) => i.code)
          .sort();
      // Beds 5.52 < 5.81, nurses 2.61 < 2.74, tertiary stay 9.58 > 8, antibiotics 8.4 > 8, TFR 1.3 far from 1.8.
      expect(by('not_achieved')).toEqual(['ALOS_TERTIARY', 'ANTIBIOTIC', 'BEDS', 'NURSES', 'TFR']);
      expect(by('no_target')).toEqual(['LE']);
      expect(by('achieved')).toHaveLength(20);
    });

    it('the 14th FYP mid-term evaluation keeps the conflicting 2020 out-of-pocket share and flags it', async () => {
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
      const e = JSON.parse(r.stdout) as Evaluation;
      expect(e.projects).toHaveLength(20);
      expect(e.thresholds).toMatchObject({ faster: 1.1, onTrack: 0.9 });
      const get = (code: string) => e.indicators.find((i) => i.code === code);
      expect(get('HEALTH_LITERACY')).toMatchObject({ status: 'ahead', latest: { value: 32.22 } });
      expect(get('IMR')?.status).toBe('maintained');
      expect(get('MMR')?.status).toBe('unstable');
      const md = await hw([
        ...db,
        'plan',
        'evaluate',
        '--plan',
        'jiangjin-14th',
        '--year',
        '2023',
        '--kind',
        'midterm',
      ]);
      expect(md.stdout).toContain('# 江津区卫生健康发展“十四五”规划中期评估报告（数据年份 2023）');
      expect(md.stdout).toContain('2020年数据来源不一致，采用 28.7');
      expect(md.stdout).toContain('另有 27.8');
      expect(md.stdout).toContain('判定阈值');
    });

    it('exports to the XLSX template and YAML, and both import back to the same plan and evaluation', async () => {
      const { mkdtempSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const dir = mkdtempSync(join(tmpdir(), 'hw-plan-'));
      const before = await hw([
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
      for (const ext of ['xlsx', 'yaml', 'json']) {
        const file = join(dir, `plan.${ext}`);
        const out = await hw([...db, 'plan', 'export', '--plan', 'jiangjin-14th', '--out', file]);
        expect(out.code, out.stderr).toBe(0);
        const back = await hw([...db, 'plan', 'import', file]);
        expect(back.code, back.stderr).toBe(0);
        expect(back.stderr).toContain('指标 24 项，项目 20 个，数值 28 条');
        const after = await hw([
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
        expect(JSON.parse(after.stdout), ext).toEqual(JSON.parse(before.stdout));
      }
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'plan.xlsx'));
      expect(wb.worksheets.map((w) => w.name)).toEqual(['规划', '篇章', '指标', '项目', '数值']);
      expect(wb.getWorksheet('指标')?.getRow(1).getCell(7).value).toBe('目标');
      expect(wb.getWorksheet('指标')?.getRow(13).getCell(6).value).toBe('约束性');
    });

    it('rejects a plan file with an unreadable target and unknown references, writing nothing', async () => {
      const bad = join(
        tdb.url.startsWith('sqlite:') ? tdb.url.slice(7).replace(/test\.db$/, '') : '/tmp/',
        'bad-plan.json',
      );
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        bad,
        JSON.stringify({
          code: 'bad-plan',
          name: 'x',
          baselineYear: 2020,
          targetYear: 2025,
          sections: [{ code: 's', name: 's' }],
          indicators: [
            {
              code: 'A',
              section: 'nope',
              name: 'a',
              polarity: 'higher',
              nature: 'expected',
              target: '大幅提高',
            },
          ],
          values: [{ indicator: 'B', year: 2021, value: 1, source: 'x' }],
        }),
      );
      const r = await hw([...db, 'plan', 'import', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('无法理解的目标表述“大幅提高”');
      expect(r.stderr).toContain('未知的篇章 nope');
      expect(r.stderr).toContain('未知的规划指标 B');
      expect((await hw([...db, 'plan', 'list'])).stdout).not.toContain('bad-plan');
    });
  });
}
