export * from './types.js';
export * from './region-name.js';
export { leadUnitsOf } from './lead-units.js';
export { unitRolesText } from './unit-roles.js';
