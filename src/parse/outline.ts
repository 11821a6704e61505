import { numberToChinese } from './chinese-numerals.js';
import { matchHeading, matchLostOrdinal, type NumberingFamily } from './numbering.js';

/**
 * The document's numbered tree. Families nest in the order a document opens them: the first family seen is
 * the outer level, a family not yet open becomes a child of the innermost open one, and a family already
 * open closes everything inside it (a new `三、` ends the sections and items of `二、`). That one rule reads
 * `一、/1.`, `一、/(一)`, `一、/(一)/一是` and `一、/一是` layouts without being told which is which.
 */
export interface OutlineNode {
  family: NumberingFamily;
  ordinal: string;
  position: number | null;
  /** The ordinal was lost in the source and inferred from its neighbours. */
  inferred: boolean;
  heading: string;
  body: string[];
  children: OutlineNode[];
  parent: OutlineNode | null;
  /** Index of the heading among the document's paragraphs. */
  index: number;
}

export interface Outline {
  /** Paragraphs before the first heading. */
  front: Array<{ text: string; index: number }>;
  roots: OutlineNode[];
  warnings: string[];
}

export function buildOutline(paragraphs: string[]): Outline {
  const front: Outline['front'] = [];
  const roots: OutlineNode[] = [];
  const warnings: string[] = [];
  const stack: OutlineNode[] = [];

  paragraphs.forEach((text, index) => {
    // A paragraph taken out before (a task table's row) keeps its index but is no text.
    if (text === '') return;
    let heading = matchHeading(text);
    const top = stack[stack.length - 1];
    if (!heading && top) {
      const lost = matchLostOrdinal(text, top.family);
      if (lost && top.position !== null) {
        const position = top.position + 1;
        heading = { ...lost, ordinal: numberToChinese(position), position };
        warnings.push(`paragraph ${index + 1}: ordinal lost in the source; inferred ${top.family.label(heading.ordinal!)} from the sequence`);
        open(heading, index, true);
        return;
      }
    }
    if (!heading) {
      const next = nextInSequence(text);
      if (next) {
        open(next, index, false);
        return;
      }
      if (top) top.body.push(text);
      else front.push({ text, index });
      return;
    }
    open(heading, index, false);
  });

  /**
   * `11.121人才梯队项目`: item 11 about the "121" project. The family's pattern refuses a number glued to
   * digits (it would read 11.1 as a decimal), but the sequence expects 11 here, so 11 it is.
   */
  function nextInSequence(text: string): ReturnType<typeof matchHeading> {
    for (let d = stack.length - 1; d >= 0; d--) {
      const n = stack[d]!;
      if (n.position === null || !/^\d+$/.test(n.ordinal)) continue;
      const expected = n.position + 1;
      const m = new RegExp(`^${expected}([.．、])(?=\\d+\\p{Script=Han})(?!\\d+(?:\\.\\d|[%‰]))`, 'u').exec(text);
      if (m && n.family.pattern.test(`${expected}${m[1]}项`)) {
        return { family: n.family, ordinal: String(expected), position: expected, rest: text.slice(m[0].length).trim() };
      }
    }
    return null;
  }

  function open(h: NonNullable<ReturnType<typeof matchHeading>>, index: number, inferred: boolean): void {
    const depth = stack.findIndex((n) => n.family.name === h.family.name);
    if (depth !== -1) stack.length = depth;
    const parent = stack[stack.length - 1] ?? null;
    const siblings = parent ? parent.children : roots;
    const prev = siblings.filter((s) => s.family.name === h.family.name).at(-1);
    if (prev?.position != null && h.position != null && h.position !== prev.position + 1) {
      warnings.push(`paragraph ${index + 1}: ${h.family.label(h.ordinal!)} follows ${prev.family.label(prev.ordinal)}`);
    }
    const node: OutlineNode = {
      family: h.family,
      ordinal: h.ordinal!,
      position: h.position,
      inferred,
      heading: h.rest,
      body: [],
      children: [],
      parent,
      index,
    };
    siblings.push(node);
    stack.push(node);
  }

  return { front, roots, warnings };
}

export function* walk(nodes: OutlineNode[]): Generator<OutlineNode> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}
