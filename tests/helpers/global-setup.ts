import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forceDropPostgresDatabase } from '@healthwatch/store/testing';
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
      await forceDropPostgresDatabase(readFileSync(pgUrl, 'utf8'));
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
