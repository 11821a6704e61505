import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { decodePlanBytes, hasPlanText } from './text.js';
import { readFailure, type ReadResult } from './types.js';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** Never document text: code, widgets and form controls. */
const SKIPPED = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'select',
  'button',
  'textarea',
  'nav',
  'aside',
]);
/** Page furniture when they belong to the page; the same tags inside an article hold its title and date. */
const PAGE_LEVEL = new Set(['header', 'footer']);
const SECTIONING = new Set(['article', 'main', 'section']);
/** ARIA landmarks that say the same as nav/header/footer/aside on pages built from plain divs. */
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);
const BLOCK = new Set([
  'address',
  'article',
  'blockquote',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
  'body',
  'html',
]);
/** Cells of one table row stay on one line (a task table's row is one item), separated by a space. */
const CELL = new Set(['td', 'th']);

// A line break in the HTML source next to a Chinese character is layout of the source, not a word gap: a
// browser following CSS Text 3 drops it between two wide characters, and plans put no spaces beside Han
// text (“Joslin糖尿病”, “100%的”), so it goes there too. Between Latin words it stays a space.
const WIDE = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef\\u2018-\\u201d\\u2026\\u2014';
const SEGMENT_BREAK_BESIDE_WIDE = new RegExp(`(?<=[${WIDE}])[ \\n]*\\n[ \\n]*|[ \\n]*\\n[ \\n]*(?=[${WIDE}])`, 'gu');

/** One unit of work of the text walk: a node to enter, or an element whose children are done. */
type Step = { node: Node; inSection: boolean; inPre: boolean } | { close: Element };

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function isHidden(el: Element): boolean {
  if (attr(el, 'hidden') !== undefined || attr(el, 'aria-hidden') === 'true') return true;
  const style = attr(el, 'style')?.replace(/\s+/g, '').toLowerCase() ?? '';
  return style.includes('display:none') || style.includes('visibility:hidden');
}

/**
 * The visible text of a page, one block (paragraph, heading, list item, table row) per line. Scripts,
 * styles, navigation, sidebars and the page's own header and footer are left out; whatever chrome a
 * portal prints in plain divs is the cleaner's job, as for scraped text.
 */
export function htmlToText(html: string): string {
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    const line = current
      .replace(SEGMENT_BREAK_BESIDE_WIDE, '')
      .replace(/[ \n]+/g, ' ')
      .trim();
    if (line) lines.push(line);
    current = '';
  };

  const text = (value: string, inPre: boolean): void => {
    if (!inPre) {
      // Keep "there was a newline here" for the segment-break rule; any other whitespace run is one space.
      current += value.replace(/[ \t\r\f\n]+/g, (ws) => (ws.includes('\n') ? '\n' : ' '));
      return;
    }
    const [first, ...rest] = value.split('\n');
    current += first;
    for (const line of rest) {
      flush();
      current = line;
    }
  };

  // An explicit stack, not recursion: a scraped page can nest tens of thousands of elements, which would
  // overflow the call stack. An element's closing work (a cell's trailing space, a block's line end) is
  // pushed below its children so it runs after them, as it would on the way back up a recursion.
  const stack: Step[] = [{ node: parse(html), inSection: false, inPre: false }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('close' in step) {
      if (CELL.has(step.close.tagName)) current += ' ';
      if (BLOCK.has(step.close.tagName)) flush();
      continue;
    }
    const { node, inSection, inPre } = step;
    if (node.nodeName === '#text') {
      text((node as DefaultTreeAdapterTypes.TextNode).value, inPre);
      continue;
    }
    if (!('tagName' in node)) {
      if ('childNodes' in node) pushChildren(stack, node.childNodes, inSection, inPre);
      continue;
    }
    const el = node as Element;
    const tag = el.tagName;
    if (SKIPPED.has(tag) || isHidden(el) || CHROME_ROLES.has(attr(el, 'role') ?? '')) continue;
    if (PAGE_LEVEL.has(tag) && !inSection) continue;
    if (tag === 'br') {
      flush();
      continue;
    }
    if (BLOCK.has(tag)) flush();
    if (CELL.has(tag)) current += ' ';
    stack.push({ close: el });
    pushChildren(stack, el.childNodes, inSection || SECTIONING.has(tag), inPre || tag === 'pre');
  }
  flush();
  return lines.join('\n');
}

/** Children in reverse, so the stack pops them in document order. */
function pushChildren(stack: Step[], children: Node[], inSection: boolean, inPre: boolean): void {
  for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, inSection, inPre });
}

export function readHtml(bytes: Buffer, name: string): ReadResult {
  const decoded = decodePlanBytes(bytes, name);
  if (!decoded.ok) return decoded;
  const text = htmlToText(decoded.text);
  if (!hasPlanText(text)) return readFailure(name, "no Chinese text outside the page's scripts, navigation and footer; not a plan document");
  return { ...decoded, text, format: 'html' };
}
