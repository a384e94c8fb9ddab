import { AppError } from '@healthwatch/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { Env } from '../env.js';

/** Cookie-authenticated writes carry the CSRF token handed out at login (tokens need none). */
export function csrf(): MiddlewareHandler<Env> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (
      principal.via === 'session' &&
      !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) &&
      c.req.header('x-csrf-token') !== principal.csrfToken
    ) {
      throw new AppError('HW_CSRF');
    }
    await next();
  };
}

/**
 * Login must come from our own pages: a cross-site form could otherwise sign a victim into the
 * attacker's account (login CSRF). A JSON content type cannot be sent cross-site without a CORS
 * preflight that this server never grants, and browsers name the origin of cross-site requests.
 */
export function sameOriginJson(): MiddlewareHandler {
  return async (c, next) => {
    if (
      !isSameOrigin(c) ||
      !(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')
    ) {
      throw new AppError('HW_CSRF');
    }
    await next();
  };
}

/**
 * Whether a browser request comes from our own origin: a cross-site request carries an Origin
 * (or Sec-Fetch-Site) that says so; clients that are not browsers (curl, scripts) send neither.
 */
function isSameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return false;
  }
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') {
    return origin === undefined;
  }
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}
