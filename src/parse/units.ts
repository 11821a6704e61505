import { extractUnitAnnotations, type UnitExtraction } from './unit-annotations.js';

/**
 * Responsible units as the document prints them. The grammar (every annotation style, lead and partner
 * roles, the document-wide "first listed leads" rule) is data in unit-annotations.ts; this is its entry
 * point for one item's text.
 */
export function extractUnits(text: string, options: { firstIsLead?: boolean } = {}): UnitExtraction {
  return extractUnitAnnotations(text, options);
}
