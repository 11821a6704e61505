import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dropRunningLines, joinParagraphs, linesOf, type Line, type PageText, type TextPiece } from './pdf-layout.js';
import { hasPlanText } from './text.js';
import { DEFAULT_READ_LIMITS, InputLimitError, fileSizeError, type ReadLimits } from './limits.js';
import { describeError, readFailure, type ReadResult } from './types.js';

/** Where pdfjs-dist keeps its CJK character maps and standard fonts (a trailing slash is required). */
function pdfjsAssets(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return { cMapUrl: `${join(root, 'cmaps')}/`, standardFontDataUrl: `${join(root, 'standard_fonts')}/` };
}

// Characters a text layer holds when a font has no map back to Unicode: private-use code points, U+FFFD.
const UNMAPPED = /[\ue000-\uf8ff\ufffd]/gu;

/**
 * The text layer of a PDF, as paragraphs with the page each starts on. pdfjs-dist reads the file (its
 * legacy build is the one meant for Node) with the CJK character maps it ships, which Chinese PDFs using
 * Adobe's predefined CMaps (UniGB-UCS2-H …) need; the layout rules are in pdf-layout.ts.
 */
export async function readPdf(bytes: Buffer, name: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ReadResult> {
  if (bytes.length === 0) return readFailure(name, 'empty file');
  const tooBig = fileSizeError(name, bytes.length, limits);
  if (tooBig) return { ok: false, reason: tooBig.message };
  if (!bytes.subarray(0, 1024).includes('%PDF-')) return readFailure(name, 'corrupt .pdf: no PDF header (%PDF-) found');
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // pdfjs takes ownership of (detaches) the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    ...pdfjsAssets(),
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  const pages: PageText[] = [];
  try {
    const doc = await task.promise;
    // The page count is in the document's catalogue: known before any page's text is read.
    if (doc.numPages > limits.pdfPages)
      return { ok: false, reason: new InputLimitError(name, 'pdfPages', `the PDF has ${doc.numPages} pages`, limits).message };
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const pieces: TextPiece[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const [a, b, c, d, e, f] = item.transform as number[];
        pieces.push({
          str: item.str,
          x: e!,
          y: f!,
          width: item.width,
          size: Math.hypot(c!, d!),
          rotated: Math.abs(b!) > 1e-3 || Math.abs(c!) > 1e-3 || a! <= 0,
        });
      }
      pages.push({ page: n, pieces });
      page.cleanup();
    }
  } catch (e) {
    const kind = (e as { name?: string }).name;
    if (kind === 'PasswordException') return readFailure(name, 'password-protected PDF: remove the password and try again');
    return readFailure(name, `corrupt .pdf: ${describeError(e)}`);
  } finally {
    await task.destroy();
  }

  const lines = pages.map(linesOf);
  const withText = lines.filter((l) => l.length > 0).length;
  if (withText === 0) return readFailure(name, 'no text layer: OCR is not supported');

  const warnings: string[] = [];
  const blank = lines.flatMap((l, i) => (l.length === 0 ? [i + 1] : []));
  if (blank.length > 0)
    warnings.push(`page${blank.length > 1 ? 's' : ''} ${blank.join(', ')} ha${blank.length > 1 ? 've' : 's'} no text layer (scanned?); their text is missing`);

  const { pages: kept } = dropRunningLines(lines);
  const paragraphs = joinParagraphs(kept.flat() as Line[]);
  const text = paragraphs.map((p) => p.text).join('\n');
  const unmapped = text.match(UNMAPPED)?.length ?? 0;
  if (!hasPlanText(text)) {
    if (unmapped > 20) return readFailure(name, 'the text layer cannot be decoded (its fonts have no Unicode map): OCR is not supported');
    return readFailure(name, 'no Chinese text in the text layer; not a plan document');
  }
  if (unmapped > text.length * 0.05) warnings.push(`${unmapped} characters could not be decoded (fonts without a Unicode map)`);
  return { ok: true, text, encoding: 'pdf', bytes, format: 'pdf', linePages: paragraphs.map((p) => p.page), warnings };
}
