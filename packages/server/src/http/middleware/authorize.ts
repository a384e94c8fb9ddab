import type { Authority } from '@healthwatch/core';
import { requireAuthority } from '@healthwatch/services';
import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env.js';

/** Declares in the route chain which authority a route needs (403 without it). */
export function authorize(authority: Authority): MiddlewareHandler<Env> {
  return async (c, next) => {
    requireAuthority(c.get('principal'), authority);
    await next();
  };
}
