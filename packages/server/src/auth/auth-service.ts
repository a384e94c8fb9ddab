import { AppError } from '@healthwatch/core';
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
  recordLoginFailure,
  resetLoginFailures,
  userScopes,
} from '@healthwatch/store';
import type { Account, Store } from '@healthwatch/store';
import { randomToken, tokenHash, verifyPassword } from './passwords.js';
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
    throw new AppError('HW_FORBIDDEN', { reason: a });
  }
}

export function inScope(paths: string[] | null, ouPath: string): boolean {
  return paths === null || paths.some((p) => ouPath.startsWith(p));
}

async function principalOf(store: Store, account: Account, via: Principal['via'], csrfToken: string | null): Promise<Principal> {
  if (account.role === 'admin') {
    return { userId: account.id, username: account.username, role: account.role, capturePaths: null, viewPaths: null, via, csrfToken };
  }
  const scopes = await userScopes(store.db, account.id);
  const index = await cachedMetadataIndex(store);
  const paths = (ids: number[]): string[] => ids.map((id) => index.orgUnits.byId.get(id)?.path).filter((p): p is string => p !== undefined);
  const capture = paths(scopes.capture);
  const view = scopes.view.length > 0 ? paths(scopes.view) : capture;
  return { userId: account.id, username: account.username, role: account.role, capturePaths: capture, viewPaths: view, via, csrfToken };
}

/** Per-address login attempts (a sliding window), against password guessing across accounts. */
const attempts = new Map<string, number[]>();
export const LOGIN_ATTEMPTS_PER_MINUTE = 20;

function rateLimit(ip: string, now: number): void {
  const recent = (attempts.get(ip) ?? []).filter((t) => now - t < 60_000);
  if (recent.length >= LOGIN_ATTEMPTS_PER_MINUTE) {
    attempts.set(ip, recent);
    throw new AppError('HW_RATE_LIMITED', { seconds: Math.ceil((60_000 - (now - (recent[0] ?? now))) / 1000) });
  }
  recent.push(now);
  attempts.set(ip, recent);
}

/** Checks a password and opens a session. Failures are audited; five in a row lock the account. */
export async function login(store: Store, username: string, password: string, ip: string): Promise<{ token: string; csrfToken: string; principal: Principal }> {
  const now = Date.now();
  rateLimit(ip, now);
  const account = await findAccount(store.db, username);
  if (!account || account.disabled || !account.passwordHash) {
    await logEvent(store.db, { username, action: 'login.failed', detail: 'unknown or disabled account', ip });
    throw new AppError('HW_UNAUTHENTICATED');
  }
  if (account.lockedUntil !== null && account.lockedUntil > now) {
    await logEvent(store.db, { username, action: 'login.locked', ip });
    throw new AppError('HW_RATE_LIMITED', { seconds: Math.ceil((account.lockedUntil - now) / 1000) });
  }
  if (!(await verifyPassword(account.passwordHash, password))) {
    const failures = account.failedLogins + 1;
    await recordLoginFailure(store.db, account.id, failures >= MAX_FAILED_LOGINS ? now + LOCKOUT_MS : null);
    await logEvent(store.db, { username, action: 'login.failed', detail: `failure ${failures}`, ip });
    throw new AppError('HW_UNAUTHENTICATED');
  }
  await resetLoginFailures(store.db, account.id);
  const token = randomToken();
  const csrfToken = randomToken(24);
  await createSession(store.db, { tokenHash: tokenHash(token), userId: account.id, csrfToken, expiresAt: now + SESSION_TTL_MS });
  await logEvent(store.db, { username, action: 'login', ip });
  return { token, csrfToken, principal: await principalOf(store, account, 'session', csrfToken) };
}

export async function logout(store: Store, token: string): Promise<void> {
  await deleteSession(store.db, tokenHash(token));
}

/** The principal of a session cookie or bearer token, or null. */
export async function authenticate(store: Store, cred: { session?: string | undefined; bearer?: string | undefined }): Promise<Principal | null> {
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
export async function issueApiToken(store: Store, p: Principal, name: string): Promise<{ id: number; token: string }> {
  const token = `hwt_${randomToken()}`;
  const id = await createApiToken(store.db, { userId: p.userId, name, tokenHash: tokenHash(token) });
  await logEvent(store.db, { username: p.username, action: 'token.create', target: name });
  return { id, token };
}
