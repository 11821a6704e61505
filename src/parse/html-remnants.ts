/**
 * Scrapers that strip tags badly leave halves of them behind (`/p>`, `br/>`, `ldquo;`). Entities become the
 * characters they stand for; tag remnants become nothing (or a line break for block tags). A `?` that stands
 * for a character lost to a bad encoding is left alone: it is the document's own text and nobody can know
 * what it was.
 */
const ENTITIES: Record<string, string> = {
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  amp: '&',
  times: '×',
  bull: '•',
};

const TAGS = 'p|br|div|td|th|tr|span|strong|b|i|u|em|a|li|ul|ol|table|tbody|thead|font|h[1-6]|section|article|img|input|label|center|sup|sub';
const BLOCK = new Set(['p', 'br', 'div', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'section', 'article']);

// Whole tags, with or without the opening "<" (the scraper often ate it, and sometimes the quote before it).
const TAG_RE = new RegExp(`<?\\/?(?<![A-Za-z])(${TAGS})\\b(?:\\s+[a-zA-Z-]+(?:=(?:"[^"]*"|'[^']*'|[^\\s>]*))?)*\\s*\\/?>`, 'gi');
const ENTITY_RE = new RegExp(`&?#?\\b(${Object.keys(ENTITIES).join('|')});`, 'g');
const NUMERIC_ENTITY_RE = /&#(x[0-9a-f]+|\d+);/gi;

export function repairHtmlRemnants(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '')
    .replace(TAG_RE, (_m, tag: string) => (BLOCK.has(tag.toLowerCase()) ? '\n' : ''))
    .replace(NUMERIC_ENTITY_RE, (_m, code: string) => {
      const n = code[0]?.toLowerCase() === 'x' ? parseInt(code.slice(1), 16) : Number(code);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : '';
    })
    .replace(ENTITY_RE, (_m, name: string) => ENTITIES[name] ?? '');
}
