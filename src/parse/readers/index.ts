import { extname } from 'node:path';
import { readDocx } from './docx.js';
import { readHtml } from './html.js';
import { readPdf } from './pdf.js';
import { decodePlanBytes } from './text.js';
import { DEFAULT_READ_LIMITS, fileSizeError, type ReadLimits } from './limits.js';
import { readFailure, type PlanFormat, type ReadResult } from './types.js';

export type { PlanFormat, ReadResult, ReadText } from './types.js';
export { decodePlanBytes } from './text.js';
export { DEFAULT_READ_LIMITS, InputLimitError, LIMIT_SETTINGS, fileSizeError, readLimitsFrom, type ReadLimits } from './limits.js';

/** File endings each reader takes. Anything else in a folder is reported, not guessed at. */
export const FORMAT_EXTENSIONS: Record<PlanFormat, string[]> = {
  text: ['.txt', '.text', '.md'],
  html: ['.html', '.htm', '.shtml', '.xhtml'],
  docx: ['.docx'],
  pdf: ['.pdf'],
};
export const SUPPORTED_EXTENSIONS = Object.values(FORMAT_EXTENSIONS).flat();

/** Formats people have that look close to supported ones, with what to do instead. */
const NEAR_MISSES: Record<string, string> = {
  '.doc': 'Word 97–2003 (.doc) is not supported: save it as .docx',
  '.wps': 'WPS (.wps) is not supported: save it as .docx',
  '.rtf': 'RTF is not supported: save it as .docx',
  '.odt': 'OpenDocument (.odt) is not supported: save it as .docx',
  '.xls': 'spreadsheets are not supported: save the plan as .docx or .pdf',
  '.xlsx': 'spreadsheets are not supported: save the plan as .docx or .pdf',
  '.ofd': 'OFD is not supported: export the document as .pdf',
};

export function formatOf(fileName: string): PlanFormat | null {
  const ext = extname(fileName).toLowerCase();
  for (const [format, exts] of Object.entries(FORMAT_EXTENSIONS) as Array<[PlanFormat, string[]]>) if (exts.includes(ext)) return format;
  return null;
}

/** Why a file is not read: a known format with advice, or the list of supported endings. */
export function unsupportedReason(fileName: string): string {
  const ext = extname(fileName).toLowerCase();
  return `${fileName}: ${NEAR_MISSES[ext] ?? `unsupported file type (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`}`;
}

/**
 * Read a plan document of any supported format. A file without a known ending is read as text, as the
 * parser always has (parseFolder filters by ending before it gets here).
 */
export async function readPlanBytes(bytes: Buffer, fileName: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ReadResult> {
  const format = formatOf(fileName);
  if (format === 'docx') return readDocx(bytes, fileName, limits);
  if (format === 'pdf') return readPdf(bytes, fileName, limits);
  return readPlanBytesSync(bytes, fileName, limits);
}

/** The formats whose readers need no I/O wait (text and HTML); .docx and .pdf need readPlanBytes. */
export function readPlanBytesSync(bytes: Buffer, fileName: string, limits: ReadLimits = DEFAULT_READ_LIMITS): ReadResult {
  const tooBig = fileSizeError(fileName, bytes.length, limits);
  if (tooBig) return { ok: false, reason: tooBig.message };
  const format = formatOf(fileName);
  if (format === 'html') return readHtml(bytes, fileName);
  if (format === 'docx' || format === 'pdf') {
    return readFailure(fileName, `.${format} files are read asynchronously: use parseFile() or parseBytes() instead of parseDocument()`);
  }
  const ext = extname(fileName).toLowerCase();
  if (NEAR_MISSES[ext]) return { ok: false, reason: unsupportedReason(fileName) };
  return decodePlanBytes(bytes, fileName);
}
