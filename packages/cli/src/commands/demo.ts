import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AppError, msg } from '@healthwatch/core';
import { cliContext } from '../cli-context.js';
import type { CliIo, GlobalOptions } from '../io.js';
import { err } from '../io.js';

// Same depth from src/commands and dist/commands.
const PACKS = fileURLToPath(new URL('../../../../packs/', import.meta.url));

/**
 * `healthwatch demo`: builds the demo district (generated, synthetic: 30 镇街, 544 institutions,
 * 2020–2024, reproducing the figures the Jiangjin reviews publish) with the Jiangjin plans into a
 * fresh database, then exits.
 */
export function demoCommand(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('demo')
    .description('建立示例区县数据库（build the example district into a fresh database）')
    .option('--force', 'replace an existing SQLite file')
    .action(async (opts: { force?: boolean }) => {
      const { buildDemoDistrict, DEMO_USERS, generatePassword, runSurveillance } =
        await import('@healthwatch/services');
      const { migrateStore, openStore, parseDbUrl } = await import('@healthwatch/store');
      const g = globals();
      const parsed = parseDbUrl(g.db);
      if (parsed.dialect === 'sqlite' && parsed.target !== ':memory:' && existsSync(parsed.target)) {
        if (!opts.force) {
          throw new AppError('HW_CONFLICT', {
            reason: msg('reason.fileExists', { path: parsed.target }),
          });
        }
        for (const suffix of ['', '-wal', '-shm']) {
          rmSync(`${parsed.target}${suffix}`, { force: true });
        }
      }
      const store = await openStore(g.db, { create: true });
      try {
        await migrateStore(store);
        // One demo login per role; the password comes from HEALTHWATCH_DEMO_PASSWORD or is printed once.
        const password = io.env.HEALTHWATCH_DEMO_PASSWORD ?? generatePassword();
        const r = await buildDemoDistrict(store, {
          standardLibrary: `${PACKS}standard-library/metadata.json`,
          notifiableDiseases: `${PACKS}notifiable-diseases/metadata.json`,
          surveillanceConfig: `${PACKS}notifiable-diseases/surveillance.json`,
          validationRules: `${PACKS}standard-library/validation-rules.json`,
          plans: [`${PACKS}plans/jiangjin-13th.json`, `${PACKS}plans/jiangjin-14th.json`],
          password,
          locale: g.lang,
          today: cliContext(g).today,
        });
        const c = r.district;
        err(io, `示例区县已建立：${store.displayUrl}`);
        err(
          io,
          `  演示区县（合成数据 synthetic data）：${c.towns} 个镇街，${c.institutions} 家医疗卫生机构（公立医院 ${c.public_hospital}、镇街卫生院 ${c.health_centre}、社区卫生服务中心 ${c.community_centre}、村卫生室 ${c.village_clinic}、社会办医院 ${c.private_hospital}、诊所 ${c.clinic}），2020—2024 年及最近三个月（至 ${r.recentThrough}）的月报，${r.values} 个数据值`,
        );
        err(io, '  规划：jiangjin-13th（十三五，已完成）、jiangjin-14th（十四五）');
        // Early warning over the demo's last 12 weeks, so the cockpit and the warnings page open with events.
        // As the demo's other data, recorded as made by `demo`.
        const warned = await runSurveillance(
          store,
          { ...cliContext(g), actor: 'demo' },
          {
            from: '2024W15',
            to: '2024W26',
          },
        );
        const grades = ['red', 'orange', 'yellow', 'blue'].map(
          (gr) =>
            `${{ red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' }[gr]} ${warned.events.filter((e) => e.grade === gr).length}`,
        );
        err(io, `  传染病预警 2024W15—2024W26：${warned.events.length} 个事件（${grades.join('，')}）`);
        err(
          io,
          `演示账号 demo logins（密码 password: ${io.env.HEALTHWATCH_DEMO_PASSWORD ? '取自 HEALTHWATCH_DEMO_PASSWORD' : password}）：`,
        );
        for (const u of DEMO_USERS) {
          err(io, `  ${u.username.padEnd(7)} ${u.role.padEnd(7)} ${u.displayName}`);
        }
        err(io, `网页 web app：healthwatch --db ${g.db} serve，然后打开 then open http://127.0.0.1:8080/`);
        err(io, '试试 try:');
        err(
          io,
          `  healthwatch --db ${g.db} query --dx BEDS_PER_1000,IMR,CHILDCARE_PER_1000 --pe 2020,2022,2023 --ou JJ`,
        );
        err(
          io,
          `  healthwatch --db ${g.db} plan evaluate --plan jiangjin-14th --year 2023 --kind midterm --format pdf --out midterm-2023.pdf`,
        );
        err(
          io,
          `  healthwatch --db ${g.db} value set --de OPD_VISITS --ou JJ-BS-HC --pe 202403 --value 6120 --comment 更正`,
        );
        err(io, `  healthwatch --db ${g.db} audit`);
        err(
          io,
          `  healthwatch --db ${g.db} validate --ou JJ --descendants --pe 2023,2024,202403,202407,202411   # 数据质量：预置的问题`,
        );
        err(
          io,
          `  healthwatch --db ${g.db} surveillance events --status new   # 预警：白沙镇手足口病聚集（演示中预置）`,
        );
      } finally {
        await store.close();
      }
    });
}
