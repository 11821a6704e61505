export * from './types.js';
export * from './region-name.js';
export { leadUnitsOf, unitRoleLines, unitRoles, unitRolesText } from './unit-roles.js';
