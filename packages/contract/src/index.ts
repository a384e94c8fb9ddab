/**
 * The HTTP API contract of HealthWatch: the zod schemas of every request body the server parses
 * and every answer it gives, one file per resource. The server parses requests with them and
 * builds /api/openapi.json from them; tests parse the server's answers with them; the web app
 * imports their types (`import type`, so none of zod reaches the browser).
 */
export * from './common.js';
export * from './auth.js';
export * from './me.js';
export * from './users.js';
export * from './analytics.js';
export * from './import-summary.js';
export * from './data-values.js';
export * from './data-entry.js';
export * from './approvals.js';
export * from './lock-exceptions.js';
export * from './plans.js';
export * from './plan-drafts.js';
export * from './surveillance.js';
export * from './validation.js';
export * from './audit.js';
export * from './metadata.js';
export * from './workspace.js';
