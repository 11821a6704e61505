export * from './types.js';
export * from './region-name.js';
export { unitRolesText } from './unit-roles.js';
