import type { PlanItem } from '../items/index.js';
import type { RemindTables } from '../store/remind-tables.js';
import { allUnits, dueTargets, overdueTargets, type DueList } from './due.js';
import { fromCoordinatorTarget, planTargets, type RemindTarget } from './targets.js';
// One unit matcher for the whole bot: /remind 医政 must mean what /unit 医政 means.
import { matchUnits } from '../query/units.js';

/** Where plan items come from: the item store at run time (its `items()`), the parser in tests. */
export interface ItemSource {
  items(): PlanItem[] | Promise<PlanItem[]>;
}

export type UnitFilter = { ok: true; units: string[] | undefined } | { ok: false; query: string; known: string[] };

/**
 * Every target the reminders know, plan and coordinator, with their done marks: what listings, digests
 * and the CLI all read. Items are fetched on every call, so a re-ingest shows up without a restart.
 */
export class TargetBook {
  constructor(
    private readonly source: ItemSource,
    readonly tables: RemindTables,
  ) {}

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

  async due(q: { today: string; within: number; unit?: string }): Promise<{ list: DueList; filter: UnitFilter }> {
    const [all, done] = await Promise.all([this.all(), this.tables.doneIds()]);
    const filter = this.unitFilter(q.unit, all);
    const units = filter.ok ? filter.units : [];
    return { list: dueTargets(all, { today: q.today, within: q.within, units, done }), filter };
  }

  async overdue(q: { today: string; unit?: string }): Promise<{ targets: RemindTarget[]; filter: UnitFilter }> {
    const [all, done] = await Promise.all([this.all(), this.tables.doneIds()]);
    const filter = this.unitFilter(q.unit, all);
    const units = filter.ok ? filter.units : [];
    return { targets: overdueTargets(all, { today: q.today, units, done }), filter };
  }
}
