import { AppError, msg } from '@healthwatch/core';
import type { MetadataIndex, OrgUnitRow } from '@healthwatch/store';

/**
 * Where a user may act: the roots of the capture scope (writes) and of the view scope (reads), as
 * materialised paths (`/uid/uid/`), descendants included; `null` means everywhere. Every handler
 * asks the functions below, so "within the caller's scope" has one meaning in the whole API.
 */
export interface AccessScope {
  readonly capturePaths: readonly string[] | null;
  readonly viewPaths: readonly string[] | null;
}

export const ScopeKind = { VIEW: 'view', CAPTURE: 'capture' } as const;
export type ScopeKind = (typeof ScopeKind)[keyof typeof ScopeKind];

export function scopePaths(s: AccessScope, kind: ScopeKind): readonly string[] | null {
  return kind === ScopeKind.CAPTURE ? s.capturePaths : s.viewPaths;
}

/** Whether a unit (by its path) lies in a scope, its roots included. */
export function inScope(paths: readonly string[] | null, ouPath: string): boolean {
  return paths === null || paths.some((p) => ouPath.startsWith(p));
}

/** Whether a unit lies strictly below a root of the scope (the roots themselves excluded). */
export function belowScope(paths: readonly string[] | null, ouPath: string): boolean {
  return paths === null || paths.some((p) => ouPath.startsWith(p) && ouPath !== p);
}

/** Whether a scope covers the whole hierarchy (no limit, or every top-level unit is a root). */
export function coversEverything(paths: readonly string[] | null, index: MetadataIndex): boolean {
  if (paths === null) {
    return true;
  }
  const tops = [...index.orgUnits.byId.values()].filter((o) => o.parentId === null);
  return tops.length > 0 && tops.every((t) => inScope(paths, t.path));
}

/** The root units of a scope (`null`: everywhere). */
export function scopeRoots(s: AccessScope, kind: ScopeKind, index: MetadataIndex): OrgUnitRow[] | null {
  const paths = scopePaths(s, kind);
  if (paths === null) {
    return null;
  }
  const wanted = new Set(paths);
  return [...index.orgUnits.byId.values()].filter((o) => wanted.has(o.path));
}

export function outOfScopeError(unit: OrgUnitRow, kind: ScopeKind): AppError {
  return new AppError('HW_FORBIDDEN', {
    reason: msg('forbidden.outOfScope', { unit: unit.name, scope: msg(`scope.${kind}`) }),
  });
}

/** Refuses a unit outside the scope. */
export function assertInScope(s: AccessScope, kind: ScopeKind, unit: OrgUnitRow): OrgUnitRow {
  if (!inScope(scopePaths(s, kind), unit.path)) {
    throw outOfScopeError(unit, kind);
  }
  return unit;
}

/**
 * The unit a reference (uid, code or unique name) names, if it lies in the scope: unknown or
 * ambiguous references are 404, units outside the scope 403.
 */
export function unitInScope(s: AccessScope, kind: ScopeKind, index: MetadataIndex, ref: string): OrgUnitRow {
  const ou = index.findOrgUnit(ref);
  if (!ou || ou === 'ambiguous') {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: ref });
  }
  return assertInScope(s, kind, ou);
}

/**
 * The unit an answer is computed for when the caller names none: the top of the hierarchy for a
 * user who sees everything, the one root of a scoped user's view; a user with several roots must
 * name one (an answer for the top would be wider than the scope).
 */
export function unitOrDefault(
  s: AccessScope,
  index: MetadataIndex,
  ref: string | undefined | null,
): OrgUnitRow {
  if (ref !== undefined && ref !== null && ref !== '') {
    return unitInScope(s, ScopeKind.VIEW, index, ref);
  }
  const roots = scopeRoots(s, ScopeKind.VIEW, index);
  const candidates = roots ?? [...index.orgUnits.byId.values()].filter((o) => o.parentId === null);
  const sorted = [...candidates].sort((a, b) => a.id - b.id);
  const first = sorted[0];
  if (!first) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: '' });
  }
  if (roots !== null && sorted.length > 1) {
    throw new AppError('HW_FORBIDDEN', {
      reason: msg('forbidden.scopeRequired', { scope: msg('scope.view') }),
    });
  }
  return first;
}
