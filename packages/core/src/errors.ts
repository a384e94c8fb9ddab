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
} as const satisfies Record<string, { status: number; exit: 1 | 2 }>;
export type ErrorCode = keyof typeof ErrorCode;

/** One problem inside a rejected request or file: where (`path`, e.g. `row 12 / value`) and what. */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/** The single error type of HealthWatch: a catalogue code, a localised message and details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: MessageParams;
  readonly details: readonly ErrorDetail[];
  /** Anything extra a caller needs (e.g. an import summary attached to a rejected import). */
  readonly data: unknown;

  constructor(
    code: ErrorCode,
    params: MessageParams = {},
    options: { details?: readonly ErrorDetail[]; locale?: Locale; cause?: unknown; data?: unknown } = {},
  ) {
    super(t(options.locale ?? 'zh-CN', `error.${code}` as MessageKey, params), { cause: options.cause });
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

  /** The message in another locale (details are produced in the caller's locale already). */
  localizedMessage(locale: Locale): string {
    return t(locale, `error.${this.code}` as MessageKey, this.params);
  }

  toJSON(): { error: { code: ErrorCode; message: string; details: readonly ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
