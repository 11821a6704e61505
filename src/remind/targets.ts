import { createHash } from 'node:crypto';
import { leadUnitsOf, type DeadlineSource, type PlanItem } from '../items/index.js';
import type { Repeat } from './calendar.js';

/**
 * One thing that falls due: a target parsed from a plan document, or one a coordinator added in the chat.
 * Both are listed, filtered and marked done the same way.
 */
export interface RemindTarget {
  /** Short and typeable (`/target done p3fa9c1`): `p` + content hash for plan targets, `c` + number for coordinators'. */
  id: string;
  itemId: string | null;
  cite: string | null;
  text: string;
  deadline: string;
  deadlineText: string | null;
  deadlineSource: DeadlineSource;
  units: string[];
  /** The units the plan marks as lead; empty where it marks none. */
  leadUnits: string[];
  /** A recurring deadline (每年3月底前): `deadline` is the first occurrence, this the rule (see due.ts). */
  repeat?: Repeat;
  source: 'plan' | 'coordinator';
  /** The year of the plan a plan target comes from: what decides whether it is still reminded (policy.ts). */
  planYear?: number;
  /** Who added a coordinator's target (display name). */
  addedByName?: string;
}

/** A coordinator's target as it is stored. */
export interface CoordinatorTarget {
  id: string;
  text: string;
  deadline: string;
  units: string[];
  addedBy: string;
  addedByName: string;
  /** ISO timestamp. */
  addedAt: string;
  roomId: string | null;
}

export const PLAN_ID = /^p[0-9a-f]{8}(?:-\d+)?$/;
export const COORDINATOR_ID = /^c\d+$/;

/** Ids as typed: case and width do not matter, a leading # is allowed. */
export function normalizeTargetId(typed: string): string {
  return typed.normalize('NFKC').trim().replace(/^#/, '').toLowerCase();
}

/**
 * The id hashes what the target is (item, clause, number, unit), not where it sits in the item, so that a
 * re-ingest of the same plan keeps every id, and with it every "done" mark. Identical clauses of one item
 * (rare) are told apart by their order.
 */
function planTargetId(itemId: string, t: PlanItem['targets'][number]): string {
  const h = createHash('sha256')
    .update(`${itemId}\n${t.text}\n${t.value ?? ''}\n${t.unit ?? ''}`)
    .digest('hex');
  return `p${h.slice(0, 8)}`;
}

/** Every target of every plan item, in document order. Reviews and preambles report the past: not targets. */
export function planTargets(items: readonly PlanItem[]): RemindTarget[] {
  const out: RemindTarget[] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    if (item.kind !== 'plan') continue;
    for (const t of item.targets) {
      const base = planTargetId(item.id, t);
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      out.push({
        id: n === 1 ? base : `${base}-${n}`,
        itemId: item.id,
        cite: item.cite,
        text: t.text,
        deadline: t.deadline,
        deadlineText: t.deadlineText,
        deadlineSource: t.deadlineSource,
        units: [...item.units],
        leadUnits: leadUnitsOf(item),
        ...(t.repeat ? { repeat: t.repeat } : {}),
        source: 'plan',
        planYear: item.year,
      });
    }
  }
  return out;
}

export function fromCoordinatorTarget(t: CoordinatorTarget): RemindTarget {
  return {
    id: t.id,
    itemId: null,
    cite: null,
    text: t.text,
    deadline: t.deadline,
    deadlineText: null,
    deadlineSource: 'explicit',
    units: [...t.units],
    leadUnits: [],
    source: 'coordinator',
    addedByName: t.addedByName,
  };
}
