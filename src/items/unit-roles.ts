import type { PlanItem } from './types.js';

/**
 * An item's units as a reply prints them, with their roles where the document marks a lead:
 * `牵头:市发展改革委;配合:市委组织部、市财政局`, else `责任单位:医管科、区属各医院`; '' without units.
 */
export function unitRolesText(item: Pick<PlanItem, 'units' | 'leadUnits'>): string {
  if (item.units.length === 0) return '';
  const leads = (item.leadUnits ?? []).filter((u) => item.units.includes(u));
  if (leads.length === 0) return `责任单位:${item.units.join('、')}`;
  const partners = item.units.filter((u) => !leads.includes(u));
  return `牵头:${leads.join('、')}${partners.length ? `;配合:${partners.join('、')}` : ''}`;
}
