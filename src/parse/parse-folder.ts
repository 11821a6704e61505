import { readdir, readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, extname, join } from 'node:path';
import type { ParsedDocument, SkippedFile } from '../items/index.js';
import { ParseError, parseBytes, type ParseOutput } from './parse-document.js';
import { FORMAT_EXTENSIONS, SUPPORTED_EXTENSIONS, formatOf, unsupportedReason } from './readers/index.js';
import { describeError } from './readers/types.js';
import { DEFAULT_READ_LIMITS, InputLimitError, fileSizeError, type ReadLimits } from './readers/limits.js';

/** File endings the text reader takes (kept for callers that only want plain text). */
export const TEXT_EXTENSIONS = FORMAT_EXTENSIONS.text;
export { SUPPORTED_EXTENSIONS };

export interface FolderResult {
  documents: ParseOutput[];
  skipped: SkippedFile[];
}

export interface FolderOptions {
  /** Document ids already given, by file name (the store's): a file keeps its id while it stays (assignDocumentIds). */
  keptIds?: ReadonlyMap<string, string>;
  /** Size, member and item limits (readers/limits.ts); default DEFAULT_READ_LIMITS. */
  limits?: ReadLimits;
}

/**
 * Parse every document of a folder. One bad file is skipped with its reason; the others still load. A file
 * over a limit (readers/limits.ts) is skipped the same way, its size checked before a byte of it is read.
 */
export async function parseFolder(dir: string, opts: FolderOptions = {}): Promise<FolderResult> {
  const limits = opts.limits ?? DEFAULT_READ_LIMITS;
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
  assignDocumentIds(documents, opts.keptIds);
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
    throw new ParseError(
      name,
      `${name}: cannot read ${path} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? 'I/O error')})`,
    );
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

/**
 * A document's id is its region and plan year (longgang-2022), from its content. Two editions of one plan
 * share that base; they are told apart so that an id never moves when another file appears:
 * - a file that already has an id of this base (`kept`, from the store) keeps it;
 * - the others, earliest published first and then by file name, take the plain base if it is free, else the
 *   base with their own published date (longgang-2022-20220315), else with their file name
 *   (longgang-2022-a-revised, or a short hash of a name with no latin letters or digits).
 * Item ids follow (`<doc>#<label>`).
 */
export function assignDocumentIds(docs: ParsedDocument[], kept: ReadonlyMap<string, string> = new Map()): void {
  const groups = new Map<string, ParsedDocument[]>();
  for (const d of docs) groups.set(d.document.id, [...(groups.get(d.document.id) ?? []), d]);
  const taken = new Set(docs.map((d) => d.document.id));
  for (const [base, group] of groups) {
    if (group.length === 1 && !kept.has(group[0]!.document.source)) continue;
    const ofBase = (id: string | undefined) => id !== undefined && (id === base || id.startsWith(`${base}-`));
    const given = new Map<ParsedDocument, string>();
    const used = new Set<string>();
    for (const d of group) {
      const id = kept.get(d.document.source);
      if (ofBase(id) && !used.has(id!)) {
        given.set(d, id!);
        used.add(id!);
      }
    }
    const rest = group.filter((d) => !given.has(d)).sort(editionOrder);
    for (const d of rest) {
      const id = [base, ...editionSuffixes(d)].map((s, n) => (n === 0 ? s : `${base}-${s}`)).find((c) => !used.has(c) && (c === base || !taken.has(c)));
      const chosen = id ?? `${base}-${createHash('sha256').update(d.document.source).digest('hex').slice(0, 8)}`;
      given.set(d, chosen);
      used.add(chosen);
    }
    for (const [d, id] of given) renameDocument(d, id);
  }
}

function editionOrder(a: ParsedDocument, b: ParsedDocument): number {
  const pa = a.document.published ?? '9999';
  const pb = b.document.published ?? '9999';
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.document.source < b.document.source ? -1 : a.document.source > b.document.source ? 1 : 0;
}

function editionSuffixes(d: ParsedDocument): string[] {
  const out: string[] = [];
  if (d.document.published) out.push(d.document.published.replace(/-/g, ''));
  const stem = basename(d.document.source, extname(d.document.source))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 24);
  if (/[a-z]/.test(stem)) out.push(stem);
  out.push(createHash('sha256').update(d.document.source).digest('hex').slice(0, 6));
  return out;
}

function renameDocument(d: ParsedDocument, id: string): void {
  if (d.document.id === id) return;
  for (const item of d.items) {
    item.id = item.id.replace(`${d.document.id}#`, `${id}#`);
    item.doc = id;
  }
  d.document.id = id;
}
