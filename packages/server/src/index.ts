export * from './http/app.js';
export * from './http/spool-upload.js';
export { openApiDocument } from './http/openapi.js';
