import { readFile } from 'node:fs/promises';
import { AppError, msg } from '@healthwatch/core';
import type * as z from 'zod';

/**
 * Reads a JSON document and checks it against a schema: unreadable JSON is HW_IMPORT_FORMAT, a
 * document that does not fit is HW_METADATA_INVALID with every problem and its path.
 */
export async function readJsonFile<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new AppError('HW_IMPORT_FORMAT', {
      row: 1,
      reason: msg('reason.unparsable', {
        format: 'JSON',
        detail: e instanceof Error ? e.message : String(e),
      }),
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      'HW_METADATA_INVALID',
      { count: parsed.error.issues.length },
      {
        details: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      },
    );
  }
  return parsed.data;
}
