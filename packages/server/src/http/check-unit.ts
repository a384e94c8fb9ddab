import type { AccessScope, ScopeKind } from '@healthwatch/services';
import { unitInScope } from '@healthwatch/services';
import { cachedMetadataIndex } from '@healthwatch/store';
import type { OrgUnitRow, Store } from '@healthwatch/store';

/** The one scope check of every handler that names a unit (see services auth/access-scope.ts). */
export async function checkUnit(
  store: Store,
  scope: AccessScope,
  ref: string,
  kind: ScopeKind,
): Promise<OrgUnitRow> {
  return unitInScope(scope, kind, await cachedMetadataIndex(store), ref);
}
