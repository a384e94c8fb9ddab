import { AddressLimiter, LOGIN_ATTEMPTS_PER_MINUTE } from '@healthwatch/services';
import type { Store } from '@healthwatch/store';
import { Hono } from 'hono';
import { ClientAddresses } from './client-address.js';
import type { AppOptions, RouteDeps } from './deps.js';
import type { Env } from './env.js';
import { authenticate } from './middleware/authenticate.js';
import { bodyLimit } from './middleware/body-limit.js';
import { csrf } from './middleware/csrf.js';
import { errorHandler, notFound } from './middleware/error-handler.js';
import { locale } from './middleware/locale.js';
import { securityHeaders } from './middleware/security-headers.js';
import { serviceContext } from './middleware/service-context.js';
import { analyticsRoutes } from './routes/analytics.js';
import { approvalsRoutes } from './routes/approvals.js';
import { auditRoutes } from './routes/audit.js';
import { loginRoutes, logoutRoutes } from './routes/auth.js';
import { dataEntryRoutes } from './routes/data-entry.js';
import { dataQualityRoutes } from './routes/data-quality.js';
import { dataValueSetsRoutes } from './routes/data-value-sets.js';
import { dataValuesRoutes } from './routes/data-values.js';
import { healthRoutes } from './routes/health.js';
import { lockExceptionsRoutes } from './routes/lock-exceptions.js';
import { meRoutes } from './routes/me.js';
import { metadataRoutes } from './routes/metadata.js';
import { openApiRoutes } from './routes/openapi.js';
import { planImportRoutes } from './routes/plan-import.js';
import { plansRoutes } from './routes/plans.js';
import { surveillanceRoutes } from './routes/surveillance.js';
import { usersRoutes } from './routes/users.js';
import { validationRoutes } from './routes/validation.js';
import { workspaceRoutes } from './routes/workspace.js';
import { serveWebApp } from './web-app.js';

export type { AppOptions } from './deps.js';
export type { Env } from './env.js';

/**
 * The HTTP API. Every route below `/api` except health, the OpenAPI document and login needs a
 * session cookie or a bearer API token; cookie-authenticated writes need the CSRF token from
 * login; each route declares its authority in its chain and checks org-unit scopes through the
 * services. Errors are `{ error: { code, message, details } }` and never carry stack traces or SQL.
 *
 * Order matters: Hono runs middleware and routes in the order they are added, so the anonymous
 * routes come before `authenticate`, which then guards every later route and every unknown
 * /api path (401 before 404).
 */
export function createApp(store: Store, options: AppOptions = {}): Hono<Env> {
  const maxBody = options.maxBodyBytes ?? 50 * 1024 * 1024;
  const deps: RouteDeps = {
    store,
    options,
    maxBody,
    addresses: new ClientAddresses(options.trustedProxies ?? []),
    limiter: new AddressLimiter(LOGIN_ATTEMPTS_PER_MINUTE),
  };
  const app = new Hono<Env>();
  app.use('*', securityHeaders());
  app.onError(errorHandler);
  app.notFound(notFound);
  app.use('/api/*', locale(), bodyLimit(maxBody));

  // Anonymous.
  app.route('/api', healthRoutes(deps));
  app.route('/api', openApiRoutes(deps));
  app.route('/api', loginRoutes(deps));

  // Everything below needs a principal.
  app.use('/api/*', authenticate(store), csrf(), serviceContext(options.today, options.timeZone));
  app.route('/api', logoutRoutes(deps));
  app.route('/api', meRoutes(deps));
  app.route('/api', analyticsRoutes(deps));
  app.route('/api', dataValueSetsRoutes(deps));
  app.route('/api', dataValuesRoutes(deps));
  app.route('/api', dataEntryRoutes(deps));
  app.route('/api', approvalsRoutes(deps));
  app.route('/api', workspaceRoutes(deps));
  app.route('/api', lockExceptionsRoutes(deps));
  app.route('/api', auditRoutes(deps));
  app.route('/api', usersRoutes(deps));
  app.route('/api', surveillanceRoutes(deps));
  app.route('/api', validationRoutes(deps));
  app.route('/api', dataQualityRoutes(deps));
  app.route('/api', metadataRoutes(deps));
  app.route('/api', plansRoutes(deps));
  app.route('/api', planImportRoutes(deps));

  serveWebApp(app, options.webRoot);
  return app;
}
