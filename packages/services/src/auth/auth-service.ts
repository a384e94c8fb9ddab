import { AppError, msg } from '@healthwatch/core';
import {
  cachedMetadataIndex,
  createApiToken,
  createSession,
  deleteSession,
  findAccount,
  findAccountById,
  findApiToken,
  findSession,
  logEvent,
  reserveLoginAttempt,
  accountLockedUntil,
  resetLoginFailures,
  userScopes,
} from '@healthwatch/store';
import type { Account, Store } from '@healthwatch/store';
import type { AddressLimiter } from './address-limiter.js';
import { hashPassword, randomToken, tokenHash, verifyPassword } from './passwords.js';
import { hasAuthority } from './roles.js';
import type { Authority } from './roles.js';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** Who is making a request, with what they may do and where. */
export interface Principal {
  userId: number;
  username: string;
  role: string;
  /** Materialised paths of the roots of the capture scope (`null`: everywhere). */
  capturePaths: string[] | null;
  /** Roots of the view scope: the view units, else the capture units (`null`: everywhere). */
  viewPaths: string[] | null;
  /** How the request authenticated: a session cookie needs CSRF protection, a token does not. */
  via: 'session' | 'token';
  csrfToken: string | null;
}

export function can(p: Principal, a: Authority): boolean {
  return hasAuthority(p.role, a);
}

export function requireAuthority(p: Principal, a: Authority): void {
  if (!can(p, a)) {
    throw new AppError('HW_FORBIDDEN', {
      reason: msg('forbidden.authority', { authority: msg(`authority.${a}`) }),
    });
  }
}

export { inScope } from './access-scope.js';

async function principalOf(
  store: Store,
  account: Account,
  via: Principal['via'],
  csrfToken: string | null,
): Promise<Principal> {
  if (account.role === 'admin') {
    return {
      userId: account.id,
      username: account.username,
      role: account.role,
      capturePaths: null,
      viewPaths: null,
      via,
      csrfToken,
    };
  }
  const scopes = await userScopes(store.db, account.id);
  const index = await cachedMetadataIndex(store);
  const paths = (ids: number[]): string[] =>
    ids.map((id) => index.orgUnits.byId.get(id)?.path).filter((p): p is string => p !== undefined);
  const capture = paths(scopes.capture);
  const view = scopes.view.length > 0 ? paths(scopes.view) : capture;
  return {
    userId: account.id,
    username: account.username,
    role: account.role,
    capturePaths: capture,
    viewPaths: view,
    via,
    csrfToken,
  };
}

export const LOGIN_ATTEMPTS_PER_MINUTE = 20;

/** A hash to verify against when the account does not exist, so both answers take as long. */
let dummyHash: Promise<string> | null = null;
const timingDecoy = (): Promise<string> => (dummyHash ??= hashPassword(randomToken()));

/**
 * Checks a password and opens a session. Both limits are taken before the password is checked
 * and atomically (the address's slot synchronously, the account's in one UPDATE), so a burst of
 * parallel guesses checks at most MAX_FAILED_LOGINS passwords of an account and
 * LOGIN_ATTEMPTS_PER_MINUTE from an address; a locked account refuses even the right password.
 * Unknown and disabled accounts cost a password hash too (no timing difference). Audited.
 */
export async function login(
  store: Store,
  username: string,
  password: string,
  o: { address: string; limiter: AddressLimiter; now?: number },
): Promise<{ token: string; csrfToken: string; principal: Principal }> {
  const now = o.now ?? Date.now();
  const ip = o.address;
  const slot = o.limiter.take(ip, now);
  if (!slot.ok) {
    await logEvent(store.db, { username, action: 'login.limited', detail: 'address', ip });
    throw new AppError('HW_RATE_LIMITED', { seconds: slot.retryAfterSeconds });
  }
  const account = await findAccount(store.db, username);
  if (!account || account.disabled || !account.passwordHash) {
    await verifyPassword(await timingDecoy(), password);
    await logEvent(store.db, { username, action: 'login.failed', detail: 'unknown or disabled account', ip });
    throw new AppError('HW_UNAUTHENTICATED');
  }
  const attempt = await reserveLoginAttempt(store.db, account.id, {
    now,
    max: MAX_FAILED_LOGINS,
    lockMs: LOCKOUT_MS,
  });
  if (!attempt) {
    const until = (await accountLockedUntil(store.db, account.id)) ?? now + LOCKOUT_MS;
    await logEvent(store.db, { username, action: 'login.locked', ip });
    throw new AppError('HW_RATE_LIMITED', { seconds: Math.max(1, Math.ceil((until - now) / 1000)) });
  }
  if (!(await verifyPassword(account.passwordHash, password))) {
    await logEvent(store.db, {
      username,
      action: 'login.failed',
      detail: `failure ${attempt.attempt}${attempt.lockedUntil !== null ? ', locked' : ''}`,
      ip,
    });
    throw new AppError('HW_UNAUTHENTICATED');
  }
  slot.release();
  await resetLoginFailures(store.db, account.id);
  const token = randomToken();
  const csrfToken = randomToken(24);
  await createSession(store.db, {
    tokenHash: tokenHash(token),
    userId: account.id,
    csrfToken,
    expiresAt: now + SESSION_TTL_MS,
  });
  await logEvent(store.db, { username, action: 'login', ip });
  return { token, csrfToken, principal: await principalOf(store, account, 'session', csrfToken) };
}

export async function logout(store: Store, token: string): Promise<void> {
  await deleteSession(store.db, tokenHash(token));
}

/** The principal of a session cookie or bearer token, or null. */
export async function authenticate(
  store: Store,
  cred: { session?: string | undefined; bearer?: string | undefined },
): Promise<Principal | null> {
  if (cred.bearer) {
    const t = await findApiToken(store.db, tokenHash(cred.bearer));
    const account = t ? await findAccountById(store.db, t.userId) : null;
    return account && !account.disabled ? principalOf(store, account, 'token', null) : null;
  }
  if (cred.session) {
    const s = await findSession(store.db, tokenHash(cred.session));
    if (!s || s.expiresAt < Date.now()) {
      return null;
    }
    const account = await findAccountById(store.db, s.userId);
    return account && !account.disabled ? principalOf(store, account, 'session', s.csrfToken) : null;
  }
  return null;
}

/** A new personal API token; the secret is shown once, only its hash is kept. */
export async function issueApiToken(
  store: Store,
  p: Principal,
  name: string,
): Promise<{ id: number; token: string }> {
  const token = `hwt_${randomToken()}`;
  const id = await createApiToken(store.db, { userId: p.userId, name, tokenHash: tokenHash(token) });
  await logEvent(store.db, { username: p.username, action: 'token.create', target: name });
  return { id, token };
}
