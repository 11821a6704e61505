import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParsedDocument, SkippedFile } from '../items/index.js';
import { ParseError, parseDocument, type ParseOutput } from './parse-document.js';

/** File endings the text reader takes; anything else in the folder is reported, not guessed at. */
export const TEXT_EXTENSIONS = ['.txt', '.text', '.md'];

export interface FolderResult {
  documents: ParseOutput[];
  skipped: SkippedFile[];
}

/** Parse every document of a folder. One bad file is skipped with its reason; the others still load. */
export async function parseFolder(dir: string): Promise<FolderResult> {
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.') && n.toLowerCase() !== 'readme.md').sort();
  const documents: ParseOutput[] = [];
  const skipped: SkippedFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    if (!TEXT_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e))) {
      skipped.push({ file: name, reason: `${name}: unsupported file type (supported: ${TEXT_EXTENSIONS.join(', ')})` });
      continue;
    }
    try {
      documents.push(parseDocument(await readFile(path), name));
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      skipped.push({ file: name, reason: e.message });
    }
  }
  dedupeDocumentIds(documents);
  return { documents, skipped };
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
