/**
 * DHIS2-compatible identifiers: 11 characters, a letter first, then letters or digits. We keep
 * this shape so metadata can move between DHIS2 and HealthWatch without remapping.
 */
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALPHANUM = `0123456789${LETTERS}`;
const UID_RE = /^[a-zA-Z][a-zA-Z0-9]{10}$/;

export function isValidUid(s: string): boolean {
  return UID_RE.test(s);
}

/** A random uid from the platform's cryptographic generator. */
export function generateUid(): string {
  const bytes = new Uint8Array(11);
  // The Web Crypto global exists in Node ≥ 19 and every browser; core stays free of Node imports.
  (
    globalThis as unknown as { crypto: { getRandomValues(a: Uint8Array): Uint8Array } }
  ).crypto.getRandomValues(bytes);
  let out = LETTERS[(bytes[0] ?? 0) % LETTERS.length] ?? 'a';
  for (let i = 1; i < 11; i++) {
    out += ALPHANUM[(bytes[i] ?? 0) % ALPHANUM.length] ?? '0';
  }
  return out;
}

/**
 * A uid derived from a seed string, so that the same input always names the same object (e.g. a
 * category option combo from its options, or an object imported by code only). FNV-1a over the
 * UTF-16 code units in two independent 32-bit lanes gives 64 bits, plenty to avoid collisions
 * within one district's metadata.
 */
export function deterministicUid(seed: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    const c = seed.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x5bd1e995) >>> 0;
  }
  let out = LETTERS[h1 % LETTERS.length] ?? 'a';
  let a = h1;
  let b = h2;
  for (let i = 1; i < 11; i++) {
    const mixed = (a ^ Math.imul(b, 31 + i)) >>> 0;
    out += ALPHANUM[mixed % ALPHANUM.length] ?? '0';
    a = Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) >>> 0;
    b = Math.imul(b ^ (b >>> 13), 0x297a2d39) >>> 0;
  }
  return out;
}
