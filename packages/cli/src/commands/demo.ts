import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AppError, GRADE_LABELS, msg, t } from '@healthwatch/core';
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
        err(io, t(g.lang, 'cli.demoBuilt', { db: store.displayUrl }));
        err(
          io,
          t(g.lang, 'cli.demoDistrict', {
            towns: c.towns,
            institutions: c.institutions,
            publicHospitals: c.public_hospital,
            healthCentres: c.health_centre,
            communityCentres: c.community_centre,
            villageClinics: c.village_clinic,
            privateHospitals: c.private_hospital,
            clinics: c.clinic,
            values: r.values,
            recentThrough: r.recentThrough,
          }),
        );
        err(io, t(g.lang, 'cli.demoPlans'));
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
        const grades = (['red', 'orange', 'yellow', 'blue'] as const).map((gr) =>
          t(g.lang, 'cli.demoGrade', {
            grade: GRADE_LABELS[gr],
            count: warned.events.filter((e) => e.grade === gr).length,
          }),
        );
        err(io, t(g.lang, 'cli.demoWarning', { events: warned.events.length, grades }));
        err(
          io,
          t(g.lang, 'cli.demoLogins', {
            password: io.env.HEALTHWATCH_DEMO_PASSWORD ? msg('cli.demoPasswordFromEnv') : password,
          }),
        );
        for (const u of DEMO_USERS) {
          err(io, `  ${u.username.padEnd(7)} ${u.role.padEnd(7)} ${u.displayName}`);
        }
        err(io, t(g.lang, 'cli.demoWeb', { db: g.db }));
        err(io, t(g.lang, 'cli.demoTry'));
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
          `  healthwatch --db ${g.db} value set --de OPD_VISITS --ou JJ-BS-HC --pe 202403 --value 6120 --comment ${t(g.lang, 'cli.demoCorrection')}`,
        );
        err(io, `  healthwatch --db ${g.db} audit`);
        err(
          io,
          `  healthwatch --db ${g.db} validate --ou JJ --descendants --pe 2023,2024,202403,202407,202411   # ${t(g.lang, 'cli.demoTryValidate')}`,
        );
        err(
          io,
          `  healthwatch --db ${g.db} surveillance events --status new   # ${t(g.lang, 'cli.demoTryWarnings')}`,
        );
      } finally {
        await store.close();
      }
    });
}
