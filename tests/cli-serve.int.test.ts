import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '@healthwatch/cli';
import { describe, expect, it } from 'vitest';
import { hw } from './helpers/run-cli.js';

describe('healthwatch init, user, demo and serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-serve-'));
  const db = ['--db', `sqlite:${join(dir, 'serve.db')}`];

  it('init creates an admin with a one-time password, printed once, or the one from the environment', async () => {
    const first = await hw([...db, 'init']);
    expect(first.code).toBe(0);
    const pw = /一次性密码（只显示这一次）：(\S+)/.exec(first.stderr)?.[1];
    expect(pw).toBeTruthy();
    const again = await hw([...db, 'init']);
    expect(again.stderr).not.toContain('一次性密码');
    const other = ['--db', `sqlite:${join(dir, 'env.db')}`];
    const env = await hw([...other, 'init'], { HEALTHWATCH_ADMIN_PASSWORD: 'Adm1n-from-env' });
    expect(env.stderr).toContain('密码取自 HEALTHWATCH_ADMIN_PASSWORD');
    expect(env.stderr).not.toContain('Adm1n-from-env');
  });

  it('user add enforces the password policy and roles', async () => {
    const weak = await hw([...db, 'user', 'add', '--username', 'bob', '--role', 'viewer'], {
      HEALTHWATCH_PASSWORD: 'short',
    });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('HW_PASSWORD_POLICY');
    const badRole = await hw([...db, 'user', 'add', '--username', 'bob', '--role', 'king'], {
      HEALTHWATCH_PASSWORD: 'Longer-pass1',
    });
    expect(badRole.code).toBe(2);
    const ok = await hw([...db, 'user', 'add', '--username', 'bob', '--role', 'viewer'], {
      HEALTHWATCH_PASSWORD: 'Longer-pass1',
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect((await hw([...db, 'user', 'list'])).stdout).toContain('bob\tviewer\tactive');
  });

  it('demo creates one login per role; serve answers on a port and logs in', async () => {
    const demoDb = ['--db', `sqlite:${join(dir, 'demo.db')}`];
    const demo = await hw([...demoDb, 'demo'], { HEALTHWATCH_DEMO_PASSWORD: 'Demo-pass-2024' });
    expect(demo.code, demo.stderr).toBe(0);
    for (const u of ['admin', 'stats', 'clerk', 'viewer', 'cdc']) {
      expect(demo.stderr).toContain(`  ${u}`);
    }
    let stop: (() => Promise<void>) | undefined;
    let output = '';
    const sink = new Writable({
      write(chunk: Buffer, _e, cb): void {
        output += chunk.toString();
        cb();
      },
    });
    const ready = new Promise<void>((resolve) => {
      void runCli([...demoDb, 'serve', '--port', '0'], {
        stdout: sink,
        stderr: sink,
        env: {},
        osUser: 't',
        onServing: (s) => {
          stop = s;
          resolve();
        },
      });
    });
    await ready;
    const port = /127\.0\.0\.1:(\d+)/.exec(output)?.[1];
    expect(port).toBeTruthy();
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'sqlite' });
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'clerk', password: 'Demo-pass-2024' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(login.status).toBe(200);
    await stop?.();
  });
});
