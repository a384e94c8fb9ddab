import { resolveTimeZone } from '@healthwatch/core';
import { principalContext, systemToday } from '@healthwatch/services';
import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env.js';

/**
 * The request's service context (`c.var.ctx`): the principal as actor and scope, the request's
 * locale, and today (pinned by the app's `today` option in tests, else the date of the request in
 * the deployment's time zone).
 */
export function serviceContext(
  today: (() => string) | undefined,
  timeZone: string | undefined,
): MiddlewareHandler<Env> {
  return async (c, next) => {
    c.set(
      'ctx',
      principalContext(
        c.get('principal'),
        c.get('locale'),
        today?.() ?? systemToday(timeZone),
        resolveTimeZone(timeZone),
      ),
    );
    await next();
  };
}
