/** The signals that stop `serve` cleanly: Ctrl-C, `kill`/systemd/docker stop, a closed terminal. */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Record<(typeof STOP_SIGNALS)[number], number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** The whole stop, requests in flight included, must be over within this; then the process exits anyway. */
export const STOP_DEADLINE_MS = 9500;

/**
 * Makes SIGTERM, SIGINT and SIGHUP stop a running `serve` through `stop` (drain, close the browser
 * and the database), after which the process exits 0. A second signal, or a stop still running at
 * the deadline, ends the process at once (128 + signal number, or 1). `proc` is the real process
 * (main.ts passes it); nothing else in the CLI touches signals.
 */
export function stopOnSignals(
  proc: NodeJS.Process,
  stop: () => Promise<void>,
  log: (message: string) => void,
): void {
  let stopping = false;
  const onSignal = (signal: (typeof STOP_SIGNALS)[number]): void => {
    if (stopping) {
      log(`再次收到 ${signal}，立即退出 (second ${signal}: exiting now)`);
      proc.exit(128 + SIGNAL_NUMBERS[signal]);
    }
    stopping = true;
    log(`收到 ${signal}，正在停止服务 (${signal}: stopping; send it again to exit at once)`);
    const deadline = setTimeout(() => {
      log(`服务未能在 ${STOP_DEADLINE_MS / 1000} 秒内停止，强制退出 (did not stop in time: exiting)`);
      proc.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    stop().then(
      () => {
        // runCli returns and main.ts sets the exit code; should anything still hold the event loop
        // (a socket, a timer of a library), exit shortly after anyway.
        setTimeout(() => proc.exit(proc.exitCode ?? 0), 300).unref();
      },
      (e: unknown) => {
        log(`停止时出错 (error while stopping): ${e instanceof Error ? e.message : String(e)}`);
        proc.exit(1);
      },
    );
  };
  for (const s of STOP_SIGNALS) {
    proc.on(s, onSignal);
  }
}
