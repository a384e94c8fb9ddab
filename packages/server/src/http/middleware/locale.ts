import { resolveLocale } from '@healthwatch/core';
import type { Locale } from '@healthwatch/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { Env } from '../env.js';

/** The caller's language: `?locale=` first, else Accept-Language (zh-CN when neither says). */
export function requestLocale(c: Context): Locale {
  return resolveLocale(c.req.query('locale') ?? c.req.header('accept-language'));
}

/** Puts the caller's language in `c.var.locale` for the routes and services. */
export function locale(): MiddlewareHandler<Env> {
  return async (c, next) => {
    c.set('locale', requestLocale(c));
    await next();
  };
}
