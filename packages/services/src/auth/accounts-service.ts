import { AppError, msg } from '@healthwatch/core';
import {
  cachedMetadataIndex,
  deleteUserSessions,
  deleteUserSessionsExcept,
  revokeUserTokens,
  findAccount,
  listAccounts,
  logEvent,
  saveAccount,
  setAccountDisabled,
  setPasswordHash,
  setUserScope,
  userScopes,
} from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { everywhereContext } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './passwords.js';
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

/** Creates or updates an account with a policy-checked argon2id password and its scopes (audited as the context's actor). */
export async function saveUserAccount(store: Store, ctx: ServiceContext, a: AccountInput): Promise<number> {
  if (!isRole(a.role)) {
    throw new AppError('HW_VALIDATION', {
      reason: msg('reason.role', { role: a.role, allowed: Object.keys(ROLES).join(', ') }),
    });
  }
  if (!/^[A-Za-z0-9_.-]{2,64}$/.test(a.username)) {
    throw new AppError('HW_VALIDATION', { reason: msg('reason.username', { username: a.username }) });
  }
  checkPasswordPolicy(a.username, a.password);
  const index = await cachedMetadataIndex(store);
  const ids = (refs: readonly string[] | undefined): number[] =>
    (refs ?? []).map((r) => {
      const ou = index.findOrgUnit(r);
      if (!ou || ou === 'ambiguous') {
        throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: r });
      }
      return ou.id;
    });
  const capture = ids(a.capture);
  const view = ids(a.view);
  const passwordHash = await hashPassword(a.password);
  let id = 0;
  await store.transaction(async (tx) => {
    id = await saveAccount(tx, {
      username: a.username,
      role: a.role,
      passwordHash,
      displayName: a.displayName ?? null,
    });
    await setUserScope(tx, id, 'capture', capture);
    await setUserScope(tx, id, 'view', view);
    await logEvent(tx, {
      username: ctx.actor,
      action: 'user.save',
      target: a.username,
      detail: `role=${a.role}`,
    });
  });
  return id;
}

/**
 * The first administrator: with a password given (HEALTHWATCH_ADMIN_PASSWORD) it is used;
 * otherwise a one-time password is generated and returned so `init` can print it once. Does
 * nothing when an admin with a password exists.
 */
export async function ensureAdmin(
  store: Store,
  password: string | undefined,
): Promise<{ created: boolean; password: string | null }> {
  const existing = await findAccount(store.db, 'admin');
  if (existing?.passwordHash) {
    return { created: false, password: null };
  }
  const pw = password ?? generatePassword();
  // Recorded as made by `init`, the command that creates the first administrator.
  await saveUserAccount(store, everywhereContext('init', 'zh-CN'), {
    username: 'admin',
    password: pw,
    role: 'admin',
    displayName: '系统管理员',
  });
  return { created: true, password: password ? null : pw };
}

/** An account as the administration API shows it: never the password hash. */
export interface AccountView {
  username: string;
  displayName: string | null;
  role: string;
  roleName: string;
  disabled: boolean;
  locked: boolean;
  /** Org units by code (or id when without code). */
  capture: string[];
  view: string[];
}

export async function listUserAccounts(store: Store): Promise<AccountView[]> {
  const index = await cachedMetadataIndex(store);
  const name = (id: number): string => {
    const ou = index.orgUnits.byId.get(id);
    return ou ? (ou.code ?? ou.uid) : String(id);
  };
  const now = Date.now();
  const out: AccountView[] = [];
  for (const a of await listAccounts(store.db)) {
    const s = await userScopes(store.db, a.id);
    out.push({
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      roleName: isRole(a.role) ? ROLES[a.role].name : a.role,
      disabled: a.disabled,
      locked: a.lockedUntil !== null && a.lockedUntil > now,
      capture: s.capture.map(name),
      view: s.view.map(name),
    });
  }
  return out;
}

