import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { DEFAULT_READ_LIMITS, fileSizeError, readPlanBytes, type ReadLimits, type ReadResult } from './readers/index.js';

export { decodePlanBytes, formatOf, readPlanBytes, readPlanBytesSync, SUPPORTED_EXTENSIONS, unsupportedReason } from './readers/index.js';
export type { PlanFormat, ReadLimits, ReadResult, ReadText } from './readers/index.js';
export { DEFAULT_READ_LIMITS, InputLimitError, readLimitsFrom } from './readers/index.js';

/** Read a plan file of any supported format (by its ending) into text; a file that cannot be read is a reason. */
export async function readPlanFile(path: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ReadResult> {
  const name = basename(path);
  let bytes: Buffer;
  try {
    const tooBig = fileSizeError(name, (await stat(path)).size, limits);
    if (tooBig) return { ok: false, reason: tooBig.message };
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: `${name}: cannot read the file (${code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'a directory' : (code ?? 'I/O error')})`,
    };
  }
  return readPlanBytes(bytes, name, limits);
}
