import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { ItemKind, ParsedDocument, PlanItem } from '../items/index.js';
import { cleanDocument } from './clean.js';
import { foldFullWidthForms } from './readers/half-width.js';
import { readPlanBytes, readPlanBytesSync, type ReadLimits, type ReadResult, type ReadText } from './readers/index.js';
import {
  documentSlug,
  findDocNumber,
  findIssued,
  findIssuer,
  findPublished,
  findRegion,
  findTitle,
  isProse,
  isTitleLike,
  issuerRegion,
  planYearFrom,
} from './metadata.js';
import { buildOutline, walk, type OutlineNode } from './outline.js';
import { extractTargets, withPrintedDeadlines } from './targets.js';
import { findTaskTables } from './task-tables.js';
import { isClosingParagraph } from './closing.js';
import { hasFirstIsLeadRule } from './unit-annotations.js';
import { extractUnits } from './units.js';

export class ParseError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'ParseError';
  }
}

type Zone = 'pre' | 'review' | 'plan';
const REVIEW_WORDS = /(回顾|总结|成效|成绩|进展情况|完成情况)/;
const PLAN_MARK_WORDS = /(计划|安排|要点|任务|打算|思路)/;
const ZONE_KIND: Record<Zone, ItemKind> = { pre: 'intro', review: 'review', plan: 'plan' };

export interface ParseOutput extends ParsedDocument {
  /** Outline oddities and what the reader worked around (a PDF page without text, an unknown list format). */
  warnings: string[];
  dropped: Array<{ line: string; rule: string }>;
}

/**
 * Parse one plan document from its bytes. Throws ParseError (naming the file) when it is not one.
 * Synchronous, so it reads text and HTML only; .docx and .pdf need parseBytes (or parseFile).
 */
export function parseDocument(bytes: Buffer, fileName: string): ParseOutput {
  return parseRead(readPlanBytesSync(bytes, fileName), fileName);
}

/** Parse one plan document of any supported format (.txt, .html, .docx, .pdf: chosen by the file's ending). */
export async function parseBytes(bytes: Buffer, fileName: string, limits?: ReadLimits): Promise<ParseOutput> {
  return parseRead(await readPlanBytes(bytes, fileName, limits), fileName);
}

function parseRead(read: ReadResult, fileName: string): ParseOutput {
  if (!read.ok) throw new ParseError(fileName, read.reason);
  return parseText(read, fileName);
}