export interface AccountPatch {
  role?: string;
  displayName?: string | null;
  password?: string;
  capture?: readonly string[];
  view?: readonly string[];
  disabled?: boolean;
}

/**
 * Changes an existing account: role, name, scopes, password (policy-checked; unlocks), or
 * disabled (which also ends its sessions). Audited as an admin action of the context's actor, who
 * cannot disable their own account.
 */
export async function updateUserAccount(
  store: Store,
  ctx: ServiceContext,
  username: string,
  patch: AccountPatch,
): Promise<void> {
  const account = await findAccount(store.db, username);
  if (!account) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.user'), id: username });
  }
  if (patch.role !== undefined && !isRole(patch.role)) {
    throw new AppError('HW_VALIDATION', {
      reason: msg('reason.role', { role: patch.role, allowed: Object.keys(ROLES).join(', ') }),
    });
  }
  if (patch.disabled === true && username === ctx.actor) {
    throw new AppError('HW_CONFLICT', { reason: msg('reason.cannotDisableSelf') });
  }
  if (patch.password !== undefined) {
    checkPasswordPolicy(username, patch.password);
  }
  const index = await cachedMetadataIndex(store);
  const ids = (refs: readonly string[]): number[] =>
    refs.map((r) => {
      const ou = index.findOrgUnit(r);
      if (!ou || ou === 'ambiguous') {
        throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: r });
      }
      return ou.id;
    });
  const capture = patch.capture ? ids(patch.capture) : null;
  const view = patch.view ? ids(patch.view) : null;
  const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
  await store.transaction(async (tx) => {
    await saveAccount(tx, {
      username,
      role: patch.role ?? account.role,
      ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
    });
    if (passwordHash !== undefined) {
      // A reset is what an administrator does when an account may be in someone else's hands:
      // every session and token of the old password ends with it.
      await setPasswordHash(tx, account.id, passwordHash);
      await deleteUserSessions(tx, account.id);
      await revokeUserTokens(tx, account.id);
    }
    if (capture) {
      await setUserScope(tx, account.id, 'capture', capture);
    }
    if (view) {
      await setUserScope(tx, account.id, 'view', view);
    }
    if (patch.disabled !== undefined) {
      await setAccountDisabled(tx, account.id, patch.disabled);
      if (patch.disabled) {
        // Revoked, not suspended: enabling the account later must not bring old sessions or tokens back.
        await deleteUserSessions(tx, account.id);
        await revokeUserTokens(tx, account.id);
      }
    }
    const changed = Object.keys(patch).filter((k) => k !== 'password' || patch.password !== undefined);
    await logEvent(tx, {
      username: ctx.actor,
      action: patch.disabled === true ? 'user.disable' : 'user.update',
      target: username,
      detail: changed.join(','),
    });
  });
}

/**
 * The context's actor changes their own password: the current one must match; the policy applies.
 * Every other session and every API token of the account end (whoever knew the old password is
 * out); the session that made the change (`keepSessionHash`) stays signed in.
 */
export async function changeOwnPassword(
  store: Store,
  ctx: ServiceContext,
  change: { current: string; next: string },
  keepSessionHash: string | null = null,
): Promise<void> {
  const username = ctx.actor;
  const { current, next } = change;
  const account = await findAccount(store.db, username);
  if (!account || !(await verifyPassword(account.passwordHash, current))) {
    // The message says it all: a detail repeating it under the field's name would only show that name.
    throw new AppError('HW_VALIDATION', { reason: msg('reason.currentPasswordWrong') });
  }
  checkPasswordPolicy(username, next);
  const hash = await hashPassword(next);
  await store.transaction(async (tx) => {
    await setPasswordHash(tx, account.id, hash);
    await deleteUserSessionsExcept(tx, account.id, keepSessionHash);
    await revokeUserTokens(tx, account.id);
    await logEvent(tx, { username, action: 'password.change', target: username });
  });
}
