import { AppError, msg } from '@healthwatch/core';
import type { Context } from 'hono';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The request body as JSON, whatever its content type says. */
export async function readJson(c: Context): Promise<unknown> {
  let text: string;
  try {
    // Invalid UTF-8 is refused, not silently replaced by U+FFFD (names and comments would change).
    text = strictUtf8.decode(await c.req.arrayBuffer());
  } catch {
    throw new AppError('HW_VALIDATION', { reason: msg('validation.invalidUtf8') });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('HW_VALIDATION', { reason: msg('validation.malformedJson') });
  }
}
