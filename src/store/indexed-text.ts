import type { PlanItem } from '../items/index.js';

/**
 * What an item is found by: its text and its responsible units. The parser takes the unit list out of the
 * text (it is metadata), but a question that names a unit must still find the unit's items.
 */
export function indexedText(item: PlanItem): string {
  return item.units.length ? `${item.text}\n${item.units.join(' ')}` : item.text;
}
