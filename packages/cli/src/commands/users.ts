import { t } from '@healthwatch/core';
import type { Command } from 'commander';
import { ROLES } from '@healthwatch/core';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err, out } from '../io.js';
import { collect } from './common.js';

export function userCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const user = program.command('user').description('用户管理（user accounts）');
  user
    .command('add')
    .description(
      '新建或修改用户（create or update a user; the password comes from HEALTHWATCH_PASSWORD or --password）',
    )
    .requiredOption('--username <name>', 'user name')
    .requiredOption('--role <role>', Object.keys(ROLES).join(' | '))
    .option('--password <password>', 'password (prefer the HEALTHWATCH_PASSWORD environment variable)')
    .option('--name <display>', 'display name')
    .option('--capture <orgUnits>', 'org units the user enters data for (id, code or name)', collect)
    .option('--view <orgUnits>', 'org units the user may view (default: the capture units)', collect)
    .action(
      async (o: {
        username: string;
        role: string;
        password?: string;
        name?: string;
        capture?: string[];
        view?: string[];
      }) => {
        const { saveUserAccount } = await import('@healthwatch/services');
        const { openMigratedStore } = await import('@healthwatch/store');
        const g = globals();
        const password = o.password ?? io.env.HEALTHWATCH_PASSWORD ?? '';
        const store = await openMigratedStore(g.db);
        try {
          await saveUserAccount(store, cliContext(g), {
            username: o.username,
            role: o.role,
            password,
            displayName: o.name ?? null,
            capture: o.capture ?? [],
            view: o.view ?? [],
          });
          err(io, t(g.lang, 'cli.userSaved', { username: o.username, role: o.role }));
        } finally {
          await store.close();
        }
      },
    );
  user
    .command('list')
    .description('列出用户（list users）')
    .action(async () => {
      const { listAccounts, openMigratedStore } = await import('@healthwatch/store');
      const g = globals();
      const store = await openMigratedStore(g.db);
      try {
        for (const a of await listAccounts(store.db)) {
          out(
            io,
            `${a.username}\t${a.role}\t${a.disabled ? 'disabled' : a.passwordHash ? 'active' : 'no password'}`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
