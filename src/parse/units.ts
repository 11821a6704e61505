/**
 * Responsible units as the document prints them: `(责任科室/单位:医管科、区属各医院)`, with full- or
 * half-width brackets and colon. Returned exactly as printed and in order; an item without the note has
 * none, and nothing is ever inferred.
 */
const UNITS_NOTE = /[((]\s*(?:主要)?(?:责任|牵头|负责)(?:科室|单位|处室|部门)?(?:\s*[//、]\s*(?:科室|单位|处室|部门))*\s*[::]\s*([^))]+)[))]/g;

export function extractUnits(text: string): { units: string[]; text: string } {
  const units: string[] = [];
  const rest = text.replace(UNITS_NOTE, (_m, list: string) => {
    for (const u of list.split(/[、,,;;\s]+/)) {
      const name = u.trim();
      if (name && !units.includes(name)) units.push(name);
    }
    return '';
  });
  return { units, text: rest.trim() };
}
