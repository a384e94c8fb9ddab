import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface Account {
  id: number;
  username: string;
  displayName: string | null;
  passwordHash: string | null;
  role: string;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: number | null;
}

export const OrgUnitScope = { CAPTURE: 'capture', VIEW: 'view' } as const;
export type OrgUnitScope = (typeof OrgUnitScope)[keyof typeof OrgUnitScope];

const toAccount = (r: {
  id: number;
  username: string;
  display_name: string | null;
  password_hash: string | null;
  role: string;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
}): Account => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  passwordHash: r.password_hash,
  role: r.role,
  disabled: r.disabled === 1,
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
});

const ACCOUNT_COLUMNS = [
  'id',
  'username',
  'display_name',
  'password_hash',
  'role',
  'disabled',
  'failed_logins',
  'locked_until',
] as const;

export async function findAccount(db: Db, username: string): Promise<Account | null> {
  const r = await db
    .selectFrom('app_user')
    .select(ACCOUNT_COLUMNS)
    .where('username', '=', username)
    .executeTakeFirst();
  return r ? toAccount(r) : null;
}

export async function findAccountById(db: Db, id: number): Promise<Account | null> {
  const r = await db.selectFrom('app_user').select(ACCOUNT_COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toAccount(r) : null;
}

export async function listAccounts(db: Db): Promise<Account[]> {
  return (await db.selectFrom('app_user').select(ACCOUNT_COLUMNS).orderBy('username').execute()).map(
    toAccount,
  );
}

/** Creates or updates an account (password hash, role, display name). */
export async function saveAccount(
  db: Db,
  a: { username: string; displayName?: string | null; role: string; passwordHash?: string | null },
): Promise<number> {
  const existing = await findAccount(db, a.username);
  if (existing) {
    await db
      .updateTable('app_user')
      .set({
        role: a.role,
        ...(a.displayName !== undefined ? { display_name: a.displayName } : {}),
        ...(a.passwordHash !== undefined ? { password_hash: a.passwordHash } : {}),
      })
      .where('id', '=', existing.id)
      .execute();
    return existing.id;
  }
  const r = await db
    .insertInto('app_user')
    .values({
      username: a.username,
      display_name: a.displayName ?? null,
      created_at: Date.now(),
      role: a.role,
      password_hash: a.passwordHash ?? null,
      locked_until: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function setPasswordHash(db: Db, userId: number, hash: string): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ password_hash: hash, failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}

export async function recordLoginFailure(db: Db, userId: number, lockedUntil: number | null): Promise<void> {
  await db
    .updateTable('app_user')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), locked_until: lockedUntil }))
    .where('id', '=', userId)
    .execute();
}

export async function resetLoginFailures(db: Db, userId: number): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}

export async function setUserScope(
  db: Db,
  userId: number,
  scope: OrgUnitScope,
  orgUnitIds: readonly number[],
): Promise<void> {
  await db.deleteFrom('user_org_unit').where('user_id', '=', userId).where('scope', '=', scope).execute();
  if (orgUnitIds.length > 0) {
    await db
      .insertInto('user_org_unit')
      .values([...new Set(orgUnitIds)].map((id) => ({ user_id: userId, org_unit_id: id, scope })))
      .execute();
  }
}

/** The org units a user may capture data for and view data of (each including descendants). */
export async function userScopes(db: Db, userId: number): Promise<{ capture: number[]; view: number[] }> {
  const rows = await db
    .selectFrom('user_org_unit')
    .select(['org_unit_id', 'scope'])
    .where('user_id', '=', userId)
    .execute();
  return {
    capture: rows.filter((r) => r.scope === 'capture').map((r) => r.org_unit_id),
    view: rows.filter((r) => r.scope === 'view').map((r) => r.org_unit_id),
  };
}

