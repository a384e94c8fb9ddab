import { AppError, METADATA_KINDS, msg } from '@healthwatch/core';
import {
  bumpMetadataVersion,
  DELETABLE_KINDS,
  deleteMetadataObject,
  logEvent,
  readMetadataBundle,
  referencesTo,
} from '@healthwatch/store';
import type { DeletableKind, Store } from '@healthwatch/store';
import { cachedMetadataIndex } from '@healthwatch/store';
import { belowScope } from '../auth/access-scope.js';
import type { ServiceContext } from '../service-context.js';
import { metadataWriteScope } from './write-scope.js';
import { bundleToNative } from './native-format.js';
import type { NativeMetadata } from './native-format.js';

/** The object kinds of the native format that the per-object API serves. */
export const OBJECT_KINDS = [
  ...METADATA_KINDS.filter(
    (k): k is Exclude<(typeof METADATA_KINDS)[number], 'orgUnitLevels' | 'categoryOptionCombos'> =>
      k !== 'orgUnitLevels' && k !== 'categoryOptionCombos',
  ),
  'functionIndicators',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export function isObjectKind(s: string): s is ObjectKind {
  return (OBJECT_KINDS as readonly string[]).includes(s);
}

type NativeObject = { id?: string | null; code?: string | null; name: string };

/** Every object of a kind, in the native format (references by id). */
export async function listObjects(store: Store, kind: ObjectKind): Promise<NativeObject[]> {
  const doc: NativeMetadata = bundleToNative(await readMetadataBundle(store.db));
  return doc[kind] ?? [];
}

export async function getObject(store: Store, kind: ObjectKind, ref: string): Promise<NativeObject> {
  const hit = (await listObjects(store, kind)).find((o) => o.id === ref || o.code === ref);
  if (!hit) {
    throw new AppError('HW_NOT_FOUND', { kind: msg(`metadataKind.${kind}`), id: ref });
  }
  return hit;
}

/**
 * Deletes one object when nothing refers to it; otherwise `HW_REFERENCED` lists what does (child
 * units, data values, data sets, user scopes, indicator formulas). A writer whose capture scope
 * does not cover everything deletes only units strictly below its roots (as it imports them).
 */
export async function deleteObject(
  store: Store,
  ctx: ServiceContext,
  kind: ObjectKind,
  ref: string,
): Promise<void> {
  const writeScope = await metadataWriteScope(store, ctx);
  if (writeScope !== null && kind === 'orgUnits') {
    const unit = (await cachedMetadataIndex(store)).orgUnits.find(ref);
    if (unit && !belowScope(writeScope, unit.path)) {
      throw new AppError('HW_FORBIDDEN', {
        reason: msg('forbidden.orgUnitOutsideScope', { unit: unit.name }),
      });
    }
  }
  if (!(DELETABLE_KINDS as readonly string[]).includes(kind)) {
    throw new AppError('HW_VALIDATION', {
      reason: msg('reason.cannotDelete', {
        kind: msg(`metadataKind.${kind}`),
        allowed: DELETABLE_KINDS.join(', '),
      }),
    });
  }
  await store.transaction(async (tx) => {
    const r = await referencesTo(tx, kind as DeletableKind, ref);
    if (!r.found) {
      throw new AppError('HW_NOT_FOUND', { kind: msg(`metadataKind.${kind}`), id: ref });
    }
    if (r.references.length > 0) {
      throw new AppError(
        'HW_REFERENCED',
        { kind: msg(`metadataKind.${kind}`), id: r.name },
        { details: r.references.map((m) => ({ path: kind, message: m })) },
      );
    }
    await deleteMetadataObject(tx, kind as DeletableKind, r.uid);
    await bumpMetadataVersion(tx);
    await logEvent(tx, {
      username: ctx.actor,
      action: 'metadata.delete',
      target: `${kind}/${r.uid}`,
      detail: r.name,
    });
  });
}
