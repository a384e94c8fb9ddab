import { AppError, faultReference, internalError, isAppError, msg } from '@healthwatch/core';
import { classifyDbError, retryAfterSeconds } from '@healthwatch/store';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { requestLocale } from './locale.js';

/**
 * Every error leaves as `{ error: { code, message, details } }`, rendered here and only here, in
 * the caller's language, never with a stack trace or SQL.
 */
export const errorHandler: ErrorHandler = (err, c) => {
  const locale = requestLocale(c);
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
    return c.json(known.body(locale), known.status as 400);
  }
  // Unknown faults: log the cause on the server under a reference the user is shown.
  const ref = faultReference();
  console.error(`[healthwatch] internal error ${ref}:`, err);
  return c.json(internalError(err, ref).body(locale), 500);
};

export const notFound: NotFoundHandler = (c) =>
  c.json(
    new AppError('HW_NOT_FOUND', { kind: msg('kind.route'), id: c.req.path }).body(requestLocale(c)),
    404,
  );
