import { InputLimitError, formatMegabytes, type ReadLimits } from './limits.js';

type JSZipModule = typeof import('jszip');
type Zip = Awaited<ReturnType<JSZipModule['loadAsync']>>;
type ZipEntry = Zip['files'][string];

/** What JSZip read from the central directory; not in its type declarations. */
interface EntryData {
  uncompressedSize?: number;
}

const members = (zip: Zip): ZipEntry[] => Object.values(zip.files).filter((f) => !f.dir);

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/**
 * The member count in the zip's end-of-central-directory record (the last 22 bytes, plus a comment of at most
 * 64 KB): read before JSZip builds an object per member, which for a file stuffed with hundreds of thousands
 * of tiny members would itself take hundreds of MB. Null when there is no such record (JSZip then reports
 * the file as corrupt) or it defers to Zip64.
 */
export function declaredEntryCount(bytes: Buffer): number | null {
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= earliest; i--) {
    if (bytes.readUInt32LE(i) !== END_OF_CENTRAL_DIRECTORY) continue;
    const count = bytes.readUInt16LE(i + 10);
    return count === 0xffff ? null : count;
  }
  return null;
}

export function checkEntryCount(bytes: Buffer, name: string, limits: ReadLimits): InputLimitError | null {
  const count = declaredEntryCount(bytes);
  if (count === null || count <= limits.docxEntries) return null;
  return new InputLimitError(name, 'docxEntries', `the archive has ${count} members`, limits);
}

/**
 * A .docx is a zip archive, and a zip says what its members unpack to before anything is inflated: check the
 * entry count and the declared sizes first, so that a zip bomb is refused without unpacking a byte. A member
 * that lies about its size is caught by `checkUnpackedSizes`, which inflates with a running count.
 */
export function checkDeclaredSizes(zip: Zip, name: string, limits: ReadLimits): InputLimitError | null {
  const entries = Object.keys(zip.files).length;
  if (entries > limits.docxEntries) return new InputLimitError(name, 'docxEntries', `the archive has ${entries} members`, limits);
  let total = 0;
  let largest: { path: string; size: number } = { path: '', size: 0 };
  for (const f of members(zip)) {
    const size = (f as unknown as { _data?: EntryData })._data?.uncompressedSize ?? 0;
    total += size;
    if (size > largest.size) largest = { path: f.name, size };
  }
  if (total <= limits.docxUnzippedBytes) return null;
  return new InputLimitError(
    name,
    'docxUnzippedBytes',
    `it unpacks to ${formatMegabytes(total)} MB (${largest.path}: ${formatMegabytes(largest.size)} MB)`,
    limits,
  );
}

/**
 * Inflate every member once, counting and discarding, and stop as soon as the total passes the limit: the
 * memory used is one chunk, whatever the archive claims. After this, everything that unpacks the archive
 * (our list numbering, mammoth, re-zipping) unpacks at most the limit.
 */
export async function checkUnpackedSizes(zip: Zip, name: string, limits: ReadLimits): Promise<InputLimitError | null> {
  let total = 0;
  for (const f of members(zip)) {
    let over: number | null;
    try {
      over = await countInflated(f, limits.docxUnzippedBytes - total);
    } catch (e) {
      // A damaged member (a wrong size in its header) throws only when inflated: say which one.
      throw new Error(`${f.name} cannot be read (${e instanceof Error ? e.message : String(e)})`);
    }
    if (over === null)
      return new InputLimitError(name, 'docxUnzippedBytes', `it unpacks to more than ${formatMegabytes(limits.docxUnzippedBytes)} MB (at ${f.name})`, limits);
    total += over;
  }
  return null;
}

/** JSZip's own stream: its 'data' callbacks run as each chunk is inflated (a Node stream would buffer them). */
interface InternalStream {
  on(event: 'data', fn: (chunk: Uint8Array) => void): InternalStream;
  on(event: 'end', fn: () => void): InternalStream;
  on(event: 'error', fn: (e: Error) => void): InternalStream;
  resume(): InternalStream;
  pause(): InternalStream;
}

/** Bytes the member inflates to, or null once it passes `budget` (inflating stops there). */
function countInflated(entry: ZipEntry, budget: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): InternalStream }).internalStream('uint8array');
    let n = 0;
    let done = false;
    stream
      .on('data', (chunk) => {
        if (done) return;
        n += chunk.length;
        if (n <= budget) return;
        done = true;
        stream.pause();
        resolve(null);
      })
      .on('end', () => {
        if (!done) resolve(n);
        done = true;
      })
      .on('error', (e) => {
        if (!done) reject(e);
        done = true;
      })
      .resume();
  });
}
