import { ApprovalRequest, EntryFormQuery } from '@healthwatch/contract';
import { approvalView, changeApproval, unscoped } from '@healthwatch/services';
import { Hono } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { jsonBody, queryOf } from '../middleware/validate.js';

/** Approval of a form (institution → 镇街 → district): its state and the actions on it. */
export function approvalsRoutes({ store }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/dataApprovals', authorize('DATA_READ'), queryOf(EntryFormQuery, 'ds, ou, pe'), async (c) => {
      const q = c.req.valid('query');
      return c.json(await approvalView(store, c.get('ctx'), { dataSet: q.ds, orgUnit: q.ou, period: q.pe }));
    })
    .post(
      '/dataApprovals',
      authorize('DATA_APPROVE'),
      jsonBody(ApprovalRequest, 'dataSet, orgUnit, period, action'),
      async (c) => {
        const ctx = c.get('ctx');
        const body = c.req.valid('json');
        await changeApproval(store, ctx, body);
        // The state after the move: the move was checked against the capture scope, so the answer
        // needs no second check against the view scope; the locks are still judged for the caller.
        return c.json(await approvalView(store, unscoped(ctx), body));
      },
    );
}
