import { AppError, msg } from '@healthwatch/core';
import {
  belowScope,
  coversEverything,
  deleteObject,
  exportMetadata,
  exportMetadataDhis2,
  getObject,
  importMetadataDocument,
  isObjectKind,
  listObjects,
} from '@healthwatch/services';
import type { ObjectKind, Principal } from '@healthwatch/services';
import { cachedMetadataIndex, logEvent } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { RouteDeps } from '../deps.js';
import type { Env } from '../env.js';
import { authorize } from '../middleware/authorize.js';
import { readJson } from '../read-json.js';

/**
 * Where a metadata writer may change the hierarchy: nowhere limited when their capture scope
 * covers everything, else strictly below its roots (metadata-service.ts checkWriteScope).
 */
async function metadataWriteScope(store: Store, p: Principal): Promise<readonly string[] | null> {
  return coversEverything(p.capturePaths, await cachedMetadataIndex(store)) ? null : (p.capturePaths ?? null);
}

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
      const summary = await importMetadataDocument(
        store,
        { [kind]: [obj] },
        { locale: c.get('locale'), writeScope: await metadataWriteScope(store, p) },
      );
      await logEvent(store.db, {
        username: p.username,
        action: 'metadata.save',
        target: `${kind}/${id}`,
        ip: addresses.of(c),
      });
      return c.json(summary);
    })
    .delete('/metadata/:kind/:id', authorize('METADATA_WRITE'), async (c) => {
      const p = c.get('principal');
      const kind = kindOf(c);
      const writeScope = await metadataWriteScope(store, p);
      if (writeScope !== null) {
        // Scoped maintainers delete only units strictly below their scope.
        const unit =
          kind === 'orgUnits'
            ? (await cachedMetadataIndex(store)).orgUnits.find(c.req.param('id'))
            : undefined;
        if (unit && !belowScope(writeScope, unit.path)) {
          throw new AppError('HW_FORBIDDEN', {
            reason: msg('forbidden.orgUnitOutsideScope', { unit: unit.name }),
          });
        }
      }
      await deleteObject(store, kind, c.req.param('id'), p.username);
      return c.json({ status: 'ok' });
    })
    .get('/metadata', authorize('METADATA_READ'), async (c) =>
      c.json(
        c.req.query('format') === 'dhis2' ? await exportMetadataDhis2(store) : await exportMetadata(store),
      ),
    )
    .post('/metadata', authorize('METADATA_WRITE'), async (c) => {
      const p = c.get('principal');
      const summary = await importMetadataDocument(store, await readJson(c), {
        locale: c.get('locale'),
        dryRun: c.req.query('dryRun') === 'true',
        writeScope: await metadataWriteScope(store, p),
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
