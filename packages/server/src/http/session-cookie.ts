import type { Context } from 'hono';

export const SESSION_COOKIE = 'hw_session';

/** The session cookie, read from the raw header (hono's getCookie typing trips the linter here). */
export function sessionToken(c: Context): string | undefined {
  return /(?:^|;\s*)hw_session=([^;]+)/.exec(c.req.header('cookie') ?? '')?.[1];
}

export function isHttps(c: Context): boolean {
  return c.req.header('x-forwarded-proto') === 'https' || c.req.url.startsWith('https:');
}
