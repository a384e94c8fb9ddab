import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AppError } from '@healthwatch/core';
import { generatePassword, importDataFile, importMetadataFile, importPlanFile, saveUserAccount } from '@healthwatch/server';
import { migrateStore, openStore, parseDbUrl } from '@healthwatch/store';
import type { CliIo, GlobalOptions } from '../io.js';
import { err } from '../io.js';

// Same depth from src/commands and dist/commands.
const PACKS = fileURLToPath(new URL('../../../../packs/', import.meta.url));
const PACK = `${PACKS}example-district/`;

/**
 * `healthwatch demo`: builds a small example district (a DHIS2 metadata file with a 4-level
 * hierarchy and one month of facility reports) into a fresh database, then exits.
 */
export function demoCommand(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('demo')
    .description('建立示例区县数据库（build the example district into a fresh database）')
    .option('--force', 'replace an existing SQLite file')
    .action(async (opts: { force?: boolean }) => {
      const g = globals();
      const parsed = parseDbUrl(g.db);
      if (parsed.dialect === 'sqlite' && parsed.target !== ':memory:' && existsSync(parsed.target)) {
        if (!opts.force) {
          throw new AppError('HW_CONFLICT', { reason: `${parsed.target} 已存在；加 --force 重新建立（exists; use --force）` });
        }
        for (const suffix of ['', '-wal', '-shm']) {
          rmSync(`${parsed.target}${suffix}`, { force: true });
        }
      }
      const store = await openStore(g.db, { create: true });
      try {
        await migrateStore(store);
        await importMetadataFile(store, `${PACK}dhis2-metadata.json`, { locale: g.lang });
        await importPlanFile(store, `${PACKS}plans/jiangjin-13th.json`);
        await importPlanFile(store, `${PACKS}plans/jiangjin-14th.json`);
        const s = await importDataFile(store, `${PACK}reports-2024-03.csv`, { actor: 'demo', locale: g.lang, source: '示例数据（synthetic）', status: 'final' });
        err(io, `示例区县已建立：${store.displayUrl}（合成数据 synthetic data：9 个机构，${s.imported} 个数据值）`);
        // One demo login per role; the password comes from HEALTHWATCH_DEMO_PASSWORD or is printed once.
        const password = io.env.HEALTHWATCH_DEMO_PASSWORD ?? generatePassword();
        const users = [
          { username: 'admin', role: 'admin', displayName: '系统管理员' },
          { username: 'stats', role: 'stats', displayName: '区卫健委统计人员', capture: ['CQ-JJ'] },
          { username: 'clerk', role: 'clerk', displayName: '白沙镇中心卫生院填报员', capture: ['JJ-BS-HC'] },
          { username: 'viewer', role: 'viewer', displayName: '领导（查看）', view: ['CQ-JJ'] },
          { username: 'cdc', role: 'cdc', displayName: '区疾控中心', view: ['CQ-JJ'] },
        ];
        for (const u of users) {
          await saveUserAccount(store, { ...u, password }, 'demo');
        }
        err(io, `演示账号 demo logins（密码 password: ${io.env.HEALTHWATCH_DEMO_PASSWORD ? '取自 HEALTHWATCH_DEMO_PASSWORD' : password}）：`);
        for (const u of users) {
          err(io, `  ${u.username.padEnd(7)} ${u.role.padEnd(7)} ${u.displayName}`);
        }
        err(io, '试试 try:');
        err(io, `  healthwatch --db ${g.db} export --ds MONTHLY --ou CQ-JJ --descendants --pe 2024`);
        err(io, `  healthwatch --db ${g.db} value set --de OPD_VISITS --ou JJ-BS-HC --pe 202403 --coc 男 --value 612 --comment 更正`);
        err(io, `  healthwatch --db ${g.db} audit`);
        err(io, `  healthwatch --db ${g.db} plan evaluate --plan jiangjin-14th --year 2023 --kind midterm`);
      } finally {
        await store.close();
      }
    });
}
