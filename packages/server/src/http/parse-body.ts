import { AppError } from '@healthwatch/core';
import type * as z from 'zod';

/** Parses a request body with its contract schema, or rejects it with every problem named by its path. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    throw new AppError(
      'HW_VALIDATION',
      { reason: what },
      {
        details: r.error.issues.map((i) => ({
          path: i.path.map(String).join('.') || '(body)',
          message: i.message,
        })),
      },
    );
  }
  return r.data;
}
