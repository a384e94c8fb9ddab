import { AppError, isMessageKey, msg, renderParam, t } from '@healthwatch/core';
import type { Locale, MessageRef } from '@healthwatch/core';
import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import type * as z from 'zod';
import type { Env } from '../env.js';
import { readJson } from '../read-json.js';

interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: unknown;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
}

/** Query names that are short for a field (`?ou=` is the organisation unit). */
const ALIASES: Readonly<Record<string, string>> = {
  de: 'dataElement',
  ou: 'orgUnit',
  pe: 'period',
  ds: 'dataSet',
};

/** A field by its label in the reader's language (its name when the catalogue has none). */
function fieldLabel(name: string): MessageRef | string {
  const key = `field.${ALIASES[name] ?? name}`;
  return isMessageKey(key) ? msg(key) : name;
}

/** The value at a path of what was validated (to tell a missing field from a wrong one). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  }
  return v;
}

/** One zod issue as our message: the field named by its label, the problem from our catalogue. */
function issueMessage(locale: Locale, i: Issue, input: unknown): string {
  const last = [...i.path].reverse().find((k) => typeof k === 'string');
  const field = last === undefined ? msg('field.body') : fieldLabel(last);
  switch (i.code) {
    case 'invalid_type': {
      if (valueAt(input, i.path) === undefined) {
        return t(locale, 'issue.required', { field });
      }
      const type = `type.${String(i.expected)}`;
      return isMessageKey(type)
        ? t(locale, 'issue.type', { field, expected: msg(type) })
        : t(locale, 'issue.invalid', { field });
    }
    case 'invalid_value':
      return t(locale, 'issue.choice', { field, allowed: (i.values ?? []).map(String) });
    case 'too_big':
    case 'too_small':
      return t(locale, 'issue.range', { field });
    case 'invalid_format':
      return t(locale, 'issue.format', { field });
    case 'unrecognized_keys':
      return t(locale, 'issue.unknownKey', { keys: [...(i.keys ?? [])] });
    default:
      return t(locale, 'issue.invalid', { field });
  }
}

/**
 * Our 400: the reason names the fields expected, the details every problem, each with the machine
 * path (`path`, for clients) and a message naming the field by its label in the reader's language.
 */
function validationError(
  locale: Locale,
  what: string,
  issues: readonly Issue[],
  input: unknown,
  emptyPath: string,
): AppError {
  // The labels are rendered here, in the request's language, like the details.
  const fields = what.split(',').map((f) => renderParam(locale, fieldLabel(f.trim())));
  return new AppError(
    'HW_VALIDATION',
    { reason: msg('validation.expectedFields', { fields }) },
    {
      details: issues.map((i) => ({
        path: i.path.map(String).join('.') || emptyPath,
        message: issueMessage(locale, i, input),
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
    (r, c) => {
      if (!r.success) {
        // `data` is what Hono read; `value` picks from it what was validated.
        const input = value(r.data as Record<string, unknown>);
        throw validationError(c.get('locale'), what, r.error.issues, input, emptyPath);
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
