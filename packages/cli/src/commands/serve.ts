import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError, msg } from '@healthwatch/core';
import type { CliIo, GlobalOptions } from '../io.js';
import { err } from '../io.js';

/** `healthwatch serve`: the HTTP API on a port, until the process is stopped. */
export function serveCommand(
  program: Command,
  io: CliIo,
  globals: () => GlobalOptions,
  onServing?: (stop: () => Promise<void>) => void,
): void {
  program
    .command('serve')
    .description('启动 HTTP 服务（start the HTTP API server）')
    .option('--port <n>', 'port', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--max-body <bytes>', 'largest request body in bytes (413 above)', String(50 * 1024 * 1024))
    .option(
      '--trust-proxy <list>',
      '可信反向代理的地址或网段，逗号分隔（trusted reverse proxies, comma-separated IPs or CIDRs; or HEALTHWATCH_TRUSTED_PROXIES）',
    )
    .option(
      '--web-root <dir>',
      '网页应用目录（the built web app; default: packages/web/dist, or HEALTHWATCH_WEB_ROOT）',
    )
    .option(
      '--upload-dir <dir>',
      '上传暂存目录（uploads spool, mode 0700; default: <tmpdir>/healthwatch-uploads-<uid>, or HEALTHWATCH_UPLOAD_DIR）',
    )
    .option(
      '--warning-debounce <s>',
      '数据变化后多少秒运行预警（seconds after the last change before early warning runs, default 2; or HEALTHWATCH_WARNING_DEBOUNCE）',
    )
    .option(
      '--warning-max-wait <s>',
      '持续写入时至多多少秒运行一次预警（at most this many seconds after the first change, default 30; or HEALTHWATCH_WARNING_MAX_WAIT）',
    )
    .action(
      async (o: {
        port: string;
        host: string;
        maxBody: string;
        webRoot?: string;
        trustProxy?: string;
        uploadDir?: string;
        warningDebounce?: string;
        warningMaxWait?: string;
      }) => {
        const { createApp, defaultUploadDir, sweepSpool } = await import('@healthwatch/server');
        const { PdfPrinter, SurveillanceScheduler } = await import('@healthwatch/services');
        const { openMigratedStore } = await import('@healthwatch/store');
        const { serve } = await import('@hono/node-server');
        const g = globals();
        const port = Number(o.port);
        const maxBody = Number(o.maxBody);
        if (
          !Number.isInteger(port) ||
          port < 0 ||
          port > 65535 ||
          !Number.isInteger(maxBody) ||
          maxBody < 1024
        ) {
          throw new AppError('HW_VALIDATION', { reason: `--port ${o.port} / --max-body ${o.maxBody}` });
        }
        // Uploads a crashed or killed earlier run left behind are removed before anything is served.
        const uploadDir = resolve(o.uploadDir ?? io.env.HEALTHWATCH_UPLOAD_DIR ?? defaultUploadDir());
        const swept = await sweepSpool(uploadDir);
        if (swept.length > 0) {
          err(
            io,
            `已清理上次运行遗留的 ${swept.length} 个上传文件 Removed ${swept.length} upload(s) left by an earlier run (${uploadDir})`,
          );
        }
        const debounce = seconds(
          '--warning-debounce',
          o.warningDebounce ?? io.env.HEALTHWATCH_WARNING_DEBOUNCE,
          2,
        );
        const maxWait = seconds(
          '--warning-max-wait',
          o.warningMaxWait ?? io.env.HEALTHWATCH_WARNING_MAX_WAIT,
          30,
        );
        const store = await openMigratedStore(g.db);
        // One browser for the server's life, started on the first PDF (launching takes seconds).
        const printer = new PdfPrinter(io.env.HEALTHWATCH_CHROMIUM);
        // Early warning once a day and, debounced, after data changes through the API (when
        // configured), computed in a worker thread on its own connection to the database.
        const scheduler = new SurveillanceScheduler(store, (m) => err(io, m), {
          dbUrl: g.db,
          debounceMs: debounce * 1000,
          maxWaitMs: maxWait * 1000,
          timeZone: g.timeZone,
        });
        scheduler.start();
        const webRoot = findWebRoot(o.webRoot ?? io.env.HEALTHWATCH_WEB_ROOT);
        if (!webRoot) {
          err(
            io,
            '提示：网页应用尚未构建（npm run build），只提供 API。The web app is not built (npm run build); serving the API only.',
          );
        }
        const trustedProxies = (o.trustProxy ?? io.env.HEALTHWATCH_TRUSTED_PROXIES ?? '')
          .split(',')
          .filter((x) => x.trim() !== '');
        const app = createApp(store, {
          maxBodyBytes: maxBody,
          printer,
          onDataChanged: (change) => scheduler.notify(change),
          webRoot,
          trustedProxies,
          uploadDir,
          timeZone: g.timeZone,
          notifyWebhook: io.env.HEALTHWATCH_NOTIFY_WEBHOOK || undefined,
        });
        await new Promise<void>((resolve) => {
          // Keep-alive connections idle for 30 s rather than Node's 5 s: under overload one turn of
          // the event loop can take longer than 5 s, and the idle timer then closes a connection
          // whose next request has arrived but not been read yet (the client sees ECONNRESET).
          const server = serve(
            { fetch: app.fetch, port, hostname: o.host, serverOptions: { keepAliveTimeout: 30_000 } },
            (info) => {
              err(
                io,
                `健康守望已启动 HealthWatch is serving: http://${o.host}:${info.port}/ （${store.displayUrl}）`,
              );
              onServing?.(stop);
            },
          );
          let stopping: Promise<void> | null = null;
          // Stops accepting, lets requests in flight finish (bounded), then closes what the server
          // holds: the scheduler, the printer's browser, the database. Idempotent.
          const stop = (): Promise<void> =>
            (stopping ??= (async () => {
              err(io, '正在停止：等待进行中的请求完成… Stopping: finishing requests in flight…');
              await drain(server as Server, DRAIN_MS);
              // Stops the timers and waits for a run in progress, then ends the worker thread.
              await bounded(scheduler.close(), CLOSE_STEP_MS);
              await bounded(printer.close(), CLOSE_STEP_MS);
              await bounded(store.close(), CLOSE_STEP_MS);
              err(io, '健康守望已停止 HealthWatch stopped');
              resolve();
            })());
        });
      },
    );
}

/** How long requests in flight may take to finish after a stop was asked for. */
export const DRAIN_MS = 7000;
const CLOSE_STEP_MS = 1000;

/**
 * Closes the server: no new connections, idle keep-alive connections closed now and as requests
 * finish, and after `ms` whatever is still open is cut.
 */
function drain(server: Server, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), ms);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Waits for `p`, at most `ms` (a step of the shutdown that hangs must not keep the process). */
async function bounded(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** A number of seconds from an option or the environment (0 to 86,400), or the default. */
function seconds(option: string, given: string | undefined, fallback: number): number {
  if (given === undefined || given.trim() === '') {
    return fallback;
  }
  const n = Number(given);
  if (!Number.isFinite(n) || n < 0 || n > 86_400) {
    throw new AppError('HW_VALIDATION', { reason: msg('reason.secondsRange', { option, value: given }) });
  }
  return n;
}

/** The built web app: the given directory, else @healthwatch/web's dist when it has been built. */
export function findWebRoot(given: string | undefined): string | undefined {
  if (given) {
    if (!existsSync(join(given, 'index.html'))) {
      throw new AppError('HW_VALIDATION', { reason: msg('reason.webRootMissing', { path: given }) });
    }
    return resolve(given);
  }
  try {
    const dist = join(
      dirname(createRequire(import.meta.url).resolve('@healthwatch/web/package.json')),
      'dist',
    );
    return existsSync(join(dist, 'index.html')) ? dist : undefined;
  } catch {
    return undefined;
  }
}
