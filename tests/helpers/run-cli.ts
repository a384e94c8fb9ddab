import { Writable } from 'node:stream';
import { runCli } from '@healthwatch/cli';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** Runs `healthwatch <args>` in-process through the real command tree, capturing its output. */
export async function hw(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, { stdout, stderr, env, osUser: 'tester' });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
