import * as z from 'zod';

/** Signing in: a user name and a password give a session cookie and the CSRF token writes send. */

export const LoginRequest = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1000),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const UserSummary = z.strictObject({
  username: z.string(),
  role: z
    .string()
    .describe('a role code (core ROLES); an account from an older version may carry an unknown one'),
  roleName: z.string(),
  authorities: z.array(z.string()).describe('authority codes (core Authority); ALL: every one'),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const LoginResponse = z.strictObject({ user: UserSummary, csrfToken: z.string() });
export type LoginResponse = z.infer<typeof LoginResponse>;
