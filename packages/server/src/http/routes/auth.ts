import { LoginRequest } from '@healthwatch/contract';
import { describePrincipal, login, logout, SESSION_TTL_MS } from '@healthwatch/services';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { bodyLimit } from '../middleware/body-limit.js';
import { sameOriginJson } from '../middleware/csrf.js';
import { jsonBody } from '../middleware/validate.js';
import { isHttps, SESSION_COOKIE } from '../session-cookie.js';

/** Login is anonymous, so its body is small: a user name and a password, never megabytes. */
const LOGIN_BODY_BYTES = 4 * 1024;

/** Login: anonymous, mounted before the authenticate middleware. */
export function loginRoutes({ store, addresses, limiter }: RouteDeps): Hono<Env> {
  return new Hono<Env>().post(
    '/auth/login',
    bodyLimit(LOGIN_BODY_BYTES),
    sameOriginJson(),
    jsonBody(LoginRequest, 'username, password'),
    async (c) => {
      const body = c.req.valid('json');
      const r = await login(store, body.username, body.password, { address: addresses.of(c), limiter });
      setCookie(c, SESSION_COOKIE, r.token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: isHttps(c),
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      return c.json({ user: describePrincipal(r.principal), csrfToken: r.csrfToken });
    },
  );
}

/** Logout: behind authenticate, so only a signed-in caller ends a session. */
export function logoutRoutes({ store }: RouteDeps): Hono<Env> {
  return new Hono<Env>().post('/auth/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      await logout(store, token);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ status: 'ok' });
  });
}
