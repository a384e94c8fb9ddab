import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureSpoolDir, spoolUpload, sweepSpool, withSpooledUpload } from './spool-upload.js';

const root = mkdtempSync(join(tmpdir(), 'hw-spool-test-'));
let n = 0;
const fresh = (): string => join(root, `d${n++}`);

function body(chunks: (string | Error)[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller): void {
      const c = chunks[i++];
      if (c === undefined) {
        controller.close();
      } else if (c instanceof Error) {
        controller.error(c);
      } else {
        controller.enqueue(new TextEncoder().encode(c));
      }
    },
  });
}

describe('the upload spool', () => {
  it('is a directory of this user with mode 0700: created so, tightened if looser, refused if a symbolic link', async () => {
    const dir = fresh();
    await ensureSpoolDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    chmodSync(dir, 0o777);
    await ensureSpoolDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const target = fresh();
    mkdirSync(target);
    const link = fresh();
    symlinkSync(target, link);
    await expect(ensureSpoolDir(link)).rejects.toMatchObject({ code: 'HW_INTERNAL' });
  });

  it('streams a body to a private file, and refuses one over the limit leaving nothing behind', async () => {
    const dir = fresh();
    const up = await spoolUpload(body(['数据元,期间\n', 'OPD,202401\n']), {
      dir,
      maxBytes: 1024,
      ext: 'csv',
    });
    expect(readFileSync(up.path, 'utf8')).toBe('数据元,期间\nOPD,202401\n');
    expect(up.path.endsWith('.csv')).toBe(true);
    expect(readdirSync(dir)[0]).toMatch(new RegExp(`^${process.pid}-`));
    expect(statSync(up.path).mode & 0o777).toBe(0o600);
    expect(up.bytes).toBe(Buffer.byteLength('数据元,期间\nOPD,202401\n'));
    await up.remove();
    expect(readdirSync(dir)).toEqual([]);

    await expect(
      spoolUpload(body(['x'.repeat(600), 'y'.repeat(600), 'z'.repeat(600)]), {
        dir,
        maxBytes: 1000,
        ext: 'csv',
      }),
    ).rejects.toMatchObject({ code: 'HW_PAYLOAD_TOO_LARGE', status: 413 });
    expect(readdirSync(dir)).toEqual([]);
    await expect(
      spoolUpload(body(['part', new Error('socket hang up')]), { dir, maxBytes: 1000, ext: 'xlsx' }),
    ).rejects.toMatchObject({
      code: 'HW_VALIDATION',
      message: expect.stringContaining('上传未完成') as unknown,
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the file after the work, whether it succeeds or throws', async () => {
    const dir = fresh();
    let seen = '';
    expect(
      await withSpooledUpload(body(['a,b\n']), { dir, maxBytes: 100, ext: 'csv' }, (path) =>
        Promise.resolve((seen = path).length),
      ),
    ).toBeGreaterThan(0);
    expect(existsSync(seen)).toBe(false);
    await expect(
      withSpooledUpload(body(['a,b\n']), { dir, maxBytes: 100, ext: 'csv' }, () =>
        Promise.reject(new Error('import failed')),
      ),
    ).rejects.toThrow('import failed');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('sweeps what dead processes left and what this pid left before this process started, not what running ones hold', async () => {
    const dir = fresh();
    await ensureSpoolDir(dir);
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const alive = process.ppid;
    writeFileSync(join(dir, `${dead}-left.xlsx`), 'x');
    writeFileSync(join(dir, 'stray.tmp'), 'x');
    writeFileSync(join(dir, `${alive}-in-flight.csv`), 'x');
    writeFileSync(join(dir, `${process.pid}-mine-now.csv`), 'x');
    const earlierLife = join(dir, `${process.pid}-before-restart.csv`);
    writeFileSync(earlierLife, 'x');
    const hourAgo = new Date(Date.now() - 3_600_000 - process.uptime() * 1000);
    utimesSync(earlierLife, hourAgo, hourAgo);
    expect((await sweepSpool(dir)).sort()).toEqual(
      [`${dead}-left.xlsx`, `${process.pid}-before-restart.csv`, 'stray.tmp'].sort(),
    );
    expect(readdirSync(dir).sort()).toEqual([`${alive}-in-flight.csv`, `${process.pid}-mine-now.csv`].sort());
  });
});
