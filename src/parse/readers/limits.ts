import type { Config } from '../../config/index.js';

/**
 * How much of one input file planbot is willing to read. Every reader holds a file's text (and .docx and PDF
 * readers much more) in memory at once, so without bounds one hostile or broken file (a 535 KB .docx whose
 * document.xml unpacks to 150 MB, a 50 MB .txt) takes gigabytes and minutes, then the whole ingest dies.
 * A file over a limit is skipped with a reason naming the file and the setting; the other files load.
 */
export interface ReadLimits {
  /** The file itself, any format. */
  fileBytes: number;
  /** What a .docx unpacks to: the sum of the parts planbot reads (the XML parts; pictures are never unpacked). */
  docxUnzippedBytes: number;
  /** Members of a .docx archive (a Word file has a few dozen). */
  docxEntries: number;
  pdfPages: number;
  itemsPerDocument: number;
}

/** The settings behind each limit, named in the reasons so the operator knows what to raise. */
export const LIMIT_SETTINGS: Record<keyof ReadLimits, keyof Config> = {
  fileBytes: 'LIMIT_FILE_MB',
  docxUnzippedBytes: 'LIMIT_DOCX_UNZIPPED_MB',
  docxEntries: 'LIMIT_DOCX_ENTRIES',
  pdfPages: 'LIMIT_PDF_PAGES',
  itemsPerDocument: 'LIMIT_ITEMS_PER_DOCUMENT',
};

const MB = 1024 * 1024;

export type LimitConfig = Pick<Config, 'LIMIT_FILE_MB' | 'LIMIT_DOCX_UNZIPPED_MB' | 'LIMIT_DOCX_ENTRIES' | 'LIMIT_PDF_PAGES' | 'LIMIT_ITEMS_PER_DOCUMENT'>;

export function readLimitsFrom(config: LimitConfig): ReadLimits {
  return {
    fileBytes: Math.floor(config.LIMIT_FILE_MB * MB),
    docxUnzippedBytes: Math.floor(config.LIMIT_DOCX_UNZIPPED_MB * MB),
    docxEntries: config.LIMIT_DOCX_ENTRIES,
    pdfPages: config.LIMIT_PDF_PAGES,
    itemsPerDocument: config.LIMIT_ITEMS_PER_DOCUMENT,
  };
}

/** The defaults of the config schema, for callers without a config (tests, library use). */
export const DEFAULT_READ_LIMITS: ReadLimits = readLimitsFrom({
  LIMIT_FILE_MB: 20,
  LIMIT_DOCX_UNZIPPED_MB: 50,
  LIMIT_DOCX_ENTRIES: 1000,
  LIMIT_PDF_PAGES: 500,
  LIMIT_ITEMS_PER_DOCUMENT: 5000,
});

/** A file over one of the limits. Its message is the skip reason: `FILE: too large: … (LIMIT_X = N)`. */
export class InputLimitError extends Error {
  override name = 'InputLimitError';
  constructor(
    readonly file: string,
    readonly limit: keyof ReadLimits,
    detail: string,
    limits: ReadLimits,
  ) {
    super(`${file}: too large: ${detail} (limit ${LIMIT_SETTINGS[limit]} = ${shownLimit(limit, limits)})`);
  }
}

function shownLimit(limit: keyof ReadLimits, limits: ReadLimits): string {
  const value = limits[limit];
  return limit === 'fileBytes' || limit === 'docxUnzippedBytes' ? `${formatMegabytes(value)} MB` : String(value);
}

export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  return mb >= 10 ? String(Math.round(mb)) : String(Math.round(mb * 100) / 100);
}

/** The file-size check every entry point makes before reading a byte (by `stat`) or parsing one (by length). */
export function fileSizeError(file: string, size: number, limits: ReadLimits): InputLimitError | null {
  if (size <= limits.fileBytes) return null;
  return new InputLimitError(file, 'fileBytes', `the file is ${formatMegabytes(size)} MB`, limits);
}
