/**
 * `@healthwatch/services/analytics`: the analytics query and the CSV cell it is printed with, for
 * callers that need nothing else. The CLI's `query` imports this instead of the whole services
 * package, whose other modules (schemas, importers, plans, surveillance) it would load for nothing
 * (about a third of its startup).
 */
export { queryAnalytics } from './analytics-service.js';
export type { AnalyticsRequest, AnalyticsResult, AnalyticsRow } from './analytics-service.js';
export { csvField } from '../files/csv-cell.js';
