/** The API client: JSON over fetch with the session cookie, the CSRF token on writes, localized errors. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly { path: string; message: string }[] = [],
    readonly data?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let language = 'zh-CN';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(lang: string): void {
  language = lang;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON-encoded unless it is already a string, Blob or ArrayBuffer. */
  body?: unknown;
  contentType?: string;
}

async function send(path: string, o: RequestOptions): Promise<Response> {
  const method = o.method ?? (o.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { 'accept-language': language };
  let body: BodyInit | undefined;
  if (o.body !== undefined) {
    if (typeof o.body === 'string' || o.body instanceof Blob || o.body instanceof ArrayBuffer) {
      body = o.body;
      headers['content-type'] = o.contentType ?? 'text/plain';
    } else {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
  }
  if (method !== 'GET' && csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }
  return fetch(path, { method, headers, body, credentials: 'same-origin' });
}

/** Calls the API and answers its JSON; a non-2xx answer throws ApiError with the server's message. */
export async function api<T>(path: string, o: RequestOptions = {}): Promise<T> {
  const res = await send(path, o);
  const text = await res.text();
  const json: unknown = text === '' ? null : JSON.parse(text);
  if (!res.ok) {
    const e = (
      json as {
        error?: { code: string; message: string; details?: { path: string; message: string }[] };
      } | null
    )?.error;
    throw new ApiError(
      res.status,
      e?.code ?? 'HW_HTTP',
      e?.message ?? `${res.status}`,
      e?.details ?? [],
      json,
    );
  }
  return json as T;
}

/** Like api(), but an error answer with a JSON body (e.g. a rejected import's summary, 409) is returned too. */
export async function apiWithStatus<T>(
  path: string,
  o: RequestOptions = {},
): Promise<{ status: number; body: T }> {
  const res = await send(path, o);
  const text = await res.text();
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

export function query(
  params: Record<string, string | number | boolean | undefined | null | readonly string[]>,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') {
      continue;
    }
    if (Array.isArray(v)) {
      for (const item of v as readonly string[]) {
        q.append(k, item);
      }
    } else {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** Any failure as an ApiError (a network failure or a bug becomes HW_NETWORK with its text). */
export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'HW_NETWORK', String(e));
}
