import { t } from './i18n/translate.js';
import type { Locale, MessageParams } from './i18n/translate.js';
import type { MessageKey } from './i18n/zh-CN.js';

/**
 * The error catalogue: every failure the product reports has one code here, with the HTTP status
 * and CLI exit code it maps to (one place for each mapping; docs/errors.md lists them all).
 * Exit code 2 means "your input was rejected", 1 means "something failed".
 */
export const ErrorCode = {
  HW_INTERNAL: { status: 500, exit: 1 },
  HW_VALIDATION: { status: 400, exit: 2 },
  HW_NOT_FOUND: { status: 404, exit: 2 },
  HW_CONFLICT: { status: 409, exit: 2 },
  HW_PERIOD_INVALID: { status: 400, exit: 2 },
  HW_UID_INVALID: { status: 400, exit: 2 },
  HW_DB_URL: { status: 500, exit: 2 },
  HW_DB_UNAVAILABLE: { status: 503, exit: 1 },
  HW_DISK_FULL: { status: 503, exit: 1 },
  HW_IMPORT_REJECTED: { status: 409, exit: 2 },
  HW_IMPORT_EMPTY: { status: 400, exit: 2 },
  HW_IMPORT_FORMAT: { status: 400, exit: 2 },
  HW_IMPORT_ENCODING: { status: 400, exit: 2 },
  HW_IMPORT_LIMIT: { status: 413, exit: 2 },
  HW_UNSUPPORTED_FORMAT: { status: 400, exit: 2 },
  HW_METADATA_INVALID: { status: 400, exit: 2 },
  HW_REFERENCED: { status: 409, exit: 2 },
  HW_VALUE_INVALID: { status: 400, exit: 2 },
  HW_UNAUTHENTICATED: { status: 401, exit: 2 },
  HW_FORBIDDEN: { status: 403, exit: 2 },
  HW_CSRF: { status: 403, exit: 2 },
  HW_PAYLOAD_TOO_LARGE: { status: 413, exit: 2 },
  HW_RATE_LIMITED: { status: 429, exit: 2 },
  HW_PASSWORD_POLICY: { status: 400, exit: 2 },
  HW_RENDERER_UNAVAILABLE: { status: 503, exit: 1 },
  HW_LOCKED: { status: 409, exit: 2 },
  HW_APPROVAL: { status: 409, exit: 2 },
  HW_FILE_NOT_FOUND: { status: 404, exit: 2 },
  HW_DB_NOT_INITIALISED: { status: 503, exit: 2 },
  HW_PLAN_DOCUMENT: { status: 400, exit: 2 },
} as const satisfies Record<string, { status: number; exit: 1 | 2 }>;
export type ErrorCode = keyof typeof ErrorCode;

/** One problem inside a rejected request or file: where (`path`, e.g. `row 12 / value`) and what. */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/**
 * The single error type of HealthWatch: a catalogue code, its parameters and details. Parameters
 * are values (ids, counts) or {@link MessageRef}s (object kinds, reasons), never text fixed in
 * one language: the message is rendered once, at the edge, in the reader's locale
 * ({@link AppError.render}: the CLI with its `--lang`, the HTTP error handler with the request's
 * locale). `message` is the zh-CN rendering, for logs and for code that only has an `Error`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: MessageParams;
  readonly details: readonly ErrorDetail[];
  /** Anything extra a caller needs (e.g. an import summary attached to a rejected import). */
  readonly data: unknown;

  constructor(
    code: ErrorCode,
    params: MessageParams = {},
    options: { details?: readonly ErrorDetail[]; cause?: unknown; data?: unknown } = {},
  ) {
    super(undefined, { cause: options.cause });
    // A getter, so nothing is rendered until someone reads it (in a locale of their choice).
    Object.defineProperty(this, 'message', {
      get: () => this.render('zh-CN'),
      enumerable: false,
      configurable: true,
    });
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.details = options.details ?? [];
    this.data = options.data;
  }

  get status(): number {
    return ErrorCode[this.code].status;
  }

  get exitCode(): 1 | 2 {
    return ErrorCode[this.code].exit;
  }

  /** The message in the reader's locale (details are produced in the caller's locale already). */
  render(locale: Locale): string {
    return t(locale, `error.${this.code}` as MessageKey, this.params);
  }

  /** Same as {@link render} (the older name, kept for callers not yet moved). */
  localizedMessage(locale: Locale): string {
    return this.render(locale);
  }

  /** The API's error body, rendered in the reader's locale. */
  body(locale: Locale): { error: { code: ErrorCode; message: string; details: readonly ErrorDetail[] } } {
    return { error: { code: this.code, message: this.render(locale), details: this.details } };
  }

  toJSON(): { error: { code: ErrorCode; message: string; details: readonly ErrorDetail[] } } {
    return this.body('zh-CN');
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** A short random reference that ties what the user sees to the full cause in the log. */
export function faultReference(): string {
  return Math.random().toString(36).slice(2, 10);
}

/**
 * An unknown fault as the user should see it: HW_INTERNAL with a reference (the caller logs the
 * cause under the same reference; the user never sees a stack, SQL or a system message).
 */
export function internalError(cause: unknown, ref: string = faultReference()): AppError {
  return new AppError('HW_INTERNAL', { ref }, { cause });
}

/**
 * A system error that has a meaning for the user: a missing file is HW_FILE_NOT_FOUND naming
 * the path (not "internal error: ENOENT"). Anything else is not of this kind (null).
 */
export function classifySystemError(e: unknown): AppError | null {
  if (typeof e !== 'object' || e === null) {
    return null;
  }
  const f = e as { code?: unknown; path?: unknown };
  if ((f.code === 'ENOENT' || f.code === 'ENOTDIR') && typeof f.path === 'string') {
    return new AppError('HW_FILE_NOT_FOUND', { path: f.path }, { cause: e });
  }
  if (f.code === 'EISDIR' && typeof f.path === 'string') {
    return new AppError('HW_FILE_NOT_FOUND', { path: f.path }, { cause: e });
  }
  return null;
}
