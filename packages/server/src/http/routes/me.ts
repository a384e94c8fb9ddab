import { AppError, msg } from '@healthwatch/core';
import { PasswordChangeRequest, TokenRequest } from '@healthwatch/contract';
import { changeOwnPassword, issueApiToken, meView, tokenHash } from '@healthwatch/services';
import { listApiTokens, revokeApiToken } from '@healthwatch/store';
import { Hono } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { jsonBody } from '../middleware/validate.js';
import { sessionToken } from '../session-cookie.js';

/** The caller's own account: who they are, their password and their API tokens. */
export function meRoutes({ store }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/me', async (c) => c.json(await meView(store, c.get('principal'), c.get('ctx').today)))
    .post('/me/password', jsonBody(PasswordChangeRequest, 'current, next'), async (c) => {
      const p = c.get('principal');
      const body = c.req.valid('json');
      // The current session survives the change; the user's other sessions end.
      const session = p.via === 'session' ? sessionToken(c) : undefined;
      await changeOwnPassword(store, c.get('ctx'), body, session ? tokenHash(session) : null);
      return c.json({ status: 'ok' });
    })
    .post('/me/tokens', jsonBody(TokenRequest, 'name'), async (c) =>
      c.json(await issueApiToken(store, c.get('principal'), c.req.valid('json').name), 201),
    )
    .get('/me/tokens', async (c) =>
      c.json({ tokens: await listApiTokens(store.db, c.get('principal').userId) }),
    )
    .delete('/me/tokens/:id', async (c) => {
      const id = Number(c.req.param('id'));
      if (!Number.isInteger(id) || !(await revokeApiToken(store.db, c.get('principal').userId, id))) {
        throw new AppError('HW_NOT_FOUND', { kind: msg('kind.apiToken'), id: c.req.param('id') });
      }
      return c.json({ status: 'ok' });
    });
}
