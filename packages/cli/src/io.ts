import type { Writable } from 'node:stream';
import type { Locale } from '@healthwatch/core';

/** Everything a command may touch outside itself; main.ts fills it from the real process. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  /** Environment variables (only main.ts reads process.env). */
  env: Readonly<Record<string, string | undefined>>;
  /** The operating-system user, the default actor. */
  osUser: string;
  /** Called once `serve` listens, with a function that stops it (tests use it). */
  onServing?: (stop: () => Promise<void>) => void;
}

export interface GlobalOptions {
  db: string;
  user: string;
  lang: Locale;
  /** The deployment's time zone (HEALTHWATCH_TIMEZONE, default Asia/Shanghai): whose date is today. */
  timeZone: string;
}

export function out(io: CliIo, s: string): void {
  io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}

export function err(io: CliIo, s: string): void {
  io.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
}