/** The one parser every format ends in: clean, outline, items. */
function parseText(read: ReadText, fileName: string): ParseOutput {
  const { bytes } = read;
  // Same number of lines in and out, so paragraph origins still index read.linePages.
  const raw = foldFullWidthForms(read.text);
  const { paragraphs, dropped, origins } = cleanDocument(raw);
  // Task tables (分工表) are read by their columns; their rows are no outline text.
  const tables = findTaskTables(paragraphs);
  const inTable = new Set(tables.flatMap((t) => [...t.used]));
  const outline = buildOutline(paragraphs.map((p, i) => (inTable.has(i) ? '' : p)));
  if (outline.roots.length === 0 && tables.length === 0)
    throw new ParseError(fileName, `${fileName}: no numbered items found (expected headings such as 一、 1. (一) 一是)`);
  const sourceOf = (paragraphIndex: number): NonNullable<PlanItem['source']> => {
    const page = read.linePages?.[origins[paragraphIndex] ?? -1];
    return page === undefined ? { file: fileName } : { file: fileName, page };
  };

  const frontTexts = outline.front.map((f) => f.text);
  const titleHit = findTitle(frontTexts);
  const title = titleHit?.title ?? basename(fileName, extname(fileName));
  const bodyText = paragraphs.join('\n');
  const docNumber = findDocNumber(raw, frontTexts);
  const issued = findIssued(raw);
  const issuer = findIssuer(raw, title);
  const year = planYearFrom(title, bodyText, { docNumber, issued }) ?? Number((findPublished(raw) ?? String(new Date().getFullYear())).slice(0, 4));
  // A national issuer (国务院, a ministry) speaks for the whole country whatever places the text names.
  const fromIssuer = issuer ? issuerRegion(issuer) : null;
  const region = (fromIssuer === '全国' ? fromIssuer : null) ?? findRegion(title, '') ?? fromIssuer ?? findRegion(title, bodyText) ?? '未知地区';
  const document = {
    id: documentSlug(region === '未知地区' ? null : region, year, basename(fileName, extname(fileName))),
    title,
    region,
    year,
    published: findPublished(raw),
    issuer,
    issued,
    docNumber,
    source: fileName,
    hash: createHash('sha256').update(bytes).digest('hex'),
  };

  // Where the plan starts. A speech or a summary-and-plan document announces it ("三、2022年工作安排",
  // "2018年工作计划"); what comes before is review or preamble. A plain plan starts at its first heading.
  const titleIndex = titleHit ? outline.front[titleHit.index]!.index : -1;
  const isPlanMarker = (text: string, index: number) =>
    index !== titleIndex && text.length <= 60 && text.includes(String(year)) && PLAN_MARK_WORDS.test(text) && !REVIEW_WORDS.test(text);
  // A plain plan may name its year in a heading too ("二、推进2023年民生实事任务"); that is a marker only
  // where something before it is looked back on: the title says so, or an earlier part reviews a past year.
  const reviewsBefore = (index: number) => REVIEW_WORDS.test(title) || outline.roots.some((r) => r.index < index && isReviewHeading(r.heading, year));
  const markerIndex = paragraphs.findIndex((p, i) => {
    const h = outline.roots.find((r) => r.index === i);
    const marks = h ? isPlanMarker(h.heading, i) : isTitleLike(p) && isPlanMarker(p, i);
    return marks && reviewsBefore(i);
  });
  const initialZone: Zone = markerIndex !== -1 && REVIEW_WORDS.test(title) ? 'review' : 'pre';
  const zoneAt = zoneTracker(outline.roots, markerIndex, initialZone, year);

  const items: PlanItem[] = [];
  const usedIds = new Set<string>();
  const uniqueFamilies = familiesWithUniqueOrdinals(outline.roots);
  const cite = (label: string) => (/^\d+$/.test(label) ? `《${title}》第${label}条` : `《${title}》${label}`);

  const usedLabels = new Set<string>();
  const rootPrefixes = restartedPartPrefixes(outline.roots, paragraphs);
  // The divider line between a summary and its plan belongs to neither's text.
  const divider = markerIndex !== -1 && !outline.roots.some((r) => r.index === markerIndex) ? paragraphs[markerIndex] : undefined;

  const leadRuleAt = paragraphs.findIndex(hasFirstIsLeadRule);
  // Relative deadlines (自印发之日起30日内) count from the document's own date, else its publication date.
  const deadlineContext = { planYear: year, issued: issued ?? document.published };
  /** A task table's row brings its units and deadline from their columns. */
  type RowFields = { units: string[]; leadUnits: string[]; deadlineTexts: string[] };
  const push = (kind: ItemKind, printedLabel: string, node: OutlineNode | null, heading: string | null, body: string[], at: number, row?: RowFields) => {
    const whole = [heading, ...body.filter((p) => p !== divider)].filter((s): s is string => !!s).join('\n');
    // "列第一位者为牵头单位,下同": from where the document prints it, the first unit of every list leads.
    const firstIsLead = leadRuleAt !== -1 && leadRuleAt < at;
    const note = extractUnits(whole, { firstIsLead });
    const text = note.text;
    const units = row ? row.units : note.units;
    const leadUnits = row ? (row.leadUnits.length ? row.leadUnits : firstIsLead && units[0] ? [units[0]] : []) : note.leadUnits;
    const deadlineTexts = row ? [...note.deadlineTexts, ...row.deadlineTexts] : note.deadlineTexts;
    if (!text) return;
    const root = node ? ancestors(node)[0]! : null;
    const restarted = root && rootPrefixes.get(root) !== undefined && !(node!.parent && uniqueFamilies.has(node!.family.name));
    let label = restarted ? `${rootPrefixes.get(root)}${printedLabel}` : printedLabel;
    // Two items must never share a citation; a repeat no divider explains is told apart by its occurrence.
    for (let n = 2; usedLabels.has(label); n++) label = `${printedLabel}第${n}处`;
    usedLabels.add(label);
    let id = `${document.id}#${label}`;
    for (let n = 2; usedIds.has(id); n++) id = `${document.id}#${label}~${n}`;
    usedIds.add(id);
    const part = node ? ancestors(node).find((a) => a.parent === null && a !== node) : null;
    const section = node?.parent && node.parent.parent ? node.parent : null;
    items.push({
      id,
      doc: document.id,
      docTitle: title,
      region,
      year,
      kind,
      part: part ? `${part.family.label(part.ordinal)}${part.heading}` : null,
      section: section ? `${section.family.label(section.ordinal)}${section.heading}` : null,
      label,
      cite: cite(label),
      title: itemTitle(heading ?? text),
      text,
      units: kind === 'plan' ? units : [],
      leadUnits: kind === 'plan' ? leadUnits : [],
      targets: kind === 'plan' ? withPrintedDeadlines(extractTargets(text, deadlineContext), deadlineTexts, itemTitle(heading ?? text), deadlineContext) : [],
      source: sourceOf(at),
    });
  };

  // Preamble paragraphs before the first heading: prose only (titles, signatures and dates are not items).
  const frontProse = outline.front.filter((f) => isProse(f.text) && f.index !== titleIndex);
  frontProse.forEach((f, i) => {
    const zone = zoneAt(f.index);
    const word = zone === 'review' ? '回顾' : '前言';
    push(ZONE_KIND[zone], frontProse.length > 1 ? `${word}${i + 1}` : word, null, null, [f.text], f.index);
  });

  // The closing paragraphs after the last item (各地区各部门要…, 本通知自…, or whatever follows an item
  // closed by its units note) are the document's, not the last item's: they become intro items (结语).
  const lastLeaf = [...walk(outline.roots)].filter((n) => n.children.length === 0).at(-1);
  const closing = lastLeaf ? closingStart(lastLeaf) : -1;
  for (const node of walk(outline.roots)) {
    const label = labelOf(node, uniqueFamilies);
    const zone = zoneAt(node.index);
    if (node.children.length === 0) {
      if (isPlanMarker(node.heading, node.index) && reviewsBefore(node.index) && node.body.length === 0) continue;
      const body = node === lastLeaf && closing !== -1 ? node.body.slice(0, closing) : node.body;
      const headingIsTitleOnly = body.length > 0 && isTitleLike(node.heading);
      push(ZONE_KIND[zone], label, node, node.heading, body, node.index);
      if (headingIsTitleOnly) items[items.length - 1]!.title = node.heading.replace(/[。.]$/, '');
    } else if (node.body.some(isProse)) {
      // A container's own text (a part's opening paragraph) is context, not a numbered commitment.
      push(zone === 'review' ? 'review' : 'intro', label, node, null, node.body, node.index);
    }
  }
  // Each numbered row of a task table is one plan item, labelled by its 序号 (prefixed with the table's
  // number where the document has numbered items or other tables too).
  tables.forEach((table, t) => {
    const prefix = outline.roots.length > 0 || tables.length > 1 ? `表${t + 1}-` : '';
    for (const row of table.rows) {
      push('plan', `${prefix}${row.label}`, null, null, [row.task], row.at, {
        units: row.units,
        leadUnits: row.leadUnits,
        deadlineTexts: row.deadlineText ? [row.deadlineText] : [],
      });
    }
  });
  if (lastLeaf && closing !== -1) {
    const tail = lastLeaf.body.slice(closing).filter(isProse);
    tail.forEach((p, i) => push('intro', tail.length > 1 ? `结语${i + 1}` : '结语', null, null, [p], lastLeaf.index + closing + 1 + i));
  }
  return { document, items, warnings: [...read.warnings, ...outline.warnings], dropped };
}

