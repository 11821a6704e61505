import { CHROME_MAX_CHARS, chromePatterns } from './chrome-patterns.js';
import { repairHtmlRemnants } from './html-remnants.js';
import { isSignature, SIGNATURE_DATE } from './closing.js';
import { matchHeading } from './numbering.js';

export interface CleanResult {
  /** One paragraph per entry, trimmed, page chrome removed. */
  paragraphs: string[];
  /** Lines dropped as chrome, with the rule that dropped them (for `planbot parse --explain` and tests). */
  dropped: Array<{ line: string; rule: string }>;
  /** For each paragraph, the index of the raw line it came from: how a PDF item finds its page. */
  origins: number[];
}

function chromeRule(line: string, scope: 'line' | 'footer' | 'end'): string | null {
  for (const p of chromePatterns) {
    if (p.scope === scope && line.length <= (p.maxChars ?? CHROME_MAX_CHARS) && p.pattern.test(line)) return p.name;
  }
  return null;
}

/** Collapse the page's indentation and runs of spaces, keep single spaces that separate title phrases. */
function normaliseSpace(line: string): string {
  return line
    .replace(/[\u00a0\u3000\t]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Turns a scraped page into the document's paragraphs. Rules are general (see chrome-patterns.ts); there is
 * no per-file code. After the body has started (the first numbered heading), a footer marker ends it: what
 * follows a disclaimer or a "推荐访问" block is never plan text, whatever it looks like.
 */
export function cleanDocument(raw: string): CleanResult {
  const paragraphs: string[] = [];
  const dropped: CleanResult['dropped'] = [];
  const origins: number[] = [];
  let bodyStarted = false;
  let inFooter = false;
  /** The document ended (signature and date, publication note, attachments): nothing after is plan text. */
  let ended = false;
  for (const [lineIndex, rawLine] of raw.split('\n').entries()) {
    // A repaired <br/> can split one line of page furniture in two; a footer marker in either half
    // marks the whole line, so an ad's first half does not survive as a paragraph.
    const lines = repairHtmlRemnants(rawLine).split('\n').map(normaliseSpace);
    if (bodyStarted && !inFooter && lines.length > 1 && lines.some((l) => chromeRule(l, 'footer'))) inFooter = true;
    for (const line of lines) {
      if (line === '' || /^[\s\p{P}\p{S}]*$/u.test(line)) continue;
      if (ended) {
        dropped.push({ line, rule: 'after-end' });
        continue;
      }
      const endRule = bodyStarted ? chromeRule(line, 'end') : null;
      if (endRule) {
        dropped.push({ line, rule: endRule });
        ended = true;
        continue;
      }
      // The issuer's name over a date (国务院 / 2018年11月16日) signs the document off.
      if (bodyStarted && SIGNATURE_DATE.test(line) && paragraphs.length > 0 && isSignature(paragraphs[paragraphs.length - 1]!)) {
        dropped.push({ line: paragraphs.pop()!, rule: 'signature' }, { line, rule: 'signature' });
        origins.pop();
        ended = true;
        continue;
      }
      const heading = matchHeading(line);
      if (inFooter && !heading) {
        dropped.push({ line, rule: 'after-footer' });
        continue;
      }
      const lineRule = chromeRule(line, 'line');
      if (lineRule) {
        dropped.push({ line, rule: lineRule });
        continue;
      }
      const footerRule = chromeRule(line, 'footer');
      if (footerRule) {
        dropped.push({ line, rule: footerRule });
        if (bodyStarted) inFooter = true;
        continue;
      }
      if (heading) bodyStarted = true;
      paragraphs.push(line);
      origins.push(lineIndex);
    }
  }
  return { paragraphs, dropped, origins };
}
