import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SUPPORTED_EXTENSIONS, formatOf } from '../parse/readers/index.js';

/** The store could not be opened or built; the message says what is wrong and what to do, in plain words. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

export interface StoreLocation {
  /** PLANBOT_DB */
  db: string;
  /** PLANBOT_SEEDS */
  seeds: string;
}

/** LanceDB URIs such as s3://bucket/planbot are not folders on this machine: nothing to stat. */
const isRemote = (uri: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) && !uri.startsWith('file://');

const errno = (e: unknown) => (e as NodeJS.ErrnoException)?.code;

/**
 * Turns a failure to open (or build) the store into an explanation. LanceDB's own messages are Rust debug
 * dumps ("Failed to connect to namespace: IO { source: Generic { …"); the file system says more plainly
 * what is wrong, so it is asked first, and LanceDB's message comes last for the record.
 */
export async function explainStoreFailure(err: unknown, where: StoreLocation): Promise<string> {
  const original = firstLine((err as Error)?.message ?? String(err));
  const problem = await storeFolderProblem(where.db);
  if (problem) return problem;
  if ((err as Error)?.name === 'StoreMismatchError' || (err as Error)?.name === 'StoreBusyError') return original;
  if ((err as Error)?.name === 'StoreMissingError') {
    return (await seedsProblem(where.seeds)) ?? `no plan store at ${where.db} (PLANBOT_DB): run \`planbot ingest\` to build it from ${where.seeds}`;
  }
  if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR' || errno(err) === 'EACCES') {
    const seeds = await seedsProblem(where.seeds);
    if (seeds) return seeds;
  }
  return `cannot read the plan store at ${where.db} (PLANBOT_DB): ${original}. It may be damaged: restore the folder from a backup (docs/OPERATIONS.md), or move it aside and run \`planbot ingest\` to rebuild it from ${where.seeds}.`;
}

/** What is wrong with the store folder itself, or null when it looks usable (or is not on this machine). */
export async function storeFolderProblem(db: string): Promise<string | null> {
  if (isRemote(db)) return null;
  const path = db.startsWith('file://') ? new URL(db).pathname : db;
  const info = await stat(path).catch((e: unknown) => e as NodeJS.ErrnoException);
  if (info instanceof Error) {
    if (errno(info) === 'ENOTDIR') return `PLANBOT_DB=${db}: a part of this path is a file, not a folder. Point PLANBOT_DB to a folder.`;
    if (errno(info) === 'EACCES') return `PLANBOT_DB=${db}: no permission to look inside the folders on this path. Give the user running planbot access.`;
    if (errno(info) !== 'ENOENT') return `PLANBOT_DB=${db}: ${info.message}`;
    // Missing is fine when it can be created: an ingest makes it.
    const parent = await nearestExisting(dirname(path));
    if (
      parent &&
      (await access(parent, constants.W_OK).then(
        () => false,
        () => true,
      ))
    ) {
      return `PLANBOT_DB=${db} does not exist, and ${parent} is not writable, so it cannot be created. Create it for the user running planbot, or choose another folder.`;
    }
    return null;
  }
  if (!info.isDirectory()) return `PLANBOT_DB=${db} is a file, not a folder. Point PLANBOT_DB to a folder (it is created when missing).`;
  if (
    await access(path, constants.R_OK | constants.X_OK).then(
      () => false,
      () => true,
    )
  ) {
    return `PLANBOT_DB=${db} is not readable by this user. Fix its owner or permissions (in Docker: the image runs as user "node").`;
  }
  return null;
}

/** What stops the seeds folder from giving a store, or null when it holds at least one plan document. */
export async function seedsProblem(seeds: string): Promise<string | null> {
  const names = await readdir(seeds).catch((e: unknown) => e as NodeJS.ErrnoException);
  if (names instanceof Error) {
    if (errno(names) === 'ENOENT')
      return `the plan store is missing and PLANBOT_SEEDS=${seeds} does not exist, so there is nothing to build it from. Put the plan documents there (or point PLANBOT_SEEDS to them) and run \`planbot ingest\`.`;
    if (errno(names) === 'ENOTDIR') return `PLANBOT_SEEDS=${seeds} is a file, not a folder of plan documents.`;
    if (errno(names) === 'EACCES') return `PLANBOT_SEEDS=${seeds} is not readable by this user.`;
    return `PLANBOT_SEEDS=${seeds}: ${names.message}`;
  }
  if (!names.some((n) => !n.startsWith('.') && formatOf(n))) {
    return `the plan store is missing and PLANBOT_SEEDS=${seeds} holds no plan documents (${SUPPORTED_EXTENSIONS.join(', ')}). Add them and run \`planbot ingest\`.`;
  }
  return null;
}

async function nearestExisting(path: string): Promise<string | null> {
  for (let p = path; ; p = dirname(p)) {
    if (
      await stat(p).then(
        () => true,
        () => false,
      )
    )
      return p;
    if (dirname(p) === p) return null;
  }
}

function firstLine(message: string): string {
  // LanceDB appends "Caused by" chains, Rust source locations and backtraces; the first clause is the useful part.
  return message
    .split('\n')[0]!
    .split(/\s+Caused by:/)[0]!
    .replace(/, location: Location \{.*$/, '')
    .replace(/,? \/\S+\.rs:\d+:\d+/g, '')
    .trim()
    .slice(0, 300);
}
