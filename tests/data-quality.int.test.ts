import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompletenessResponse, OutliersResponse, ValidationRunResponse } from '@healthwatch/contract';
import { PLANTED_LATE, PLANTED_MISSING, PLANTED_OUTLIERS, PLANTED_PROBLEMS } from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { listViolations, openMigratedStore } from '@healthwatch/store';
import { createTestDatabase, tableRows, testDialects } from '@healthwatch/store/testing';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from './helpers/http-session.js';
import { hw } from './helpers/run-cli.js';

interface Violation {
  rule: string;
  orgUnit: string;
  period: string;
  left: number | null;
  right: number | null;
  message: string;
  instruction: string;
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: validation rules on the demo district`, () => {
    let tdb: TestDatabase;
    let db: string[];
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      db = ['--db', tdb.url];
      const r = await hw([...db, 'demo'], { HEALTHWATCH_DEMO_PASSWORD: 'Demo-pass-2024' });
      expect(r.code, r.stderr).toBe(0);
    });
    afterAll(async () => {
      await tdb.drop();
    });

    it('a batch validation lists exactly the problems planted in the demo data, with the instruction', async () => {
      const r = await hw([
        ...db,
        'validate',
        '--ou',
        'JJ',
        '--descendants',
        '--pe',
        '2020,2021,2022,2023,2024,202403,202407,202411',
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const found = JSON.parse(r.stdout) as Violation[];
      // Each planted problem is found where it was planted (a town's figures include its institutions, so
      // problems in a town's institution show at the town too).
      for (const p of PLANTED_PROBLEMS) {
        expect(
          found.some((v) => v.rule === p.rule && v.orgUnit === p.orgUnit && v.period === p.period),
          `${p.rule} at ${p.orgUnit} ${p.period}`,
        ).toBe(true);
      }
      const planted = new Set(PLANTED_PROBLEMS.map((p) => `${p.rule}|${p.period}`));
      expect(found.filter((v) => !planted.has(`${v.rule}|${v.period}`))).toEqual([]);
      const beds = found.find((v) => v.rule === 'OCCUPIED_LE_OPEN');
      expect(beds?.message).toMatch(/^实际占用总床日数 \d+ ≤ 实际开放总床日数 \d+$/);
      expect((beds?.left ?? 0) - (beds?.right ?? 0)).toBe(612);
      expect(found.find((v) => v.rule === 'DISCHARGES_BED_DAYS_PAIR')?.message).toContain(
        '出院者占用总床日数 未填报',
      );
      expect(r.stderr).toMatch(/校验完成：\d+ 项规则检查，\d+ 处违反/);
      // Stored, and a re-run after a correction clears the fixed one.
      const store = await openMigratedStore(tdb.url);
      try {
        expect((await listViolations(store.db)).length).toBe(found.length);
      } finally {
        await store.close();
      }
      const fix = await hw([
        ...db,
        'value',
        'set',
        '--de',
        'OPD_VISITS_ANTIBIOTIC',
        '--ou',
        'JJ-BS-VC1',
        '--pe',
        '202407',
        '--value',
        '56',
        '--comment',
        '更正：多录了一位',
      ]);
      expect(fix.code, fix.stderr).toBe(0);
      const again = JSON.parse(
        (await hw([...db, 'validate', '--ou', 'JJ', '--descendants', '--pe', '202407', '--format', 'json']))
          .stdout,
      ) as Violation[];
      expect(again.filter((v) => v.rule === 'ANTIBIOTIC_LE_OPD')).toEqual([]);
      const store2 = await openMigratedStore(tdb.url);
      try {
        const left = await listViolations(store2.db, { periods: ['202407'] });
        expect(left).toEqual([]);
        expect((await listViolations(store2.db)).length).toBe(
          found.length - found.filter((v) => v.rule === 'ANTIBIOTIC_LE_OPD').length,
        );
      } finally {
        await store2.close();
      }
      // The stored results are listed and exported without evaluating again.
      const listed = await hw([...db, 'validation-results', '--ou', 'JJ', '--format', 'json']);
      expect(listed.code, listed.stderr).toBe(0);
      const stored = JSON.parse(listed.stdout) as Violation[];
      const key = (v: Violation): string => `${v.rule}|${v.orgUnit}|${v.period}|${v.message}`;
      expect(stored.map(key).sort()).toEqual(
        found
          .filter((v) => v.rule !== 'ANTIBIOTIC_LE_OPD')
          .map(key)
          .sort(),
      );
      const csv = await hw([
        ...db,
        'validation-results',
        '--ou',
        'JJ-H3',
        '--pe',
        '202403',
        '--format',
        'csv',
      ]);
      expect(csv.stdout.split('\n')[0]).toBe('rule,importance,orgUnit,orgUnitName,period,left,right,message');
      expect(csv.stdout).toContain('OCCUPIED_LE_OPEN,HIGH,JJ-H3');
    });

    it('rejects a rules file with a bad expression or unknown data element, naming the rule, and saves nothing', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hw-rules-'));
      const file = join(dir, 'rules.json');
      const base = {
        name: 'x',
        instruction: 'y',
        importance: 'HIGH',
        operator: 'less_than_or_equal_to',
        periodType: 'Yearly',
      };
      writeFileSync(
        file,
        JSON.stringify({
          rules: [
            {
              ...base,
              code: 'BAD1',
              left: { expression: '#{INFANT_DEATHS' },
              right: { expression: '#{LIVE_BIRTHS}' },
            },
            {
              ...base,
              code: 'BAD2',
              left: { expression: '#{NO_SUCH_ELEMENT}' },
              right: { expression: '#{LIVE_BIRTHS.火星}' },
            },
          ],
        }),
      );
      const before = (await hw([...db, 'validation', 'list'])).stdout;
      const r = await hw([...db, 'validation', 'import', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('rules[0].left.expression');
      expect(r.stderr).toContain('未知的数据元 NO_SUCH_ELEMENT');
      expect(r.stderr).toContain('未知的分类选项组合 LIVE_BIRTHS.火星');
      expect((await hw([...db, 'validation', 'list'])).stdout).toBe(before);
      expect(before.split('\n').filter(Boolean)).toHaveLength(14);
    });

    it('an outlier scan ranks the planted outliers first, and --follow-up marks them for checking', async () => {
      interface Finding {
        dataElement: string;
        orgUnit: string;
        period: string;
        value: number;
        score: number;
        upper: number;
      }
      const scan = async (method: string, extra: string[] = []): Promise<Finding[]> => {
        const r = await hw([
          ...db,
          'outliers',
          '--de',
          'OPD_VISITS,DISCHARGES',
          '--ou',
          'JJ',
          '--descendants',
          '--from',
          '202301',
          '--to',
          '202412',
          '--method',
          method,
          '--format',
          'json',
          ...extra,
        ]);
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as Finding[];
      };
      const planted = PLANTED_OUTLIERS.map((p) => `${p.dataElement}|${p.orgUnit}|${p.period}`).sort();
      const top = (f: Finding[], n: number): string[] =>
        f
          .slice(0, n)
          .map((x) => `${x.dataElement}|${x.orgUnit}|${x.period}`)
          .sort();
      for (const method of ['modified-z', 'z-score', 'min-max']) {
        expect(top(await scan(method), 2), method).toEqual(planted);
      }
      const seasonal = await scan('seasonal');
      expect(top(seasonal, 1)).toEqual(['OPD_VISITS|JJ-LS-HC|202406']);
      // Marking: only what is above the threshold, value unchanged, audited.
      const marked = await scan('modified-z', ['--threshold', '6', '--follow-up']);
      expect(marked).toHaveLength(2);
      const store = await openMigratedStore(tdb.url);
      try {
        const flagged = await tableRows(store, 'data_value', { follow_up: 1 });
        expect(flagged.map((f) => Number(f.value)).sort((a, b) => a - b)).toEqual(
          marked.map((m) => m.value).sort((a, b) => a - b),
        );
      } finally {
        await store.close();
      }
      const audit = await hw([...db, 'audit', '--ou', 'JJ-LS-HC', '--limit', '5', '--format', 'json']);
      expect(audit.stdout).toContain('"newFollowUp": true');
    });

    it('completeness and timeliness show exactly the reports planted as missing and as late, by 镇街 and institution', async () => {
      interface Result {
        expected: number;
        actual: number;
        onTime: number;
        byArea: { name: string; expected: number; actual: number; onTime: number }[];
        missing: { orgUnit: string; area: string; periods: string[] }[];
        late: { orgUnit: string; period: string; due: string; completedAt: number | null }[];
      }
      const got: { orgUnit: string; period: string }[] = [];
      const late: { dataSet: string; orgUnit: string; period: string; daysAfterEnd: number }[] = [];
      for (const ds of ['JJ_SERVICES_M', 'JJ_PRIMARY_OPD_M']) {
        const r = await hw([
          ...db,
          'completeness',
          '--ds',
          ds,
          '--ou',
          'JJ',
          '--pe',
          '2024',
          '--format',
          'json',
        ]);
        expect(r.code, r.stderr).toBe(0);
        const c = JSON.parse(r.stdout) as Result;
        expect(c.expected - c.actual).toBe(c.missing.reduce((a, m) => a + m.periods.length, 0));
        expect(c.byArea.reduce((a, x) => a + x.expected, 0)).toBe(c.expected);
        // Every report made is on time but the planted late ones.
        expect(c.actual - c.onTime).toBe(c.late.length);
        expect(c.byArea.reduce((a, x) => a + x.onTime, 0)).toBe(c.onTime);
        got.push(...c.missing.flatMap((m) => m.periods.map((period) => ({ orgUnit: m.orgUnit, period }))));
        for (const l of c.late) {
          const end = Date.parse(`${l.period.slice(0, 4)}-${l.period.slice(4)}-01T00:00:00Z`);
          const nextMonth = new Date(end);
          nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1);
          late.push({
            dataSet: ds,
            orgUnit: l.orgUnit,
            period: l.period,
            daysAfterEnd: Math.floor(((l.completedAt ?? 0) - nextMonth.getTime()) / 86_400_000) + 1,
          });
          expect(l.due).toBe(new Date(nextMonth.getTime() + 9 * 86_400_000).toISOString().slice(0, 10));
        }
      }
      expect(got.sort((a, b) => a.period.localeCompare(b.period))).toEqual(
        PLANTED_MISSING.map((m) => ({ orgUnit: m.orgUnit, period: m.period })).sort((a, b) =>
          a.period.localeCompare(b.period),
        ),
      );
      expect(
        late.sort((a, b) => a.period.localeCompare(b.period)),
        JSON.stringify(late),
      ).toEqual(
        PLANTED_LATE.map(({ dataSet, orgUnit, period, daysAfterEnd }) => ({
          dataSet,
          orgUnit,
          period,
          daysAfterEnd,
        })).sort((a, b) => a.period.localeCompare(b.period)),
      );
      const services = JSON.parse(
        (
          await hw([
            ...db,
            'completeness',
            '--ds',
            'JJ_SERVICES_M',
            '--ou',
            'JJ',
            '--pe',
            '2024',
            '--format',
            'json',
          ])
        ).stdout,
      ) as Result;
      expect(services).toMatchObject({ expected: 54 * 12, actual: 54 * 12 - 2 });
      expect(services.byArea[0]).toMatchObject({ name: '石门镇', expected: 24, actual: 22 });
      expect(
        (await hw([...db, 'completeness', '--ds', 'JJ_SERVICES_M', '--ou', 'JJ', '--pe', '20240105'])).code,
      ).toBe(2);
    });

    it('answers the same over HTTP, in the caller’s scope', async () => {
      const store = await openMigratedStore(tdb.url);
      try {
        const app = createApp(store);
        const login = (username: string): Promise<Record<string, string>> =>
          sessionHeaders(app, username, 'Demo-pass-2024');
        const stats = await login('stats');
        const c = CompletenessResponse.parse(
          await (
            await app.request('/api/completeness?ds=JJ_SERVICES_M&ou=JJ&pe=2024', { headers: stats })
          ).json(),
        );
        expect(c.missing).toEqual([
          { orgUnit: 'JJ-SM-HC', name: '石门中心卫生院', area: '石门镇', periods: ['202408', '202409'] },
        ]);
        const v = ValidationRunResponse.parse(
          await (
            await app.request('/api/validation/run', {
              method: 'POST',
              headers: stats,
              body: JSON.stringify({ orgUnit: 'JJ-H3', periods: ['202403'] }),
            })
          ).json(),
        );
        expect(v.violations.map((x) => x.rule)).toEqual(['OCCUPIED_LE_OPEN']);
        const results = (await (
          await app.request('/api/validation/results?ou=JJ-H3&pe=202403', { headers: stats })
        ).json()) as { violations: { rule: string; message: string }[] };
        expect(results.violations.map((x) => x.rule)).toEqual(['OCCUPIED_LE_OPEN']);
        const exported = await app.request('/api/validation/results?ou=JJ-H3&pe=202403&format=csv', {
          headers: stats,
        });
        expect((await exported.text()).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
          '规则,重要性,机构编码,机构,期间,左侧,右侧,说明',
        );
        const inEnglish = await app.request(
          '/api/validation/results?ou=JJ-H3&pe=202403&format=csv&locale=en',
          {
            headers: stats,
          },
        );
        expect((await inEnglish.text()).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
          'rule,importance,org unit code,org unit,period,left side,right side,message',
        );
        const o = OutliersResponse.parse(
          await (
            await app.request('/api/outliers?de=OPD_VISITS&ou=JJ-LS-HC&from=202401&to=202412', {
              headers: stats,
            })
          ).json(),
        );
        expect(o.findings[0]).toMatchObject({ orgUnit: 'JJ-LS-HC', period: '202406' });
        // Rules on save, as of January 2025 (2024's yearly forms are still open): an impossible value is
        // refused by a blocking rule and nothing is written; a doubtful one is saved with a warning.
        const dated = createApp(store, { today: () => '2025-01-15' });
        const h = await sessionHeaders(dated, 'stats', 'Demo-pass-2024');
        const stored = async (de: string): Promise<number> => {
          const r = (await (
            await dated.request(`/api/dataValues?de=${de}&ou=JJ-BS&pe=2024`, { headers: h })
          ).json()) as { dataValues: { value: string }[] };
          return r.dataValues.reduce((a, v) => a + Number(v.value), 0);
        };
        const births = await stored('LIVE_BIRTHS');
        const infants = await stored('INFANT_DEATHS');
        const impossible = await dated.request('/api/dataValues', {
          method: 'POST',
          headers: h,
          body: JSON.stringify({
            dataElement: 'INFANT_DEATHS',
            orgUnit: 'JJ-BS',
            period: '2024',
            value: String(births + 1),
          }),
        });
        expect(impossible.status).toBe(400);
        const refusal = (await impossible.json()) as { error: { code: string; message: string } };
        expect(refusal.error.code).toBe('HW_VALUE_INVALID');
        expect(refusal.error.message).toContain(
          `婴儿死亡数 ≤ 活产数：婴儿死亡数 ${births + 1} ≤ 活产数 ${births}`,
        );
        expect(await stored('INFANT_DEATHS')).toBe(infants);
        const doubtful = await dated.request('/api/dataValues', {
          method: 'POST',
          headers: h,
          body: JSON.stringify({
            dataElement: 'U5_DEATHS',
            orgUnit: 'JJ-BS',
            period: '2024',
            value: String(Math.max(0, infants - 1)),
          }),
        });
        expect(doubtful.status).toBe(200);
        const saved = (await doubtful.json()) as {
          updated: number;
          validation: { rule: string; blocking: boolean; message: string }[];
        };
        expect(saved.updated).toBe(1);
        expect(saved.validation).toEqual([
          expect.objectContaining({ rule: 'U5_GE_INFANT', blocking: false }),
        ]);
        // Follow-up: the statistician flags the planted outlier with a comment, it is listed, then cleared.
        const flag = (followUp: boolean, comment: string): Promise<Response> =>
          Promise.resolve(
            dated.request('/api/followups', {
              method: 'POST',
              headers: h,
              body: JSON.stringify({
                dataElement: 'OPD_VISITS',
                orgUnit: 'JJ-LS-HC',
                period: '202406',
                followUp,
                comment,
              }),
            }),
          );
        const before = (
          (await (
            await dated.request('/api/dataValues?de=OPD_VISITS&ou=JJ-LS-HC&pe=202406', { headers: h })
          ).json()) as { dataValues: { value: string }[] }
        ).dataValues[0]?.value;
        // Flagging rewrites the value's comment: June 2024 is past its expiry days on 2025-01-15,
        // so it is locked like a correction until an administrator opens it (issue 13).
        const locked = await flag(true, '门诊人次约为平时 8 倍，请核实');
        expect(locked.status).toBe(409);
        expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('HW_LOCKED');
        const admin = await sessionHeaders(dated, 'admin', 'Demo-pass-2024');
        const opened = await dated.request('/api/lockExceptions', {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({
            dataSet: 'JJ_SERVICES_M',
            orgUnit: 'JJ-LS-HC',
            period: '202406',
            reason: '核实异常值',
          }),
        });
        expect(opened.status).toBe(201);
        const flagged = await flag(true, '门诊人次约为平时 8 倍，请核实');
        expect(flagged.status).toBe(200);
        expect(await flagged.json()).toMatchObject({
          followUp: true,
          comment: '门诊人次约为平时 8 倍，请核实',
          value: before,
        });
        const listed = (await (await dated.request('/api/followups?ou=JJ-LS', { headers: h })).json()) as {
          dataValues: { orgUnitCode: string | null; period: string }[];
        };
        expect(listed.dataValues.map((v) => [v.orgUnitCode, v.period])).toEqual([['JJ-LS-HC', '202406']]);
        expect((await flag(false, '已核实：多录一位，已通知更正')).status).toBe(200);
        expect(
          (
            (await (await dated.request('/api/followups?ou=JJ-LS', { headers: h })).json()) as {
              dataValues: unknown[];
            }
          ).dataValues,
        ).toEqual([]);
        const trail = (await (
          await dated.request('/api/audit?ou=JJ-LS-HC&de=OPD_VISITS&pe=202406', { headers: h })
        ).json()) as { audit: { newFollowUp: boolean | null; newComment: string | null }[] };
        expect(trail.audit.slice(0, 2).map((a) => [a.newFollowUp, a.newComment])).toEqual([
          [false, '已核实：多录一位，已通知更正'],
          [true, '门诊人次约为平时 8 倍，请核实'],
        ]);
        expect(
          (
            await dated.request('/api/followups', {
              method: 'POST',
              headers: await login('viewer'),
              body: JSON.stringify({
                dataElement: 'OPD_VISITS',
                orgUnit: 'JJ-LS-HC',
                period: '202406',
                followUp: true,
              }),
            })
          ).status,
        ).toBe(403);
        // Reporting rates in expressions: R{dataSet.METRIC} (percent, capped at 100), from completeness and timeliness.
        for (const [code, metric] of [
          ['RR_SERVICES', 'REPORTING_RATE'],
          ['RR_SERVICES_ON_TIME', 'REPORTING_RATE_ON_TIME'],
          ['RR_SERVICES_EXPECTED', 'EXPECTED_REPORTS'],
        ] as const) {
          const put = await app.request(`/api/metadata/indicators/${code}`, {
            method: 'PUT',
            headers: stats,
            body: JSON.stringify({
              code,
              name: `医疗服务月报 ${metric}`,
              numerator: `R{JJ_SERVICES_M.${metric}}`,
              denominator: '1',
              indicatorType: 'RATIO',
              decimals: 2,
            }),
          });
          expect(put.status, await put.clone().text()).toBe(200);
        }
        const rates = (await (
          await app.request(
            '/api/analytics?dimension=dx:RR_SERVICES;RR_SERVICES_ON_TIME;RR_SERVICES_EXPECTED&dimension=pe:2024&dimension=ou:JJ;JJ-SM;JJ-LH',
            { headers: stats },
          )
        ).json()) as { rows: string[][]; metaData: { items: Record<string, { name: string }> } };
        const rateOf = (dx: string, ou: string): number => {
          const dxId = Object.entries(rates.metaData.items).find(([, v]) => v.name.endsWith(dx))?.[0];
          return Number(rates.rows.find((r) => r[0] === dxId && r[2] === ou)?.[3]);
        };
        const uid = async (code: string): Promise<string> =>
          (
            (await (await app.request(`/api/metadata/orgUnits/${code}`, { headers: stats })).json()) as {
              id: string;
            }
          ).id;
        const [jj, sm, lh] = [await uid('JJ'), await uid('JJ-SM'), await uid('JJ-LH')];
        expect(rateOf(' EXPECTED_REPORTS', jj)).toBe(648);
        expect(rateOf(' REPORTING_RATE', jj)).toBeCloseTo((646 / 648) * 100, 2);
        expect(rateOf(' REPORTING_RATE', sm)).toBeCloseTo((22 / 24) * 100, 2);
        expect(rateOf(' REPORTING_RATE_ON_TIME', jj)).toBeCloseTo((644 / 648) * 100, 2);
        expect(rateOf(' REPORTING_RATE', lh)).toBe(100);
        expect(rateOf(' REPORTING_RATE_ON_TIME', lh)).toBeLessThan(100);
        // The clerk of 白沙中心卫生院 cannot look at the district.
        expect(
          (
            await app.request('/api/completeness?ds=JJ_SERVICES_M&ou=JJ&pe=2024', {
              headers: await login('clerk'),
            })
          ).status,
        ).toBe(403);
      } finally {
        await store.close();
      }
    });
  });
}
