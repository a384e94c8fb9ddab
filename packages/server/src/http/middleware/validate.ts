import { AppError, msg } from '@healthwatch/core';
import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import type * as z from 'zod';
import type { Env } from '../env.js';
import { readJson } from '../read-json.js';

type Issues = readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];

/** Our 400: the reason names what was expected, the details every problem by its path. */
function validationError(what: string, issues: Issues, emptyPath: string): AppError {
  return new AppError(
    'HW_VALIDATION',
    { reason: msg('validation.expectedFields', { fields: what }) },
    {
      details: issues.map((i) => ({
        path: i.path.map(String).join('.') || emptyPath,
        message: i.message,
      })),
    },
  );
}

/** A validator in the chain, typed so that `c.req.valid(target)` is the schema's output. */
type Validated<K extends 'json' | 'query', T extends z.ZodType> = MiddlewareHandler<
  Env,
  string,
  { in: { [k in K]: z.input<T> }; out: { [k in K]: z.output<T> } }
>;

/** The zod validator with our failure hook; `value` picks what is validated from what Hono read. */
function zod(
  target: 'json' | 'query',
  schema: z.ZodType,
  what: string,
  emptyPath: string,
  value: (read: Record<string, unknown>) => unknown,
): MiddlewareHandler<Env> {
  return zValidator(
    target,
    schema,
    (r) => {
      if (!r.success) {
        throw validationError(what, r.error.issues, emptyPath);
      }
    },
    { validationFunction: (s, read) => s.safeParseAsync(value(read as Record<string, unknown>)) },
  );
}

/**
 * Parses the body with its contract schema in the route chain (`c.req.valid('json')`). The body
 * is read as strict UTF-8 JSON whatever the content type says (the validator alone would read
 * only `application/json` and replace invalid bytes), then handed to the zod validator.
 */
export function jsonBody<T extends z.ZodType>(schema: T, what: string): Validated<'json', T> {
  return async (c, next) => {
    const body = await readJson(c);
    return zod('json', schema, what, '(body)', () => body)(c, next);
  };
}

/**
 * Parses the query with a schema in the route chain (`c.req.valid('query')`). A repeated
 * parameter counts with its first value, as `c.req.query()` reads it.
 */
export function queryOf<T extends z.ZodType>(schema: T, what: string): Validated<'query', T> {
  return zod('query', schema, what, '', (read) =>
    Object.fromEntries(Object.entries(read).map(([k, v]) => [k, Array.isArray(v) ? (v as unknown[])[0] : v])),
  );
}
