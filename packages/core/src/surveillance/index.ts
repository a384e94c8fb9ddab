export * from './detection.js';
export * from './statistics.js';
export * from './ears.js';
export * from './cusum.js';
export * from './moving-percentile.js';
export * from './farrington.js';
export * from './backtest.js';
export * from './multi-point.js';
