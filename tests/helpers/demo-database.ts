import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase } from '@healthwatch/store/testing';
import type { SqlDialect } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { inject } from 'vitest';
import { DEMO_PASSWORD } from './demo-password.js';
import { hw } from './run-cli.js';

/** Builds the demo once per dialect and run, whichever test file asks first (a lock directory serialises the workers). */
async function demoTemplate(dialect: SqlDialect): Promise<string> {
  const dir = inject('demoTemplateDir');
  const done = join(dir, `${dialect}.url`);
  const lock = join(dir, `${dialect}.lock`);
  const deadline = Date.now() + 10 * 60_000;
  while (!existsSync(done)) {
    if (Date.now() > deadline) {
      throw new Error(`the demo template on ${dialect} was not built within 10 minutes`);
    }
    try {
      mkdirSync(lock);
    } catch {
      await sleep(250);
      continue;
    }
    try {
      let url: string;
      if (dialect === 'sqlite') {
        url = `sqlite:${join(dir, 'demo.db')}`;
      } else {
        url = (await createTestDatabase('postgres')).url; // dropped by the global teardown
      }
      const r = await hw(['--db', url, 'demo', '--force'], { HEALTHWATCH_DEMO_PASSWORD: DEMO_PASSWORD });
      if (r.code !== 0) {
        throw new Error(`building the demo template on ${dialect} failed: ${r.stderr}`);
      }
      writeFileSync(done, url);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return readFileSync(done, 'utf8');
}

/**
 * A private copy of the demo district (30 镇街, 544 institutions, 2020–2024 and the monthly service
 * reports of the three months through the latest month due on the day the template is built; logins admin, stats,
 * clerk, viewer, cdc with DEMO_PASSWORD), copied from the template built once for this run.
 */
export async function createDemoDatabase(dialect: SqlDialect): Promise<TestDatabase> {
  return createTestDatabase(dialect, { template: await demoTemplate(dialect) });
}
