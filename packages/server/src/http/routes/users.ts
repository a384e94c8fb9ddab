import { AppError, msg } from '@healthwatch/core';
import { UserCreateRequest, UserPatchRequest } from '@healthwatch/contract';
import { listUserAccounts, saveUserAccount, updateUserAccount } from '@healthwatch/services';
import { findAccount } from '@healthwatch/store';
import { Hono } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { jsonBody } from '../middleware/validate.js';

/** User administration (admins): accounts, roles, scopes, passwords, disabling. Every change is audited. */
export function usersRoutes({ store }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/users', authorize('USER_ADMIN'), async (c) => c.json({ users: await listUserAccounts(store) }))
    .post('/users', authorize('USER_ADMIN'), jsonBody(UserCreateRequest, 'user'), async (c) => {
      const body = c.req.valid('json');
      if (await findAccount(store.db, body.username)) {
        throw new AppError('HW_CONFLICT', { reason: msg('reason.userExists', { username: body.username }) });
      }
      await saveUserAccount(store, c.get('ctx'), body);
      const created = (await listUserAccounts(store)).find((u) => u.username === body.username);
      return c.json(created, 201);
    })
    .patch('/users/:username', authorize('USER_ADMIN'), jsonBody(UserPatchRequest, 'user'), async (c) => {
      const username = c.req.param('username');
      await updateUserAccount(store, c.get('ctx'), username, c.req.valid('json'));
      return c.json((await listUserAccounts(store)).find((u) => u.username === username));
    })
    .delete('/users/:username', authorize('USER_ADMIN'), async (c) => {
      await updateUserAccount(store, c.get('ctx'), c.req.param('username'), { disabled: true });
      return c.json({ status: 'ok' });
    });
}
