/**
 * The Content-Security-Policy of a report that leaves the server (HTML download), as a string for a
 * `<meta http-equiv>`: the same policy the HTTP layer sends with documents (DOCUMENT_CSP in
 * packages/server/src/http/middleware/security-headers.ts), less frame-ancestors and sandbox, which meta ignores.
 */
export const DOCUMENT_META_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
