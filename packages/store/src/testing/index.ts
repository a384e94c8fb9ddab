// Test and benchmark helpers: `@healthwatch/store/testing`, never imported by product code.
export * from './test-databases.js';
export * from './table-rows.js';
export * from './sqlite-faults.js';
export * from './analytics-rebuild.js';
