import { AppError, msg } from '@healthwatch/core';
import {
  deleteObject,
  exportMetadata,
  exportMetadataDhis2,
  getObject,
  importMetadataDocument,
  isObjectKind,
  listObjects,
} from '@healthwatch/services';
import type { ObjectKind } from '@healthwatch/services';
import { logEvent } from '@healthwatch/store';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { readJson } from '../read-json.js';

function kindOf(c: Context): ObjectKind {
  const k = c.req.param('kind') ?? '';
  if (!isObjectKind(k)) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.metadataKind'), id: k });
  }
  return k;
}

/**
 * Metadata: the whole document (export for everyone who reads it, import for those who maintain
 * it), and one object at a time: list, get, create or update (through the metadata checks),
 * delete (refused while anything refers to the object).
 */
export function metadataRoutes({ store, addresses }: RouteDeps): Hono<Env> {
  return new Hono<Env>()
    .get('/metadata/:kind', authorize('METADATA_READ'), async (c) =>
      c.json({ [kindOf(c)]: await listObjects(store, kindOf(c)) }),
    )
    .get('/metadata/:kind/:id', authorize('METADATA_READ'), async (c) =>
      c.json(await getObject(store, kindOf(c), c.req.param('id'))),
    )
    .put('/metadata/:kind/:id', authorize('METADATA_WRITE'), async (c) => {
      const p = c.get('principal');
      const kind = kindOf(c);
      const body = await readJson(c);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new AppError('HW_VALIDATION', { reason: msg('validation.objectExpected') });
      }
      const id = c.req.param('id');
      const obj = { ...(body as Record<string, unknown>) };
      // The path names the object: an id-shaped path is its id, anything else its code.
      if (/^[a-zA-Z][a-zA-Z0-9]{10}$/.test(id)) {
        obj.id = id;
      } else {
        obj.code = id;
      }
      // A scoped maintainer changes units strictly below its capture scope only (the service checks).
      const summary = await importMetadataDocument(store, c.get('ctx'), { [kind]: [obj] });
      await logEvent(store.db, {
        username: p.username,
        action: 'metadata.save',
        target: `${kind}/${id}`,
        ip: addresses.of(c),
      });
      return c.json(summary);
    })
    .delete('/metadata/:kind/:id', authorize('METADATA_WRITE'), async (c) => {
      // Scoped maintainers delete only units strictly below their scope (the service checks).
      await deleteObject(store, c.get('ctx'), kindOf(c), c.req.param('id'));
      return c.json({ status: 'ok' });
    })
    .get('/metadata', authorize('METADATA_READ'), async (c) =>
      c.json(
        c.req.query('format') === 'dhis2' ? await exportMetadataDhis2(store) : await exportMetadata(store),
      ),
    )
    .post('/metadata', authorize('METADATA_WRITE'), async (c) => {
      const p = c.get('principal');
      const summary = await importMetadataDocument(store, c.get('ctx'), await readJson(c), {
        dryRun: c.req.query('dryRun') === 'true',
      });
      await logEvent(store.db, {
        username: p.username,
        action: 'metadata.import',
        detail: JSON.stringify(summary.counts),
        ip: addresses.of(c),
      });
      return c.json(summary);
    });
}
