import * as z from 'zod';

/** User administration: accounts with their role and org-unit scopes. */

const Scope = z.array(z.string().min(1)).max(1000);

export const UserCreateRequest = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{2,64}$/),
  password: z.string().min(1).max(1000),
  role: z.string().min(1),
  displayName: z.string().max(200).nullish(),
  capture: Scope.optional(),
  view: Scope.optional(),
});
export type UserCreateRequest = z.infer<typeof UserCreateRequest>;

export const UserPatchRequest = z
  .object({
    role: z.string().min(1).optional(),
    displayName: z.string().max(200).nullable().optional(),
    password: z.string().min(1).max(1000).optional(),
    capture: Scope.optional(),
    view: Scope.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UserPatchRequest = z.infer<typeof UserPatchRequest>;

export const AccountResponse = z.strictObject({
  username: z.string(),
  displayName: z.string().nullable(),
  role: z.string(),
  roleName: z.string(),
  disabled: z.boolean(),
  locked: z.boolean(),
  capture: z.array(z.string()).describe('org units by code (or id when without one)'),
  view: z.array(z.string()),
});
export type AccountResponse = z.infer<typeof AccountResponse>;

export const UserListResponse = z.strictObject({ users: z.array(AccountResponse) });
export type UserListResponse = z.infer<typeof UserListResponse>;
