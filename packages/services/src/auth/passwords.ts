import { createHash, randomBytes } from 'node:crypto';
import type * as Argon2 from '@node-rs/argon2';

export { checkPasswordPolicy, MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy.js';

// The argon2 binding is loaded on the first password hashed or checked, not with the services.
const argon2 = (): Promise<typeof Argon2> => import('@node-rs/argon2');

/** argon2id, stored as a PHC string so parameters can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password);
}

export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  if (!phc) {
    return false;
  }
  const { verify } = await argon2();
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** A random secret for sessions, CSRF and API tokens. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Sessions and API tokens are stored only as their SHA-256 (they are long random strings). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A one-time password that meets the policy. */
export function generatePassword(): string {
  return `Hw${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}7`;
}
