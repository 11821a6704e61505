/**
 * Which responsible units a typed unit name means. People type short or full-width forms (医政, 医政科,
 * 医政科), so both sides are compared in one normal form: an exact name wins; otherwise every unit that
 * starts with what was typed; otherwise every unit that contains it.
 */

export function normalizeUnit(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(/^["'“”‘’「」]+|["'“”‘’「」]+$/g, '').toLowerCase();
}

export function matchUnits(query: string, known: Iterable<string>): string[] {
  const q = normalizeUnit(query);
  if (!q) return [];
  const units = [...new Set(known)];
  const exact = units.filter((u) => normalizeUnit(u) === q);
  if (exact.length) return exact;
  const prefix = units.filter((u) => normalizeUnit(u).startsWith(q));
  if (prefix.length) return prefix;
  return units.filter((u) => normalizeUnit(u).includes(q));
}
