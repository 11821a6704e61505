/** The formats plans are published in. Each has one reader; all of them feed the same cleaner and outline parser. */
export type PlanFormat = 'text' | 'html' | 'docx' | 'pdf';

/** What a reader hands to the parser: the document's text, one paragraph (or source line) per line. */
export interface ReadText {
  ok: true;
  text: string;
  /** How the bytes became text: the character encoding for text and HTML (utf-8, gb18030 …), else the format. */
  encoding: string;
  bytes: Buffer;
  format: PlanFormat;
  /** The 1-based page of each line of `text`, for paged formats (PDF); absent elsewhere. */
  linePages?: number[];
  /** What the reader noticed and worked around (a page without text, a list format it does not know). */
  warnings: string[];
}

/** A file that cannot be read is a reason naming the file (`FILE: …`), never an exception. */
export type ReadResult = ReadText | { ok: false; reason: string };

export function readFailure(name: string, why: string): { ok: false; reason: string } {
  return { ok: false, reason: `${name}: ${why}` };
}

/** An exception from a third-party library, as one readable line (no stack, no multi-line dumps). */
export function describeError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0]!.trim().slice(0, 200) || 'unknown error';
}
