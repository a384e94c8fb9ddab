import { t } from '@healthwatch/core';
import type { Command } from 'commander';
import type { CliIo, GlobalOptions } from '../io.js';
import { err, out } from '../io.js';

export function initCommand(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('init')
    .description('创建数据库或升级到最新结构（create the database or migrate it to the latest schema）')
    .option('--format <format>', 'text | json', 'text')
    .action(async (opts: { format: string }) => {
      const { ensureAdmin } = await import('@healthwatch/services');
      const { migrateStore, openStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openStore(g.db, { create: true });
      try {
        const applied = await migrateStore(store);
        // No default password: the first admin takes HEALTHWATCH_ADMIN_PASSWORD or a one-time one.
        const admin = await ensureAdmin(store, io.env.HEALTHWATCH_ADMIN_PASSWORD);
        if (admin.created) {
          err(
            io,
            admin.password
              ? t(g.lang, 'cli.adminCreatedOnce', { password: admin.password })
              : t(g.lang, 'cli.adminCreatedEnv'),
          );
        }
        if (opts.format === 'json') {
          out(io, JSON.stringify({ db: store.displayUrl, dialect: store.dialect, applied }));
        }
        err(
          io,
          applied.length > 0
            ? t(g.lang, 'cli.dbReady', { db: store.displayUrl, applied: applied.join(', ') })
            : t(g.lang, 'cli.dbCurrent', { db: store.displayUrl }),
        );
      } finally {
        await store.close();
      }
    });
}
