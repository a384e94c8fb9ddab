import { principalContext } from '@healthwatch/services';
import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env.js';

/**
 * The request's service context (`c.var.ctx`): the principal as actor and scope, the request's
 * locale, and today (pinned by the app's `today` option in tests, else the system date).
 */
export function serviceContext(today: (() => string) | undefined): MiddlewareHandler<Env> {
  return async (c, next) => {
    c.set('ctx', principalContext(c.get('principal'), c.get('locale'), today?.()));
    await next();
  };
}
