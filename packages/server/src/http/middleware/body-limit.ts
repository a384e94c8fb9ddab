import { AppError } from '@healthwatch/core';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

/** Refuses a request body above `maxSize` bytes with our HW_PAYLOAD_TOO_LARGE (413). */
export function bodyLimit(maxSize: number): MiddlewareHandler {
  return honoBodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('HW_PAYLOAD_TOO_LARGE', { limit: maxSize });
    },
  });
}
