import { Command, CommanderError, Option } from 'commander';
import {
  classifySystemError,
  faultReference,
  internalError,
  isAppError,
  resolveLocale,
  resolveTimeZone,
  t,
} from '@healthwatch/core';
import { dataCommands, ExitCode } from './commands/data.js';
import { demoCommand } from './commands/demo.js';
import { planCommands } from './commands/plan.js';
import { queryCommand } from './commands/query.js';
import { serveCommand } from './commands/serve.js';
import { surveillanceCommands } from './commands/surveillance.js';
import {
  completenessCommand,
  outlierCommand,
  validationCommands,
  validationResultsCommand,
} from './commands/validation.js';
import { approvalCommands } from './commands/approval.js';
import { workspaceCommands } from './commands/workspace.js';
import { userCommands } from './commands/users.js';
import { initCommand } from './commands/init.js';
import { metadataCommands } from './commands/metadata.js';
import { valueCommands } from './commands/values.js';
import { auditCommand } from './commands/audit.js';
import type { CliIo, GlobalOptions } from './io.js';
import { err } from './io.js';

export const DEFAULT_DB = 'sqlite:./healthwatch.db';

/** Builds the `healthwatch` command tree, writing through `io` (so tests run it in-process). */
export function buildProgram(io: CliIo): Command {
  const program = new Command('healthwatch');
  program
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .description('健康守望 HealthWatch：区县卫生健康信息系统（district health information system）')
    .version('0.1.0')
    .addOption(
      new Option('--db <url>', 'database: sqlite:<file> or postgres://… (env HEALTHWATCH_DB)').default(
        io.env.HEALTHWATCH_DB ?? DEFAULT_DB,
      ),
    )
    .addOption(
      new Option('--user <name>', 'who is acting, recorded in the audit log (env HEALTHWATCH_USER)').default(
        io.env.HEALTHWATCH_USER ?? io.osUser,
      ),
    )
    .addOption(
      new Option('--lang <locale>', 'zh-CN | en (env HEALTHWATCH_LANG)').default(
        io.env.HEALTHWATCH_LANG ?? 'zh-CN',
      ),
    )
    .showHelpAfterError();
  const globals = (): GlobalOptions => {
    const o = program.opts<{ db: string; user: string; lang: string }>();
    // A zone the runtime does not know is refused before the command does anything.
    return {
      db: o.db,
      user: o.user,
      lang: resolveLocale(o.lang),
      timeZone: resolveTimeZone(io.env.HEALTHWATCH_TIMEZONE),
    };
  };
  initCommand(program, io, globals);
  metadataCommands(program, io, globals);
  dataCommands(program, io, globals);
  valueCommands(program, io, globals);
  auditCommand(program, io, globals);
  queryCommand(program, io, globals);
  userCommands(program, io, globals);
  planCommands(program, io, globals);
  surveillanceCommands(program, io, globals);
  validationCommands(program, io, globals);
  validationResultsCommand(program, io, globals);
  outlierCommand(program, io, globals);
  completenessCommand(program, io, globals);
  approvalCommands(program, io, globals);
  workspaceCommands(program, io, globals);
  serveCommand(program, io, globals, io.onServing);
  demoCommand(program, io, globals);
  return program;
}

/**
 * Runs one command line and returns the exit code: 0 success, 1 failure, 2 input rejected.
 * Errors are reported as one clear message (details listed), never as a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof ExitCode) {
      return e.code;
    }
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version'
        ? 0
        : 2;
    }
    const lang = resolveLocale(program.opts<{ lang?: string }>().lang);
    // A database fault (unreachable, disk full) or a missing file is named as such; anything
    // else is HW_INTERNAL with a reference, its cause logged under that reference.
    // The store is loaded here, not up front: `--version` and `--help` need no database driver.
    const known = isAppError(e)
      ? e
      : ((await import('@healthwatch/store')).classifyDbError(e) ?? classifySystemError(e));
    const shown = known ?? internalError(e, faultReference());
    // The one place the CLI renders an error: in the caller's --lang.
    err(io, `${t(lang, 'cli.error')} [${shown.code}]: ${shown.render(lang)}`);
    for (const d of shown.details.slice(0, 100)) {
      err(io, d.path ? `  ${d.path}: ${d.message}` : `  ${d.message}`);
    }
    if (shown.details.length > 100) {
      err(io, `  ${t(lang, 'cli.moreDetails', { count: shown.details.length - 100 })}`);
    }
    // The cause goes with the reference (one line; the stack with HEALTHWATCH_DEBUG), for whoever
    // is asked to look into it: the CLI has no other log.
    if (!known) {
      const ref = shown.params.ref;
      err(io, `  [${typeof ref === 'string' ? ref : ''}] ${String(e).split('\n')[0] ?? ''}`);
    }
    if (io.env.HEALTHWATCH_DEBUG) {
      err(io, (e as Error).stack ?? '');
    }
    return shown.exitCode;
  }
}
