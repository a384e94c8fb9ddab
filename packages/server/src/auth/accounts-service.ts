import { AppError } from '@healthwatch/core';
import { cachedMetadataIndex, findAccount, logEvent, saveAccount, setUserScope } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { checkPasswordPolicy, generatePassword, hashPassword } from './passwords.js';
import { isRole, ROLES } from './roles.js';

export interface AccountInput {
  username: string;
  password: string;
  role: string;
  displayName?: string | null;
  /** Org units (id, code or name) the user captures data for; descendants included. */
  capture?: readonly string[];
  /** Org units the user may view; defaults to the capture units. */
  view?: readonly string[];
}

/** Creates or updates an account with a policy-checked argon2id password and its scopes. */
export async function saveUserAccount(store: Store, a: AccountInput, by: string): Promise<number> {
  if (!isRole(a.role)) {
    throw new AppError('HW_VALIDATION', { reason: `role ${a.role}; choose ${Object.keys(ROLES).join(', ')}` });
  }
  if (!/^[A-Za-z0-9_.-]{2,64}$/.test(a.username)) {
    throw new AppError('HW_VALIDATION', { reason: `username ${a.username}` });
  }
  checkPasswordPolicy(a.username, a.password);
  const index = await cachedMetadataIndex(store);
  const ids = (refs: readonly string[] | undefined): number[] =>
    (refs ?? []).map((r) => {
      const ou = index.findOrgUnit(r);
      if (!ou || ou === 'ambiguous') {
        throw new AppError('HW_NOT_FOUND', { kind: '机构', id: r });
      }
      return ou.id;
    });
  const capture = ids(a.capture);
  const view = ids(a.view);
  const passwordHash = await hashPassword(a.password);
  let id = 0;
  await store.db.transaction().execute(async (tx) => {
    id = await saveAccount(tx, { username: a.username, role: a.role, passwordHash, displayName: a.displayName ?? null });
    await setUserScope(tx, id, 'capture', capture);
    await setUserScope(tx, id, 'view', view);
    await logEvent(tx, { username: by, action: 'user.save', target: a.username, detail: `role=${a.role}` });
  });
  return id;
}

/**
 * The first administrator: with a password given (HEALTHWATCH_ADMIN_PASSWORD) it is used;
 * otherwise a one-time password is generated and returned so `init` can print it once. Does
 * nothing when an admin with a password exists.
 */
export async function ensureAdmin(store: Store, password: string | undefined): Promise<{ created: boolean; password: string | null }> {
  const existing = await findAccount(store.db, 'admin');
  if (existing?.passwordHash) {
    return { created: false, password: null };
  }
  const pw = password ?? generatePassword();
  await saveUserAccount(store, { username: 'admin', password: pw, role: 'admin', displayName: '系统管理员' }, 'init');
  return { created: true, password: password ? null : pw };
}
