import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Records an import; its id tags the audit rows the import writes. */
export async function startImportJob(
  db: Kysely<Database>,
  job: { kind: string; fileName: string | null; format: string | null; userId: number },
): Promise<number> {
  const r = await db
    .insertInto('import_job')
    .values({
      kind: job.kind,
      file_name: job.fileName,
      format: job.format,
      status: 'running',
      user_id: job.userId,
      started_at: Date.now(),
      finished_at: null,
      summary: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function finishImportJob(
  db: Kysely<Database>,
  id: number,
  status: string,
  summary: unknown,
): Promise<void> {
  await db
    .updateTable('import_job')
    .set({ status, finished_at: Date.now(), summary: JSON.stringify(summary) })
    .where('id', '=', id)
    .execute();
}
