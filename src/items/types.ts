import { z } from 'zod';

/**
 * The shapes every stage after parsing agrees on. They are zod schemas (not just types) because items
 * also come back out of the store and in from JSON files, and those are external input.
 */

export const itemKinds = ['plan', 'review', 'intro'] as const;
export const ItemKind = z.enum(itemKinds);
export type ItemKind = z.infer<typeof ItemKind>;

export const Comparator = z.enum(['>=', '<=', '=']);
export type Comparator = z.infer<typeof Comparator>;

export const DeadlineSource = z.enum(['explicit', 'plan-year']);
export type DeadlineSource = z.infer<typeof DeadlineSource>;

export const Target = z.object({
  /** The clause of the item that states the commitment, as printed. */
  text: z.string(),
  value: z.number().nullable(),
  unit: z.string().nullable(),
  comparator: Comparator.nullable(),
  /** ISO date (YYYY-MM-DD): the last day the target may be met. */
  deadline: z.string(),
  deadlineText: z.string().nullable(),
  deadlineSource: DeadlineSource,
  /**
   * How the printed deadline reads (absent for `plan-year`): `date` (年底前, 三季度末, 2024年10月前 → 09-30),
   * `period-end` (the end of 2019年1月1日至12月31日), `relative` (自印发之日起30日内 from the document's date,
   * 3年内 from the plan year), `recurring` (每年3月底前: `deadline` is the first due date, `repeat` the rule).
   */
  deadlineKind: z.enum(['date', 'period-end', 'relative', 'recurring']).optional(),
  /** Recurring deadlines only: the next due dates follow every year / half-year / quarter / month. */
  repeat: z.enum(['year', 'half-year', 'quarter', 'month']).optional(),
});
export type Target = z.infer<typeof Target>;

export const PlanItem = z.object({
  id: z.string(),
  doc: z.string(),
  docTitle: z.string(),
  region: z.string(),
  year: z.number().int(),
  kind: ItemKind,
  part: z.string().nullable(),
  section: z.string().nullable(),
  label: z.string(),
  cite: z.string(),
  title: z.string(),
  text: z.string(),
  /** Every responsible unit, in print order, without labels (配合单位) or role words (负责). */
  units: z.array(z.string()),
  /**
   * The units the document marks as leading (牵头单位:X, X牵头, X会同Y, or a "列第一位者为牵头单位" rule):
   * a subset of `units`, in print order; empty where the document marks no lead. Items stored before the
   * field existed load with [].
   */
  leadUnits: z.array(z.string()).default([]),
  targets: z.array(Target),
  /** Where the item was read: the file, and for PDFs the page it starts on (a reply can say 第3页). */
  source: z.object({ file: z.string(), page: z.number().int().positive().optional() }).optional(),
});
type ParsedPlanItem = z.infer<typeof PlanItem>;
/**
 * `leadUnits` is optional in the type (the parser and `PlanItem.parse` always set it) so that items written
 * by hand before the field existed still type-check; read it as `item.leadUnits ?? []`.
 */
export type PlanItem = Omit<ParsedPlanItem, 'leadUnits'> & Partial<Pick<ParsedPlanItem, 'leadUnits'>>;

export const PlanDocument = z.object({
  id: z.string(),
  title: z.string(),
  region: z.string(),
  year: z.number().int(),
  published: z.string().nullable(),
  /** Who issued it (国务院办公厅, 深圳市卫生健康委员会), where the document or its page says so. */
  issuer: z.string().nullable().optional(),
  /** The document's own date (成文日期, or the date under the signature), ISO; relative deadlines count from it. */
  issued: z.string().nullable().optional(),
  /** The 文号 as printed (国发〔2018〕39号). */
  docNumber: z.string().nullable().optional(),
  /** File name inside the seeds folder. */
  source: z.string(),
  /** sha256 of the file's bytes: what incremental ingest compares. */
  hash: z.string(),
});
export type PlanDocument = z.infer<typeof PlanDocument>;

export interface ParsedDocument {
  document: PlanDocument;
  items: PlanItem[];
}

export interface SkippedFile {
  file: string;
  reason: string;
}
