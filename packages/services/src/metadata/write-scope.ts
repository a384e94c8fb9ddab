import { cachedMetadataIndex } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { coversEverything } from '../auth/access-scope.js';
import { accessScope } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';

/**
 * Where the context may change the hierarchy: anywhere (`null`) when its capture scope covers
 * everything, else strictly below the roots of its capture scope (metadata-service.ts
 * checkWriteScope): the roots and what is above them belong to whoever manages that level.
 */
export async function metadataWriteScope(
  store: Store,
  ctx: ServiceContext,
): Promise<readonly string[] | null> {
  const capture = accessScope(ctx).capturePaths;
  return capture === null || coversEverything(capture, await cachedMetadataIndex(store)) ? null : capture;
}
