import { AppError } from '@healthwatch/core';
import { authenticate as authenticateCredentials } from '@healthwatch/services';
import type { Store } from '@healthwatch/store';
import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env.js';
import { sessionToken } from '../session-cookie.js';

/** Everything behind it needs a principal: a session cookie or a bearer API token (401 without). */
export function authenticate(store: Store): MiddlewareHandler<Env> {
  return async (c, next) => {
    const auth = c.req.header('authorization');
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const principal = await authenticateCredentials(store, { session: sessionToken(c), bearer });
    if (!principal) {
      throw new AppError('HW_UNAUTHENTICATED');
    }
    c.set('principal', principal);
    await next();
  };
}
