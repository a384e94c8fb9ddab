import * as z from 'zod';
import { UserSummary } from './auth.js';

/** The signed-in user: who they are, where they may work, their password and their API tokens. */

export const ScopeUnit = z.strictObject({
  id: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  level: z.number().int(),
});
export type ScopeUnit = z.infer<typeof ScopeUnit>;

export const MeResponse = UserSummary.extend({
  displayName: z.string().nullable(),
  csrfToken: z
    .string()
    .nullable()
    .describe(
      'for a session: the token writes must send as X-CSRF-Token (so a reloaded page can keep writing)',
    ),
  capture: z.array(ScopeUnit).nullable().describe('roots of the capture scope; null: everywhere'),
  view: z.array(ScopeUnit).nullable().describe('roots of the view scope; null: everywhere'),
  today: z
    .string()
    .describe(
      "the server's today (yyyy-mm-dd in the deployment's time zone): what the web app's period defaults count from, never the browser's clock",
    ),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const PasswordChangeRequest = z.object({
  current: z.string().min(1).max(1000),
  next: z.string().min(1).max(1000),
});
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequest>;

export const TokenRequest = z.object({ name: z.string().trim().min(1).max(100) });
export type TokenRequest = z.infer<typeof TokenRequest>;

export const TokenCreated = z.strictObject({
  id: z.number().int(),
  token: z.string().describe('hwt_…, shown once'),
});
export type TokenCreated = z.infer<typeof TokenCreated>;

export const ApiToken = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const TokenList = z.strictObject({ tokens: z.array(ApiToken) });
export type TokenList = z.infer<typeof TokenList>;
