import { resolveLocale } from '@healthwatch/core';
import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env.js';

/** The caller's language: `?locale=` first, else Accept-Language (zh-CN when neither says). */
export function locale(): MiddlewareHandler<Env> {
  return async (c, next) => {
    c.set('locale', resolveLocale(c.req.query('locale') ?? c.req.header('accept-language')));
    await next();
  };
}