/**
 * Where the document's closing begins inside its last item's paragraphs: at a closing paragraph
 * (closing.ts), or after a paragraph the item's units note closed (`…。(X负责)`): a plan prints its units
 * last, so what follows the note is no longer the item. -1 when the item runs to the end.
 */
function closingStart(node: OutlineNode): number {
  const lines = [node.heading, ...node.body];
  for (let i = 1; i < lines.length; i++) {
    if (isClosingParagraph(lines[i]!)) return i - 1;
    const prev = extractUnits(lines[i - 1]!);
    if (prev.units.length > 0 && prev.text !== lines[i - 1] && extractUnits(lines[i]!).units.length === 0 && isProse(lines[i]!)) return i - 1;
  }
  return -1;
}

function zoneTracker(roots: OutlineNode[], markerIndex: number, initial: Zone, year: number): (index: number) => Zone {
  if (markerIndex === -1) {
    const first = roots[0]?.index ?? Number.POSITIVE_INFINITY;
    return (index) => (index >= first ? 'plan' : 'pre');
  }
  // Before the marker, each top-level part says what it is: a review of an earlier year, or context.
  const partZones = roots
    .filter((r) => r.index < markerIndex)
    .map((r) => ({ index: r.index, zone: (isReviewHeading(r.heading, year) ? 'review' : 'pre') as Zone }));
  return (index) => {
    if (index >= markerIndex) return 'plan';
    const part = partZones.filter((p) => p.index <= index).at(-1);
    return part ? part.zone : initial;
  };
}

