import { dateInTimeZone, DEFAULT_TIME_ZONE } from '@healthwatch/core';
import type { Locale } from '@healthwatch/core';
import { inScope, ScopeKind } from './auth/access-scope.js';
import type { AccessScope } from './auth/access-scope.js';
import { can } from './auth/auth-service.js';
import type { Principal } from './auth/auth-service.js';

/** Where a caller may act: the roots of their scopes (`null`: everywhere) and whether expired periods stay open to them. */
export interface ScopedAccess {
  readonly capturePaths: readonly string[] | null;
  readonly viewPaths: readonly string[] | null;
  /** The right to edit data of periods past their data set's expiry days (DATA_EDIT_EXPIRED). */
  readonly editExpired: boolean;
}

/**
 * Who calls a service, in what language, where they may act and what day it is: the one
 * context every converted service takes first, built per request by the HTTP layer and once by
 * the CLI (which acts everywhere, as its `--user`).
 */
export interface ServiceContext {
  /** The username recorded in audit logs and workflow entries. */
  readonly actor: string;
  readonly locale: Locale;
  readonly scope: ScopedAccess | 'everything';
  /**
   * Today as yyyy-mm-dd in the deployment's time zone: what expiry locking, relative periods and
   * "latest period" defaults count from.
   */
  readonly today: string;
  /**
   * The deployment's time zone (IANA name), the one `today` is the date in: what an instant (a
   * report marked complete) is dated by when compared with a due date. Default Asia/Shanghai.
   */
  readonly timeZone?: string;
}

/**
 * Today as yyyy-mm-dd in a time zone (default Beijing time): the UTC date would still be
 * yesterday between 00:00 and 08:00 in a Chinese district.
 */
export function systemToday(timeZone: string = DEFAULT_TIME_ZONE): string {
  return dateInTimeZone(new Date(), timeZone);
}

/** The context of a signed-in principal. */
export function principalContext(
  p: Principal,
  locale: Locale,
  today: string = systemToday(),
  timeZone: string = DEFAULT_TIME_ZONE,
): ServiceContext {
  return {
    actor: p.username,
    locale,
    scope: { capturePaths: p.capturePaths, viewPaths: p.viewPaths, editExpired: can(p, 'DATA_EDIT_EXPIRED') },
    today,
    timeZone,
  };
}

/** The context of the command line: everywhere, as the acting user. */
export function everywhereContext(
  actor: string,
  locale: Locale,
  today: string = systemToday(),
): ServiceContext {
  return { actor, locale, scope: 'everything', today };
}

/** The date (yyyy-mm-dd) an instant (ms since the epoch) falls on in the context's time zone. */
export function dateOf(ctx: ServiceContext, ms: number): string {
  return dateInTimeZone(new Date(ms), ctx.timeZone ?? DEFAULT_TIME_ZONE);
}

/** The context's scopes as the access-scope functions read them. */
export function accessScope(ctx: ServiceContext): AccessScope {
  return ctx.scope === 'everything' ? { capturePaths: null, viewPaths: null } : ctx.scope;
}

/** Whether a unit (by its path) lies in one of the context's scopes. */
export function allows(ctx: ServiceContext, kind: ScopeKind, path: string): boolean {
  const s = accessScope(ctx);
  return inScope(kind === ScopeKind.CAPTURE ? s.capturePaths : s.viewPaths, path);
}

/** Whether expiry days are enforced for the context (not for those who may edit expired data). */
export function enforcesExpiry(ctx: ServiceContext): boolean {
  return ctx.scope !== 'everything' && !ctx.scope.editExpired;
}

/** The same caller without a limit of place (their right to edit expired data kept). */
export function unscoped(ctx: ServiceContext): ServiceContext {
  return ctx.scope === 'everything'
    ? ctx
    : { ...ctx, scope: { capturePaths: null, viewPaths: null, editExpired: ctx.scope.editExpired } };
}
