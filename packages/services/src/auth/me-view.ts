import type { MeResponse, ScopeUnit, UserSummary } from '@healthwatch/contract';
import { cachedMetadataIndex, findAccount } from '@healthwatch/store';
import type { OrgUnitRow, Store } from '@healthwatch/store';
import { scopeRoots, ScopeKind } from './access-scope.js';
import type { Principal } from './auth-service.js';
import { ROLES } from './roles.js';

/** Who a principal is, for pages: the role's name and its authorities (none for an unknown role). */
export function describePrincipal(p: Principal): UserSummary {
  const role = ROLES[p.role as keyof typeof ROLES] as (typeof ROLES)[keyof typeof ROLES] | undefined;
  return {
    username: p.username,
    role: p.role,
    roleName: role?.name ?? p.role,
    authorities: [...(role?.authorities ?? [])],
  };
}

function scopeUnits(units: OrgUnitRow[] | null): ScopeUnit[] | null {
  return units?.map((o) => ({ id: o.uid, code: o.code, name: o.name, level: o.level })) ?? null;
}

/**
 * The signed-in user as `/api/me` answers: account, CSRF token of a session, scope roots, and the
 * server's today (the web app's period defaults count from it, not from the browser's clock).
 */
export async function meView(store: Store, p: Principal, today: string): Promise<MeResponse> {
  const index = await cachedMetadataIndex(store);
  const account = await findAccount(store.db, p.username);
  return {
    ...describePrincipal(p),
    displayName: account?.displayName ?? null,
    csrfToken: p.via === 'session' ? p.csrfToken : null,
    capture: scopeUnits(scopeRoots(p, ScopeKind.CAPTURE, index)),
    view: scopeUnits(scopeRoots(p, ScopeKind.VIEW, index)),
    today,
  };
}
