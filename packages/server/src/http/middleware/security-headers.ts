import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The web application's policy. Scripts only from the app's own files (the Vite build has no
 * inline script and nothing uses eval). Styles: the app's stylesheet, plus inline style
 * attributes, which ECharts' HTML tooltip writes into its markup (React sets styles through the
 * DOM, which the policy does not govern); `style-src-elem` keeps `<style>` elements to our own
 * files where browsers know that directive. Images: our files and `data:`, the chart drawn as an
 * SVG data URL before it is saved as PNG. Nothing may frame the app, plugins are off, and forms
 * and `<base>` cannot send the user elsewhere.
 */
export const WEB_APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  styleSrcElem: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Everything under /api: JSON, files, and the two HTML documents (the API page and the HTML
 * report), which need no script at all and no resource but their own inline CSS and SVG.
 * `sandbox` gives a document opened from here an origin of its own, so even markup that slipped
 * into a report could not reach the API with the user's session.
 */
export const DOCUMENT_CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'unsafe-inline'"],
  imgSrc: ['data:'],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
  sandbox: [],
};

const COMMON = {
  xFrameOptions: 'DENY',
  referrerPolicy: 'same-origin',
  // HSTS belongs to whoever terminates TLS (the reverse proxy); sent from here over plain HTTP it
  // is ignored, and with includeSubDomains it could break other sites of the commission's domain.
  strictTransportSecurity: false,
  permissionsPolicy: { camera: false, microphone: false, geolocation: false, payment: false, usb: false },
};

const forApp = secureHeaders({ ...COMMON, contentSecurityPolicy: WEB_APP_CSP });
const forApi = secureHeaders({ ...COMMON, contentSecurityPolicy: DOCUMENT_CSP });

/**
 * Protective headers on every response, errors and 404s included: a Content-Security-Policy,
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: same-origin` and
 * the other defaults of Hono's secure-headers middleware (see docs/security.md).
 */
export function securityHeaders(): MiddlewareHandler {
  return (c, next) =>
    c.req.path === '/api' || c.req.path.startsWith('/api/') ? forApi(c, next) : forApp(c, next);
}
