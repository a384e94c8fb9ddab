import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run keeps the demo district it builds once per dialect (see demo-database.ts). */
    demoTemplateDir: string;
  }
}

/**
 * Gives the run a folder for the demo-district templates; the first test that needs the demo
 * builds it there (so a run without such tests pays nothing), and this removes it at the end.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hw-demo-templates-'));
  project.provide('demoTemplateDir', dir);
  return async () => {
    const pgUrl = join(dir, 'postgres.url');
    if (existsSync(pgUrl)) {
      const name = new URL(readFileSync(pgUrl, 'utf8')).pathname.slice(1);
      const admin = new pg.Client({
        connectionString: process.env.HEALTHWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      });
      await admin.connect();
      try {
        await admin.query(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
