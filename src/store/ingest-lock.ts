import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../log/index.js';

/** Another ingest holds the store: the message names it (pid, host, start time) so an operator can find it. */
export class StoreBusyError extends Error {
  override name = 'StoreBusyError';
  constructor(
    readonly holder: LockRecord,
    uri: string,
  ) {
    super(
      `another ingest is writing the store at ${uri}: pid ${holder.pid} on ${holder.host}, started ${holder.startedAt} ` +
        `(last sign of life ${holder.heartbeatAt}). Wait for it to finish, or stop that process; a killed ingest's lock is taken over automatically.`,
    );
  }
}

const LockRecord = z.object({
  token: z.string(),
  pid: z.number().int(),
  /** When that pid started (Linux /proc ticks): a reused pid is another process, not the holder. */
  pidStart: z.string().nullable().optional(),
  host: z.string(),
  startedAt: z.string(),
  heartbeatAt: z.string(),
});
export type LockRecord = z.infer<typeof LockRecord>;

/** The lock file, inside the store folder so that every process and host that shares the folder sees it. */
export const LOCK_FILE = 'planbot-ingest.lock';

export interface IngestLock {
  readonly record: LockRecord;
  release(): Promise<void>;
}

export interface LockOptions {
  log: Logger;
  /**
   * A holder on another host is presumed dead when its heartbeat is older than this. On this host the
   * process table decides instead (a long synchronous parse may delay heartbeats, a dead pid never lies).
   */
  leaseMs?: number;
  now?: () => Date;
}

const DEFAULT_LEASE_MS = 5 * 60_000;

/** LanceDB URIs such as s3://bucket/planbot have no folder here for a lock file. */
export function localFolder(uri: string): string | null {
  if (uri.startsWith('file://')) return new URL(uri).pathname;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? null : uri;
}

/**
 * One ingest at a time per store. The lock file is created with O_EXCL (atomic on a local and an NFS v3+
 * folder); its holder rewrites its heartbeat every lease/4. A lock whose holder is gone (a dead pid on this
 * host, an expired lease on another) is taken over; anything else refuses with StoreBusyError.
 */
export async function acquireIngestLock(uri: string, opts: LockOptions): Promise<IngestLock | null> {
  const folder = localFolder(uri);
  if (!folder) {
    opts.log.warn({ uri }, 'the store is not a local folder: ingest runs without the one-at-a-time lock');
    return null;
  }
  await mkdir(folder, { recursive: true });
  const path = join(folder, LOCK_FILE);
  const now = opts.now ?? (() => new Date());
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const stamp = now().toISOString();
  const record: LockRecord = {
    token: randomUUID(),
    pid: process.pid,
    pidStart: processStart(process.pid),
    host: hostname(),
    startedAt: stamp,
    heartbeatAt: stamp,
  };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, JSON.stringify(record), { flag: 'wx' });
      return held(path, record, leaseMs, now, opts.log);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = await readLock(path);
    if (holder === 'gone') continue;
    if (holder !== 'unreadable' && !isAbandoned(holder, leaseMs, now())) throw new StoreBusyError(holder, uri);
    if (await takeOver(path, holder, opts.log)) continue;
  }
  const holder = await readLock(path);
  if (holder === 'gone' || holder === 'unreadable') throw new Error(`could not take the ingest lock ${path}: another process keeps changing it`);
  throw new StoreBusyError(holder, uri);
}

/** Who holds the store's ingest lock, and whether that ingest still runs (for doctor); null when free. */
export async function ingestLockHolder(uri: string, leaseMs = DEFAULT_LEASE_MS): Promise<{ holder: LockRecord; running: boolean } | null> {
  const folder = localFolder(uri);
  if (!folder) return null;
  const holder = await readLock(join(folder, LOCK_FILE)).catch(() => 'unreadable' as const);
  if (holder === 'gone' || holder === 'unreadable') return null;
  return { holder, running: !isAbandoned(holder, leaseMs, new Date()) };
}

async function readLock(path: string): Promise<LockRecord | 'gone' | 'unreadable'> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  if (text === null) return 'gone';
  try {
    return LockRecord.parse(JSON.parse(text));
  } catch {
    // A holder killed between creating and writing the file leaves it empty or cut short.
    return 'unreadable';
  }
}

function isAbandoned(holder: LockRecord, leaseMs: number, now: Date): boolean {
  if (holder.host === hostname()) {
    if (!processAlive(holder.pid)) return true;
    // After a restart (a container's pids start again at 1) the number may belong to another process.
    return Boolean(holder.pidStart) && processStart(holder.pid) !== null && processStart(holder.pid) !== holder.pidStart;
  }
  return now.getTime() - Date.parse(holder.heartbeatAt) > leaseMs;
}

/** The process's start time in clock ticks since boot (field 22 of /proc/PID/stat); null off Linux. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the abandoned lock aside under a name of our own, then checks that what was moved is the lock judged
 * abandoned: a racing process may have taken it over in between, and its fresh lock is then put back.
 */
async function takeOver(path: string, judged: LockRecord | 'unreadable', log: Logger): Promise<boolean> {
  const aside = `${path}.${process.pid}.${randomUUID()}.stale`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
  const moved = await readLock(aside);
  const same = judged === 'unreadable' ? moved === 'unreadable' : moved !== 'gone' && moved !== 'unreadable' && moved.token === judged.token;
  if (!same) {
    await link(aside, path).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return false;
  }
  await unlink(aside).catch(() => undefined);
  log.warn({ holder: judged === 'unreadable' ? 'unreadable lock file' : judged }, 'took over the ingest lock of an ingest that is no longer running');
  return true;
}

function held(path: string, record: LockRecord, leaseMs: number, now: () => Date, log: Logger): IngestLock {
  let current = record;
  let renewing: Promise<void> = Promise.resolve();
  const heartbeat = setInterval(
    () => {
      current = { ...current, heartbeatAt: now().toISOString() };
      const tmp = `${path}.${record.token}.tmp`;
      // Written beside and renamed: a reader never sees half a record.
      renewing = readLock(path)
        .then(async (holder) => {
          // Taken over (our lease ran out while this process stalled): the lock is not ours to renew.
          if (holder === 'gone' || holder === 'unreadable' || holder.token !== record.token) {
            clearInterval(heartbeat);
            log.error({ holder }, 'the ingest lock was taken over by another process while this ingest ran');
            return;
          }
          await writeFile(tmp, JSON.stringify(current));
          await rename(tmp, path);
        })
        .catch((e: unknown) => log.warn({ err: (e as Error).message }, 'could not renew the ingest lock'));
    },
    Math.max(1000, Math.floor(leaseMs / 4)),
  );
  heartbeat.unref();
  return {
    record,
    async release() {
      clearInterval(heartbeat);
      // A renewal still in flight would otherwise put the file back after it is removed.
      await renewing;
      const holder = await readLock(path);
      // Never remove a lock that another process took over (after our lease ran out on a slow disk).
      if (holder !== 'gone' && holder !== 'unreadable' && holder.token === record.token) await unlink(path).catch(() => undefined);
    },
  };
}