export async function createSession(
  db: Db,
  s: { tokenHash: string; userId: number; csrfToken: string; expiresAt: number },
): Promise<void> {
  await db
    .insertInto('user_session')
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: Date.now(),
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function findSession(
  db: Db,
  tokenHash: string,
): Promise<{ userId: number; csrfToken: string; expiresAt: number } | null> {
  const r = await db
    .selectFrom('user_session')
    .select(['user_id', 'csrf_token', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return r ? { userId: r.user_id, csrfToken: r.csrf_token, expiresAt: Number(r.expires_at) } : null;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}

export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}

export async function createApiToken(
  db: Db,
  t: { userId: number; name: string; tokenHash: string },
): Promise<number> {
  const r = await db
    .insertInto('api_token')
    .values({
      user_id: t.userId,
      name: t.name,
      token_hash: t.tokenHash,
      created_at: Date.now(),
      last_used_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function findApiToken(
  db: Db,
  tokenHash: string,
): Promise<{ id: number; userId: number } | null> {
  const r = await db
    .selectFrom('api_token')
    .select(['id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!r) {
    return null;
  }
  noteTokenUse(db, r.id, Date.now());
  return { id: r.id, userId: r.user_id };
}

/** `last_used_at` is written at most this often per token ("used in the last few minutes" is enough). */
export const TOKEN_USE_WRITE_INTERVAL_MS = 5 * 60_000;
const tokenUseWritten = new WeakMap<Db, Map<number, number>>();

/**
 * Records that a token was used, lazily: at most once per interval per token, without waiting,
 * and ignoring failure. A read with a token must not need a write: with every use written, a full
 * disk, a read-only database or a long import holding SQLite's writer failed or stalled reads.
 */
function noteTokenUse(db: Db, id: number, now: number): void {
  let written = tokenUseWritten.get(db);
  if (!written) {
    written = new Map();
    tokenUseWritten.set(db, written);
  }
  const last = written.get(id);
  if (last !== undefined && now - last < TOKEN_USE_WRITE_INTERVAL_MS) {
    return;
  }
  written.set(id, now);
  db.updateTable('api_token')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .execute()
    .catch(() => undefined);
}

export async function listApiTokens(
  db: Db,
  userId: number,
): Promise<
  { id: number; name: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null }[]
> {
  const rows = await db
    .selectFrom('api_token')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  }));
}

export async function revokeApiToken(db: Db, userId: number, tokenId: number): Promise<boolean> {
  const r = await db
    .updateTable('api_token')
    .set({ revoked_at: Date.now() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function logEvent(
  db: Db,
  e: {
    username: string | null;
    action: string;
    target?: string | null;
    detail?: string | null;
    ip?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      at: Date.now(),
      username: e.username,
      action: e.action,
      target: e.target ?? null,
      detail: e.detail ?? null,
      ip: e.ip ?? null,
    })
    .execute();
}

export async function listEvents(
  db: Db,
  f: { action?: string; username?: string; limit?: number },
): Promise<
  {
    id: number;
    at: number;
    username: string | null;
    action: string;
    target: string | null;
    detail: string | null;
    ip: string | null;
  }[]
> {
  let q = db.selectFrom('audit_event').selectAll();
  if (f.action) {
    q = q.where('action', '=', f.action);
  }
  if (f.username) {
    q = q.where('username', '=', f.username);
  }
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit ?? 100)
    .execute();
  return rows.map((r) => ({ ...r, at: Number(r.at) }));
}

/** Disables (or re-enables) an account; a disabled account cannot log in or use its tokens. */
export async function setAccountDisabled(db: Db, userId: number, disabled: boolean): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}

/**
 * Takes one of an account's password attempts before the password is checked, in one statement,
 * so parallel logins cannot all pass a "not locked yet" test: the attempt counts as a failure
 * until {@link resetLoginFailures} says it succeeded, and the attempt that reaches `max` locks the
 * account at once. An expired lock starts a new count. Null: locked (no attempt allowed).
 */
export async function reserveLoginAttempt(
  db: Db,
  userId: number,
  o: { now: number; max: number; lockMs: number },
): Promise<{ attempt: number; lockedUntil: number | null } | null> {
  // Parameters cast: PostgreSQL would otherwise type them as text inside CASE.
  const now = sql<number>`cast(${o.now} as bigint)`;
  const max = sql<number>`cast(${o.max} as integer)`;
  const expired = sql<boolean>`(locked_until is not null and locked_until <= ${now}) or failed_logins >= ${max}`;
  const next = sql<number>`case when ${expired} then 1 else failed_logins + 1 end`;
  const r = await db
    .updateTable('app_user')
    .set({
      failed_logins: next,
      locked_until: sql<
        number | null
      >`case when (${next}) >= ${max} then cast(${o.now + o.lockMs} as bigint) else null end`,
    })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', o.now)]))
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirst();
  return r
    ? { attempt: r.failed_logins, lockedUntil: r.locked_until === null ? null : Number(r.locked_until) }
    : null;
}

/** When an account is locked (null: not locked). */
export async function accountLockedUntil(db: Db, userId: number): Promise<number | null> {
  const r = await db
    .selectFrom('app_user')
    .select('locked_until')
    .where('id', '=', userId)
    .executeTakeFirst();
  return r?.locked_until === null || r?.locked_until === undefined ? null : Number(r.locked_until);
}

/** Ends a user's sessions, except one (the session that changed its own password). */
export async function deleteUserSessionsExcept(
  db: Db,
  userId: number,
  keepTokenHash: string | null,
): Promise<void> {
  let q = db.deleteFrom('user_session').where('user_id', '=', userId);
  if (keepTokenHash !== null) {
    q = q.where('token_hash', '<>', keepTokenHash);
  }
  await q.execute();
}

/** Revokes every API token of a user (password change, reset, disabling). */
export async function revokeUserTokens(db: Db, userId: number): Promise<number> {
  const r = await db
    .updateTable('api_token')
    .set({ revoked_at: Date.now() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
