import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hw } from './helpers/run-cli.js';

const fixtures = new URL('./fixtures/surveillance/', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'hw-surv-'));

/** A fixture series as the CSV an epidemiologist would have: one row per ISO week (Mondays). */
function weeklyCsv(name: string, header = 'date,count'): { path: string; dates: string[] } {
  const counts = readFileSync(new URL(`series-${name}.csv`, fixtures), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[1] ?? '');
  const start = Date.UTC(2004, 0, 5);
  const dates = counts.map((_, i) => new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10));
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `${header}\n${counts.map((c, i) => `${dates[i] ?? ''},${c}`).join('\n')}\n`);
  return { path, dates };
}

function expected(
  method: string,
  params: string,
): { t: number; upperbound: number | null; alarm: boolean }[] {
  return readFileSync(new URL('expected.csv', fixtures), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(',').map((x) => x.replace(/^"|"$/g, '')))
    .filter((f) => f[1] === method && f[2] === params)
    .map((f) => ({ t: Number(f[3]), upperbound: f[5] === 'NA' ? null : Number(f[5]), alarm: f[6] === '1' }));
}

describe('healthwatch surveillance detect', () => {
  it('reproduces the R fixtures from the command line (Noufaily settings, JSON)', async () => {
    const { path, dates } = weeklyCsv('salmNewport');
    const want = expected(
      'farrington-flexible',
      'alpha=0.05;b=4;w=3;noPeriods=10;weightsThreshold=2.58;pastWeeksNotIncluded=26;pThresholdTrend=1;thresholdMethod=nbPlugin',
    );
    const r = await hw([
      'surveillance',
      'detect',
      '--input',
      path,
      '--method',
      'farrington-flexible',
      '--b',
      '4',
      '--seasonal-levels',
      '10',
      '--past-weeks-not-included',
      '26',
      '--p-threshold-trend',
      '1',
      '--threshold-method',
      'nbPlugin',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { date: string; upperbound: number | null; alarm: boolean }[];
    const byDate = new Map(rows.map((x) => [x.date, x]));
    for (const w of want) {
      const got = byDate.get(dates[w.t - 1] ?? '');
      expect(got?.alarm, `week ${w.t}`).toBe(w.alarm);
      if (w.upperbound !== null) {
        expect(
          Math.abs((got?.upperbound ?? NaN) - w.upperbound) / Math.max(1e-12, w.upperbound),
        ).toBeLessThan(1e-6);
      }
    }
    const inRange = rows.filter((x) => x.alarm && want.some((w) => dates[w.t - 1] === x.date));
    expect(inRange).toHaveLength(want.filter((w) => w.alarm).length);
    expect(r.stderr).toMatch(/farrington-flexible：317 个时点，\d+ 个预警/);
  });

  it('prints CSV with Chinese headers accepted, per unit, and EARS C1 matches R', async () => {
    const { path, dates } = weeklyCsv('salmNewport', '日期,病例数');
    const r = await hw(['surveillance', 'detect', '--input', path, '--method', 'ears-c1', '--alpha', '0.05']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('unit,date,observed,expected,upperbound,score,alarm');
    const want = expected('ears-c1', 'alpha=0.05;baseline=7;minSigma=0');
    expect(lines.length - 1).toBe(want.length);
    const first = lines[1]?.split(',') ?? [];
    expect(first[1]).toBe(dates[7]);
    expect(Number(first[4])).toBeCloseTo(want[0]?.upperbound ?? NaN, 6);
    expect(lines.slice(1).filter((l) => l.endsWith(',1')).length).toBe(want.filter((w) => w.alarm).length);
  });

  it('rejects a bad file naming the row and field, and unknown methods', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'date,count,unit\n2024-01-01,3,白沙镇\n2024-01-08,-1,白沙镇\n2024-01-15,two,白沙镇\n2024/01/22,1,白沙镇\n',
    );
    const r = await hw(['surveillance', 'detect', '--input', bad, '--method', 'ears-c1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第 3 行 / count');
    expect(r.stderr).toContain('第 4 行 / count');
    expect(r.stderr).toContain('第 5 行 / date');
    const gap = join(dir, 'gap.csv');
    writeFileSync(gap, 'date,count\n2024-01-01,3\n2024-01-08,1\n2024-01-22,1\n');
    const g = await hw(['surveillance', 'detect', '--input', gap, '--method', 'cusum']);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain('间隔不一致');
    expect((await hw(['surveillance', 'detect', '--input', gap, '--method', 'magic'])).code).toBe(2);
  });

  it('backtests methods against labelled outbreaks and names a bad label', async () => {
    // 60 quiet weeks at 1 case, then an outbreak of 9, 12, 10 cases in weeks 61–63, then quiet again.
    const counts = [...new Array<number>(60).fill(1), 9, 12, 10, ...new Array<number>(17).fill(1)];
    const start = Date.UTC(2020, 0, 6);
    const lines = counts.map(
      (c, i) =>
        `${new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10)},${c},${i >= 60 && i <= 62 ? 1 : 0}`,
    );
    const path = join(dir, 'labelled.csv');
    writeFileSync(path, `date,count,outbreak\n${lines.join('\n')}\n`);
    const r = await hw([
      'surveillance',
      'backtest',
      '--input',
      path,
      '--method',
      'ears-c1,fixed',
      '--min-sigma',
      '1',
      '--threshold',
      '5',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const [ears, fixed] = JSON.parse(r.stdout) as {
      method: string;
      outbreaks: number;
      detected: number;
      podFirstPeriod: number;
      falseAlarmsPer100: number;
      sensitivity: number;
    }[];
    expect(ears).toMatchObject({
      method: 'ears-c1',
      outbreaks: 1,
      detected: 1,
      podFirstPeriod: 1,
      falseAlarmsPer100: 0,
    });
    expect(fixed).toMatchObject({
      method: 'fixed',
      outbreaks: 1,
      detected: 1,
      sensitivity: 1,
      falseAlarmsPer100: 0,
    });
    const table = await hw(['surveillance', 'backtest', '--input', path, '--method', 'cusum']);
    expect(table.stdout.split('\n')[0]).toContain('POD');
    const bad = join(dir, 'bad-labels.csv');
    writeFileSync(bad, 'date,count,outbreak\n2024-01-01,3,maybe\n');
    const b = await hw(['surveillance', 'backtest', '--input', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('第 2 行 / outbreak');
  });
});
