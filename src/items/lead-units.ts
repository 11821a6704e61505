import type { PlanItem } from './types.js';

/** The units an item names as lead (牵头单位); empty where its document marks no lead. */
export function leadUnitsOf(item: PlanItem): string[] {
  return (item as PlanItem & { leadUnits?: string[] }).leadUnits ?? [];
}
