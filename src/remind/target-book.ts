import type { PlanItem } from '../items/index.js';
import type { RemindTables } from './tables.js';
import { allUnits, dueTargets, overdueTargets, type DueList } from './due.js';
import { DEFAULT_OVERDUE_DAYS, overdueSince, splitByPolicy, type ReminderPolicy } from './policy.js';
import { fromCoordinatorTarget, planTargets, type RemindTarget } from './targets.js';
// One unit matcher for the whole bot: /remind 医政 must mean what /unit 医政 means.
import { matchUnits } from '../query/units.js';

/** Where plan items come from: the item store at run time (its `items()`), the parser in tests. */
export interface ItemSource {
  items(): PlanItem[] | Promise<PlanItem[]>;
}

/** What the policy (policy.ts) left out of a listing, so that a reply can say so instead of staying silent. */
export interface Archived {
  /** Years of the plans archived for reminders, ascending. */
  years: number[];
  /** Whether any plan target is still active (false: only past plans are loaded). */
  activePlans: boolean;
  /** Overdue longer than the policy allows (still listed in the web view). */
  longOverdue: number;
}

export type UnitFilter = { ok: true; units: string[] | undefined } | { ok: false; query: string; known: string[] };

/**
 * Every target the reminders know, plan and coordinator, with their done marks: what listings, digests
 * and the CLI all read. Items are fetched on every call, so a re-ingest shows up without a restart.
 */
export class TargetBook {
  readonly policy: ReminderPolicy;

  constructor(
    private readonly source: ItemSource,
    readonly tables: RemindTables,
    policy: Partial<ReminderPolicy> = {},
  ) {
    this.policy = { overdueDays: policy.overdueDays ?? DEFAULT_OVERDUE_DAYS };
  }

  async all(): Promise<RemindTarget[]> {
    const [items, mine] = await Promise.all([this.source.items(), this.tables.coordinatorTargets()]);
    return [...planTargets(items), ...mine.map(fromCoordinatorTarget)];
  }

  async find(id: string): Promise<RemindTarget | undefined> {
    return (await this.all()).find((t) => t.id === id);
  }

  /** The units a typed name stands for, among every unit that has a target (not only those due now). */
  unitFilter(query: string | undefined, targets: readonly RemindTarget[]): UnitFilter {
    if (query === undefined) return { ok: true, units: undefined };
    const known = allUnits(targets);
    const units = matchUnits(query, [...known]).matched;
    return units.length ? { ok: true, units } : { ok: false, query, known };
  }

  /** Done marks and the unit filter applied, but not the policy: every target, for the web view. */
  async everything(q: { unit?: string } = {}): Promise<{ targets: RemindTarget[]; done: Set<string>; filter: UnitFilter }> {
    const [all, done] = await Promise.all([this.all(), this.tables.doneIds()]);
    const filter = this.unitFilter(q.unit, all);
    return { targets: all, done: new Set(done), filter };
  }

  /** Due within the window, of active plans only (policy.ts). */
  async due(q: { today: string; within: number; unit?: string }): Promise<{ list: DueList; filter: UnitFilter; archived: Archived }> {
    const [all, done] = await Promise.all([this.all(), this.tables.doneIds()]);
    const filter = this.unitFilter(q.unit, all);
    const units = filter.ok ? filter.units : [];
    const split = splitByPolicy(all, q.today, this.policy);
    return {
      list: dueTargets(split.active, { today: q.today, within: q.within, units, done }),
      filter,
      archived: this.archived(split, all, q.today, units, done),
    };
  }

  /** Overdue at most `policy.overdueDays`, of active plans only. */
  async overdue(q: { today: string; unit?: string }): Promise<{ targets: RemindTarget[]; filter: UnitFilter; archived: Archived }> {
    const [all, done] = await Promise.all([this.all(), this.tables.doneIds()]);
    const filter = this.unitFilter(q.unit, all);
    const units = filter.ok ? filter.units : [];
    const split = splitByPolicy(all, q.today, this.policy);
    const since = overdueSince(q.today, this.policy);
    return { targets: overdueTargets(split.active, { today: q.today, units, done, since }), filter, archived: this.archived(split, all, q.today, units, done) };
  }

  private archived(
    split: ReturnType<typeof splitByPolicy>,
    all: RemindTarget[],
    today: string,
    units: string[] | undefined,
    done: ReadonlySet<string>,
  ): Archived {
    const since = overdueSince(today, this.policy);
    const longOverdue = overdueTargets(split.active, { today, units, done }).filter((t) => t.deadline < since).length;
    return { years: split.archivedYears, activePlans: all.length > 0 && split.active.some((t) => t.source === 'plan'), longOverdue };
  }
}
