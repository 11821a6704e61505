import type { PlanItem } from './types.js';

type WithUnits = Pick<PlanItem, 'units' | 'leadUnits'>;

/** The units an item names as lead (牵头); empty where its document marks no lead. */
export function leadUnitsOf(item: WithUnits): string[] {
  return (item.leadUnits ?? []).filter((u) => item.units.includes(u));
}

/** An item's units split by role: leads and partners where the document marks a lead, else all as `units`. */
export function unitRoles(item: WithUnits): { leads: string[]; partners: string[] } {
  const leads = leadUnitsOf(item);
  return { leads, partners: item.units.filter((u) => !leads.includes(u)) };
}

/**
 * An item's units on one line, with their roles where the document marks a lead:
 * `牵头:市发展改革委;配合:市委组织部、市财政局`, else `责任单位:医管科、区属各医院`; '' without units.
 */
export function unitRolesText(item: WithUnits): string {
  return unitRoleLines(item)
    .map((l) => l.replace(/^(牵头|配合)单位/, '$1'))
    .join(';');
}

/**
 * The lines a reply prints for an item's units: one 责任单位 line, or a 牵头单位 line and a 配合单位 line where the
 * document marks a lead. Empty when the item lists none: nothing is ever invented.
 */
export function unitRoleLines(item: WithUnits): string[] {
  if (item.units.length === 0) return [];
  const { leads, partners } = unitRoles(item);
  if (leads.length === 0) return [`责任单位:${item.units.join('、')}`];
  return [`牵头单位:${leads.join('、')}`, ...(partners.length ? [`配合单位:${partners.join('、')}`] : [])];
}
