export * from './types.js';
export * from './region-name.js';
