import { AppError, isAppError, resolveLocale } from '@healthwatch/core';
import type { Locale } from '@healthwatch/core';
import { classifyDbError, retryAfterSeconds } from '@healthwatch/store';
import type { ErrorHandler, NotFoundHandler } from 'hono';

function errorBody(
  e: AppError,
  locale: Locale,
): { error: { code: string; message: string; details: readonly { path: string; message: string }[] } } {
  return {
    error: {
      code: e.code,
      message: locale === 'en' ? e.localizedMessage('en') : e.message,
      details: e.details,
    },
  };
}

/**
 * Every error leaves as `{ error: { code, message, details } }` in the caller's language, never
 * with a stack trace or SQL.
 */
export const errorHandler: ErrorHandler = (err, c) => {
  const locale = resolveLocale(c.req.header('accept-language'));
  // Database faults (unreachable, full) are 503 with Retry-After, not internal errors.
  const known = isAppError(err) ? err : classifyDbError(err);
  if (known) {
    if (known !== err) {
      console.error(`[healthwatch] ${known.code}: ${err.message}`);
    }
    const retry = retryAfterSeconds(known);
    if (retry !== null) {
      c.header('retry-after', String(retry));
    }
    return c.json(errorBody(known, locale), known.status as 400);
  }
  // Unknown faults: log the cause on the server, show a reference, never the stack or SQL.
  const ref = Math.random().toString(36).slice(2, 10);
  console.error(`[healthwatch] internal error ${ref}:`, err);
  return c.json(errorBody(new AppError('HW_INTERNAL', { ref }), locale), 500);
};

export const notFound: NotFoundHandler = (c) =>
  c.json(errorBody(new AppError('HW_NOT_FOUND', { kind: 'API', id: c.req.path }), 'zh-CN'), 404);
