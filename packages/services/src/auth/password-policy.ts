import { createRequire } from 'node:module';
import { AppError, msg } from '@healthwatch/core';
import type { MessageRef } from '@healthwatch/core';

export const MIN_PASSWORD_LENGTH = 10;

/**
 * Passwords people in China choose most often and that the English list below lacks (pinyin,
 * 520/1314 "I love you forever", QQ …); checked like the list itself.
 */
const CHINESE_COMMON = [
  'woaini',
  'woaini1314',
  'woaini520',
  'iloveyou1314',
  'wangyang',
  'zhangwei',
  'wodemima',
  'mima',
  'mima123',
  'qq123456',
  'qwe123',
  'abc123456',
  'aa123456',
  'a123456',
  'a123456789',
  'aa123456789',
  'asd123',
  'zxc123',
  '5201314',
  '1314520',
  'healthwatch',
  'jiankang',
  'weijianwei',
  'admin',
  'password',
  'passw0rd',
  'p@ssw0rd',
] as const;

let common: Set<string> | null = null;

/**
 * The common-password list: the 49,233 most frequent leaked passwords of zxcvbn-ts's common
 * dictionary (MIT licence), plus the Chinese ones above. Loaded on the first password change, so
 * the 600 KB list stays out of every other command's start-up.
 */
function commonPasswords(): Set<string> {
  if (!common) {
    const list = createRequire(import.meta.url)('@zxcvbn-ts/language-common/src/passwords.json') as string[];
    common = new Set([...list, ...CHINESE_COMMON].map((p) => p.toLowerCase()));
  }
  return common;
}

/**
 * A common password with a year, a digit run or symbols stuck on either end ("Password2026!",
 * "dragon123456", "!qaz2wsx") is still a common password: the core is checked too.
 */
function isCommon(password: string): boolean {
  const list = commonPasswords();
  const lower = password.toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  const leet = lower
    .replace(/0/g, 'o')
    .replace(/1/g, 'l')
    .replace(/3/g, 'e')
    .replace(/4|@/g, 'a')
    .replace(/5|\$/g, 's');
  return list.has(lower) || list.has(leet) || (core.length >= 3 && list.has(core));
}

/** A run like aaaaaaaaaa, 1234567890, abcdefghij or 9876543210. */
function isTrivialSequence(password: string): boolean {
  const codes = [...password.toLowerCase()].map((ch) => ch.codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((c, i) => c - (codes[i] ?? 0)));
  return steps.size === 1 && [...steps].every((s) => Math.abs(s) <= 1);
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(username: string, password: string): MessageRef | null {
  const user = username.toLowerCase();
  if (password.length < MIN_PASSWORD_LENGTH) {
    return msg('password.tooShort', { min: MIN_PASSWORD_LENGTH });
  }
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) {
    return msg('password.lettersAndDigits');
  }
  if (user.length >= 3 && password.toLowerCase().includes(user)) {
    return msg('password.containsUsername');
  }
  const core = password.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (isTrivialSequence(password) || (core.length >= 4 && isTrivialSequence(core)) || isCommon(password)) {
    return msg('password.common');
  }
  return null;
}

/**
 * The password rule (docs/security.md): at least 10 characters with letters and digits, not
 * containing the user name, not a common password or a trivial sequence.
 */
export function checkPasswordPolicy(username: string, password: string): void {
  const problem = passwordProblem(username, password);
  if (problem) {
    throw new AppError('HW_PASSWORD_POLICY', { min: MIN_PASSWORD_LENGTH, reason: problem });
  }
}
