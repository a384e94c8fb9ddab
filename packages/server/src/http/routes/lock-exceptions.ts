import { LockExceptionRequest } from '@healthwatch/contract';
import { grantLockException, listLockExceptionViews, revokeLockException } from '@healthwatch/services';
import { Hono } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { jsonBody } from '../middleware/validate.js';

/** Lock exceptions: a form of an expired period reopened for entry (admins). */
export function lockExceptionsRoutes({ store }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/lockExceptions', authorize('USER_ADMIN'), async (c) =>
      c.json({ exceptions: await listLockExceptionViews(store) }),
    )
    .post(
      '/lockExceptions',
      authorize('USER_ADMIN'),
      jsonBody(LockExceptionRequest, 'dataSet, orgUnit, period, reason'),
      async (c) => {
        await grantLockException(store, c.get('ctx'), c.req.valid('json'));
        return c.json({ exceptions: await listLockExceptionViews(store) }, 201);
      },
    )
    .delete('/lockExceptions/:id', authorize('USER_ADMIN'), async (c) => {
      await revokeLockException(store, c.get('ctx'), Number(c.req.param('id')));
      return c.json({ status: 'ok' });
    });
}
