import { expect } from 'vitest';

/** Anything that answers requests like a Hono app (`app.request`). */
export interface RequestTarget {
  request: (path: string, init?: RequestInit) => Response | Promise<Response>;
}

/**
 * Signs in through POST /api/auth/login and answers the headers of a cookie session: the cookie,
 * the CSRF token writes need, and a content type (JSON unless told).
 */
export async function sessionHeaders(
  app: RequestTarget,
  username: string,
  password: string,
  contentType = 'application/json',
): Promise<Record<string, string>> {
  const r = await app.request('/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username, password }),
    headers: { 'content-type': 'application/json' },
  });
  expect(r.status, `login ${username}`).toBe(200);
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return {
    cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    'x-csrf-token': csrfToken,
    'content-type': contentType,
  };
}
