import { normalizeText } from '../store/normalize.js';

/** Prefixes that qualify a unit without naming it: 区慢病院 is "the district's" 慢病院, 各直属党组织 "every" one. */
const QUALIFIER = /^(区|市|局|县|各)/u;
/** A department's kind, often left out when people type its name: 医政 for 医政科. */
const KIND_SUFFIX = /(科|处|室|办|所|站)$/u;

/** The names a unit goes by in a question: as printed, without its qualifier, without a distributive 各. */
export function unitAliases(unit: string): string[] {
  const out = new Set([unit]);
  const unqualified = unit.replace(QUALIFIER, '');
  if (unqualified.length >= 3) out.add(unqualified);
  // 各 inside a name distributes over the groups it names (疫情防控各专项工作组); people leave it out.
  for (const alias of [...out]) {
    const plain = alias.replace(/各/gu, '');
    if (plain.length >= 3) out.add(plain);
  }
  return [...out];
}

/** Comparable form of a unit name: normalised width and case, no spaces or brackets. */
export function unitKey(name: string): string {
  return normalizeText(name).replace(/[\s()()【】\[\]“”"']/g, '');
}

export interface UnitMatch {
  /** The unit as asked, or the one unit matched. */
  unit: string;
  /** Units of the corpus that the query names, best first. */
  matched: string[];
  /** Close names when nothing matched. */
  suggestions: string[];
}

/**
 * Which corpus units a typed name means. Exact names win; otherwise a name that the query completes or
 * contains (医政 → 医政科, 龙岗区医政科 → 医政科, 疾控 → 区疾控中心). With nothing found, up to three
 * units that share most characters with the query are suggested.
 */
export function matchUnits(query: string, units: string[]): UnitMatch {
  const q = unitKey(query);
  const keyed = units.map((u) => ({ unit: u, key: unitKey(u) }));
  if (!q) return { unit: query.trim(), matched: [], suggestions: [] };
  const exact = keyed.filter((u) => u.key === q).map((u) => u.unit);
  if (exact.length) return { unit: exact[0]!, matched: exact, suggestions: [] };

  const bare = q.replace(KIND_SUFFIX, '');
  const stem = bare.length >= 2 ? bare : q;
  const partial = keyed
    .filter((u) => (q.length >= 2 && u.key.includes(stem)) || (u.key.length >= 3 && q.includes(u.key)))
    .sort((a, b) => a.key.length - b.key.length)
    .map((u) => u.unit);
  if (partial.length) return { unit: partial.length === 1 ? partial[0]! : query.trim(), matched: partial, suggestions: [] };

  const suggestions = keyed
    .map((u) => ({ unit: u.unit, score: similarity(q, u.key) }))
    .filter((s) => s.score >= 0.34)
    .sort((a, b) => b.score - a.score || a.unit.localeCompare(b.unit))
    .slice(0, 3)
    .map((s) => s.unit);
  return { unit: query.trim(), matched: [], suggestions };
}

/** Dice coefficient over characters: robust to one wrong or missing character in a short name. */
function similarity(a: string, b: string): number {
  const ca = [...a];
  const cb = [...b];
  const pool = new Map<string, number>();
  for (const c of cb) pool.set(c, (pool.get(c) ?? 0) + 1);
  let common = 0;
  for (const c of ca) {
    const n = pool.get(c) ?? 0;
    if (n > 0) {
      common++;
      pool.set(c, n - 1);
    }
  }
  return (2 * common) / (ca.length + cb.length);
}