/** A part that looks back: 工作回顾, 总结, or the year before the plan year ("2021年主要工作" in a 2022 plan). */
function isReviewHeading(heading: string, year: number): boolean {
  return REVIEW_WORDS.test(heading) || heading.includes(`${year - 1}年`);
}

/**
 * A document that numbers its parts again (一、二、 in the summary, 一、二、 again in the plan) would cite
 * two items alike. Each part that repeats an earlier part's ordinal takes the divider printed before it
 * ("2023年工作计划") as a prefix for itself and everything numbered inside it; continuous numbering
 * (1.–40.) never repeats and keeps its plain labels.
 */
function restartedPartPrefixes(roots: OutlineNode[], paragraphs: string[]): Map<OutlineNode, string> {
  const headings = new Set([...walk(roots)].map((n) => n.index));
  const seen = new Set<string>();
  const prefixes = new Map<OutlineNode, string>();
  let prefix: string | undefined;
  roots.forEach((root, k) => {
    const label = root.family.label(root.ordinal);
    // A new run starts where an ordinal already used comes back as the first of its family.
    if (seen.has(label) && root.position === 1) prefix = dividerBetween(paragraphs, headings, roots[k - 1]!.index, root.index);
    if (prefix !== undefined) prefixes.set(root, prefix);
    seen.add(label);
  });
  return prefixes;
}

/** The last unnumbered title-like line between two headings: what the document calls the new run. */
function dividerBetween(paragraphs: string[], headings: Set<number>, after: number, before: number): string | undefined {
  for (let i = before - 1; i > after; i--) {
    const p = paragraphs[i]!;
    if (!headings.has(i) && isTitleLike(p) && p.length <= 30) return p;
  }
  return undefined;
}

function ancestors(node: OutlineNode): OutlineNode[] {
  const out: OutlineNode[] = [];
  for (let n: OutlineNode | null = node; n; n = n.parent) out.unshift(n);
  return out;
}

/** Families whose ordinals never repeat in the document (continuous numbering such as 1.–40. or (一)–(三十六)). */
function familiesWithUniqueOrdinals(roots: OutlineNode[]): Set<string> {
  const seen = new Map<string, Set<string>>();
  const repeated = new Set<string>();
  for (const n of walk(roots)) {
    const s = seen.get(n.family.name) ?? new Set<string>();
    if (s.has(n.ordinal)) repeated.add(n.family.name);
    s.add(n.ordinal);
    seen.set(n.family.name, s);
  }
  return new Set([...seen.keys()].filter((f) => !repeated.has(f)));
}

/**
 * The label people cite: the item's own ordinal when the document numbers items continuously (`9`,
 * `(二十)`), else the path from the part down (`三(四)二是`, `四、三是`).
 */
function labelOf(node: OutlineNode, uniqueFamilies: Set<string>): string {
  const own = node.family.label(node.ordinal);
  if (uniqueFamilies.has(node.family.name) || node.parent === null) return own;
  const path = ancestors(node).map((n) => n.family.label(n.ordinal));
  return path.map((l, i) => (i < path.length - 1 && /^[((]/.test(path[i + 1]!) ? l.replace(/、$/, '') : l)).join('');
}

function itemTitle(text: string): string {
  const first = text.split(/[。;;\n]/)[0]!.trim();
  return first.length <= 40 ? first : `${first.slice(0, 38)}…`;
}
