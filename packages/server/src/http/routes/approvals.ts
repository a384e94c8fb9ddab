import { ApprovalRequest, EntryFormQuery } from '@healthwatch/contract';
import { approvalView, can, changeApproval, inScope } from '@healthwatch/services';
import { Hono } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { jsonBody, queryOf } from '../middleware/validate.js';

/** Approval of a form (institution → 镇街 → district): its state and the actions on it. */
export function approvalsRoutes({ store, options }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/dataApprovals', authorize('DATA_READ'), queryOf(EntryFormQuery, 'ds, ou, pe'), async (c) => {
      const p = c.get('principal');
      const q = c.req.valid('query');
      const ref = { dataSet: q.ds, orgUnit: q.ou, period: q.pe };
      return c.json(
        await approvalView(store, ref, {
          allow: (path) => inScope(p.viewPaths, path),
          locale: c.get('locale'),
          enforceExpiry: !can(p, 'DATA_EDIT_EXPIRED'),
          today: options.today?.(),
        }),
      );
    })
    .post(
      '/dataApprovals',
      authorize('DATA_APPROVE'),
      jsonBody(ApprovalRequest, 'dataSet, orgUnit, period, action'),
      async (c) => {
        const p = c.get('principal');
        const body = c.req.valid('json');
        await changeApproval(store, body, body.action, {
          actor: p.username,
          allow: (path) => inScope(p.capturePaths, path),
          locale: c.get('locale'),
          reason: body.reason,
        });
        return c.json(
          await approvalView(store, body, {
            allow: () => true,
            locale: c.get('locale'),
            enforceExpiry: !can(p, 'DATA_EDIT_EXPIRED'),
            today: options.today?.(),
          }),
        );
      },
    );
}
