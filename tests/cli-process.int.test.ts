import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hw } from './helpers/run-cli.js';

const root = new URL('..', import.meta.url).pathname;

/** The real entry point, as a separate process: arguments, environment, exit code. */
function spawnHw(
  args: string[],
  env: Record<string, string> = {},
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--conditions=healthwatch-source', '--import', 'tsx', 'packages/cli/src/main.ts', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the healthwatch process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-proc-'));

  it('builds the example district, takes HEALTHWATCH_DB from the environment and exits 2 on rejected input', () => {
    const env = { HEALTHWATCH_DB: `sqlite:${join(dir, 'demo.db')}`, HEALTHWATCH_USER: 'env-user' };
    const demo = spawnHw(['demo'], env);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toContain('示例区县已建立');
    const again = spawnHw(['demo'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('HW_CONFLICT');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '数据元,期间,机构,数值\nBEDS,202403,JJ-H1,很多\n');
    const r = spawnHw(['import', bad], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第 2 行，数值：实有床位数：应为零或正整数');
    const audit = spawnHw(['audit', '--limit', '1', '--format', 'json'], env);
    expect(audit.code).toBe(0);
    expect((JSON.parse(audit.stdout) as { audit: unknown[] }).audit).toEqual([
      expect.objectContaining({ changedBy: 'demo' }),
    ]);
  });

  it('prints help with exit 0 and rejects unknown commands and options with exit 2', async () => {
    const help = await hw(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('metadata');
    expect((await hw(['import', '--help'])).stdout).toContain('--skip-conflicts');
    const unknown = await hw(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect((await hw(['export', '--nope'])).code).toBe(2);
    const missing = await hw(['--db', `sqlite:${join(dir, 'never.db')}`, 'import', 'x.csv']);
    // Never initialised: the answer is `init`, not "the database is unavailable".
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('HW_DB_NOT_INITIALISED');
    expect(missing.stderr).toContain('healthwatch init');
    const badUrl = await hw(['--db', 'mysql://x', 'init']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('HW_DB_URL');
  });
});
