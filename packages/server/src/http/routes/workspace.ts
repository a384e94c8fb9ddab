import { FormReturnRequest, ReminderListQuery, ReminderRequest, WorkspaceQuery } from '@healthwatch/contract';
import type { Authority } from '@healthwatch/core';
import {
  can,
  listWorkspace,
  myReports,
  remind,
  reminderList,
  reminderListFile,
  returnForm,
} from '@healthwatch/services';
import type { Principal } from '@healthwatch/services';
import { Hono } from 'hono';
import { contentDisposition } from '../content-disposition.js';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { jsonBody, queryOf } from '../middleware/validate.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const authorities =
  (p: Principal) =>
  (a: Authority): boolean =>
    can(p, a);

/** The reporting workspace: the forms' statuses, returns with a 审核意见, 催报, a clerk's own list. */
export function workspaceRoutes({ store, options }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get(
      '/workspace/reports',
      authorize('DATA_READ'),
      queryOf(WorkspaceQuery, 'dataSet, period, status, orgUnit'),
      async (c) => {
        const rows = await listWorkspace(
          store,
          c.get('ctx'),
          c.req.valid('query'),
          authorities(c.get('principal')),
        );
        return c.json({ rows });
      },
    )
    .post(
      '/workspace/returns',
      authorize('DATA_APPROVE'),
      jsonBody(FormReturnRequest, 'dataSet, orgUnit, period, comment'),
      async (c) => {
        await returnForm(store, c.get('ctx'), c.req.valid('json'));
        return c.json({ status: 'ok' });
      },
    )
    .post(
      '/workspace/reminders',
      authorize('DATA_APPROVE'),
      jsonBody(ReminderRequest, 'dataSet, period, orgUnits'),
      async (c) =>
        c.json(await remind(store, c.get('ctx'), c.req.valid('json'), { webhookUrl: options.notifyWebhook })),
    )
    .get(
      '/workspace/reminders',
      authorize('DATA_READ'),
      queryOf(ReminderListQuery, 'dataSet, period, format'),
      async (c) => {
        const q = c.req.valid('query');
        if (q.format === 'xlsx') {
          const file = await reminderListFile(store, c.get('ctx'), q);
          return c.body(new Uint8Array(file), 200, {
            'content-type': XLSX_TYPE,
            'content-disposition': contentDisposition(`reminders-${q.dataSet}-${q.period ?? 'latest'}.xlsx`),
          });
        }
        return c.json({ rows: await reminderList(store, c.get('ctx'), q) });
      },
    )
    .get('/workspace/mine', authorize('DATA_READ'), async (c) =>
      c.json({ rows: await myReports(store, c.get('ctx'), authorities(c.get('principal'))) }),
    );
}
