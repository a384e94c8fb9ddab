/**
 * A readable OpenAPI 3.1 description of the routes (kept beside the routes; the response shapes
 * are described in docs/api.md, docs/formats.md and docs/plans.md).
 */
const route = (summary: string, tags: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  summary,
  tags,
  responses: { '200': { description: 'OK' }, '400': { description: 'HW_VALIDATION …' }, '401': { description: 'HW_UNAUTHENTICATED' }, '403': { description: 'HW_FORBIDDEN / HW_CSRF' } },
  ...extra,
});

const q = (name: string, description: string, required = false): Record<string, unknown> => ({ name, in: 'query', required, description, schema: { type: 'string' } });

export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: '健康守望 HealthWatch API', version, description: 'District health information system. Errors: { error: { code, message, details } }.' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'hw_session', description: 'Writes also need the X-CSRF-Token header from login.' },
        token: { type: 'http', scheme: 'bearer', description: 'Personal API token (hwt_…).' },
      },
    },
    security: [{ session: [] }, { token: [] }],
    paths: {
      '/api/health': { get: route('Liveness and database', ['system'], { security: [] }) },
      '/api/auth/login': {
        post: route('Log in; sets the session cookie, returns the CSRF token', ['auth'], {
          security: [],
          requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } } } } },
        }),
      },
      '/api/auth/logout': { post: route('End the session', ['auth']) },
      '/api/me': { get: route('The signed-in user, role and authorities', ['auth']) },
      '/api/me/tokens': { get: route('List personal API tokens', ['auth']), post: route('Create a personal API token (shown once)', ['auth']) },
      '/api/me/tokens/{id}': { delete: route('Revoke a token', ['auth']) },
      '/api/analytics': {
        get: route('DHIS2-compatible analytics', ['analytics'], {
          parameters: [q('dimension', 'dx:…, pe:…, ou:…, co:… (repeat)', true), q('filter', 'one-item dimension to collapse'), q('skipRounding', 'true for unrounded values'), q('relativePeriodDate', 'yyyy-mm-dd')],
        }),
      },
      '/api/dataValueSets': {
        get: route('Export data values (DHIS2 JSON, or CSV)', ['data'], { parameters: [q('dataSet', 'data set'), q('dataElement', 'data element'), q('period', 'period', true), q('orgUnit', 'org unit', true), q('children', 'true: the whole subtree')] }),
        post: route('Import data values (DHIS2 JSON or CSV); 409 when rejected', ['data'], { parameters: [q('dryRun', 'true: check only'), q('importStrategy', 'SKIP_CONFLICTS')] }),
      },
      '/api/dataValues': {
        get: route('The stored values of one element, unit and period', ['data'], { parameters: [q('de', 'data element', true), q('ou', 'org unit', true), q('pe', 'period', true), q('co', 'category option combo')] }),
        post: route('Enter or correct one value', ['data']),
        delete: route('Delete one value (kept in history)', ['data'], { parameters: [q('de', 'data element', true), q('ou', 'org unit', true), q('pe', 'period', true), q('co', 'category option combo')] }),
      },
      '/api/audit': { get: route('Data value audit trail', ['audit'], { parameters: [q('de', 'data element'), q('ou', 'org unit'), q('pe', 'period'), q('user', 'user'), q('limit', 'max rows')] }) },
      '/api/audit/events': { get: route('Logins and administrative actions (admin)', ['audit']) },
      '/api/metadata': { get: route('Export metadata (native, or ?format=dhis2)', ['metadata']), post: route('Import metadata (native or DHIS2 JSON)', ['metadata']) },
      '/api/metadata/{kind}': { get: route('List objects of a kind (orgUnits, dataElements, dataSets, indicators, constants …)', ['metadata']) },
      '/api/metadata/{kind}/{id}': {
        get: route('One object by id or code', ['metadata']),
        put: route('Create or update one object (same checks as an import)', ['metadata']),
        delete: route('Delete one object; 409 HW_REFERENCED while anything refers to it', ['metadata']),
      },
      '/api/plans': { get: route('Plans', ['plans']) },
      '/api/plans/{code}/evaluation': { get: route('Evaluate a plan for a data year (?year=&kind=annual|midterm|final[&format=json|md|html|pdf|docx]); pdf and docx as downloads', ['plans']) },
      '/api/openapi.json': { get: route('This document', ['system']) },
    },
  };
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** A readable page listing every route (zh-CN first), generated from the OpenAPI document. */
export function apiPage(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, { summary: string; tags: string[] }>>;
  const rows = Object.entries(paths)
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escape(path)}</code></td><td>${escape(op.tags.join(', '))}</td><td>${escape(op.summary)}</td></tr>`))
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>健康守望 API</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style></head>
<body><h1>健康守望 HealthWatch API</h1><p>登录：POST /api/auth/login；写操作需携带 X-CSRF-Token；脚本可用 Authorization: Bearer 令牌。机器可读版本：<a href="/api/openapi.json">/api/openapi.json</a></p>
<table><thead><tr><th>方法</th><th>路径</th><th>分类</th><th>说明</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}
