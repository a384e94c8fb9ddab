import { userInfo } from 'node:os';
import { runCli } from './program.js';
import { stopOnSignals } from './stop-on-signals.js';

// The only place the CLI reads the real process: arguments, environment, user, signals, exit code.
let osUser = 'cli';
try {
  osUser = userInfo().username;
} catch {
  // no passwd entry (some containers): keep the generic name
}
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  osUser,
  onServing: (stop) => stopOnSignals(process, stop, (m) => process.stderr.write(`${m}\n`)),
});
