import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ParsedDocument, SkippedFile } from '../items/index.js';
import { ParseError, parseBytes, type ParseOutput } from './parse-document.js';
import { FORMAT_EXTENSIONS, SUPPORTED_EXTENSIONS, formatOf, unsupportedReason } from './readers/index.js';
import { DEFAULT_READ_LIMITS, InputLimitError, fileSizeError, type ReadLimits } from './readers/limits.js';
import { describeError } from './readers/types.js';

/** File endings the text reader takes (kept for callers that only want plain text). */
export const TEXT_EXTENSIONS = FORMAT_EXTENSIONS.text;
export { SUPPORTED_EXTENSIONS };

export interface FolderResult {
  documents: ParseOutput[];
  skipped: SkippedFile[];
}

/**
 * Parse every document of a folder. One bad file is skipped with its reason; the others still load. A file
 * over a limit (readers/limits.ts) is skipped the same way, its size checked before a byte of it is read.
 */
export async function parseFolder(dir: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<FolderResult> {
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.') && n.toLowerCase() !== 'readme.md').sort();
  const documents: ParseOutput[] = [];
  const skipped: SkippedFile[] = [];
  for (const name of names) {
    try {
      const path = join(dir, name);
      const info = await stat(path);
      if (!info.isFile()) continue;
      if (!formatOf(name)) {
        skipped.push({ file: name, reason: unsupportedReason(name) });
        continue;
      }
      const tooBig = fileSizeError(name, info.size, limits);
      if (tooBig) throw tooBig;
      documents.push(withinItemLimit(await parseBytes(await readFile(path), name, limits), limits));
    } catch (e) {
      skipped.push({ file: name, reason: skipReason(name, e) });
    }
  }
  dedupeDocumentIds(documents);
  return { documents, skipped };
}

/**
 * Any failure, expected or not (a library's own bug on a damaged file, a stack overflow, a file removed
 * while the folder is read), skips that file only; the reason names it so the user knows which to fix.
 */
function skipReason(name: string, e: unknown): string {
  if (e instanceof ParseError || e instanceof InputLimitError) return e.message;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return `${name}: cannot read the file (${code})`;
  return `${name}: could not be parsed (${describeError(e)})`;
}

/**
 * Parse one file of any supported format, for `planbot ingest FILE…`. Throws ParseError naming the file
 * when it cannot be read or holds no plan (unsupported ending, missing, corrupt, scanned, no items).
 * The document's `source` is the file's base name, as in a folder ingest.
 */
export async function parseFile(path: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ParseOutput> {
  const name = basename(path);
  if (!formatOf(name)) throw new ParseError(name, unsupportedReason(name));
  let bytes: Buffer;
  try {
    const tooBig = fileSizeError(name, (await stat(path)).size, limits);
    if (tooBig) throw new ParseError(name, tooBig.message);
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof ParseError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ParseError(name, `${name}: cannot read ${path} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? 'I/O error')})`);
  }
  try {
    return withinItemLimit(await parseBytes(bytes, name, limits), limits);
  } catch (e) {
    throw e instanceof ParseError ? e : new ParseError(name, skipReason(name, e));
  }
}

/** A document with more items than anyone writes is a runaway parse or a hostile file: it is not stored. */
function withinItemLimit(doc: ParseOutput, limits: ReadLimits): ParseOutput {
  const n = doc.items.length;
  if (n > limits.itemsPerDocument) throw new InputLimitError(doc.document.source, 'itemsPerDocument', `${n} items`, limits);
  return doc;
}

/** Two plans of the same region and year (a revision, a copy) keep distinct ids: -2, -3 … by file name order. */
function dedupeDocumentIds(docs: ParsedDocument[]): void {
  const seen = new Map<string, number>();
  for (const d of docs) {
    const n = (seen.get(d.document.id) ?? 0) + 1;
    seen.set(d.document.id, n);
    if (n === 1) continue;
    const id = `${d.document.id}-${n}`;
    for (const item of d.items) {
      item.id = item.id.replace(`${d.document.id}#`, `${id}#`);
      item.doc = id;
    }
    d.document.id = id;
  }
}
