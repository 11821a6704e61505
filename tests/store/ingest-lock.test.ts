import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { LOCK_FILE, StoreBusyError, acquireIngestLock } from '../../src/store/ingest-lock.js';
import { tempDir } from './helpers.js';

const log = silentLogger;
const tmp = tempDir('planbot-lock-');
afterAll(() => tmp.cleanup());

let n = 0;
function store(): string {
  const dir = join(tmp.dir, `store-${++n}`);
  mkdirSync(dir);
  return dir;
}

function leaveLock(dir: string, record: Record<string, unknown>): void {
  writeFileSync(
    join(dir, LOCK_FILE),
    JSON.stringify({ token: 'left-behind', startedAt: '2026-01-01T00:00:00.000Z', heartbeatAt: '2026-01-01T00:00:00.000Z', ...record }),
  );
}

/** The pid of a process that has exited (its number is not reused this soon). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('the ingest lock (issue 11, point 3)', () => {
  it('refuses a second holder, naming the first (pid, host, start time), and frees on release', async () => {
    const dir = store();
    const first = await acquireIngestLock(dir, { log });
    const second = await acquireIngestLock(dir, { log }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(StoreBusyError);
    expect((second as Error).message).toContain(`pid ${process.pid} on ${hostname()}, started ${first!.record.startedAt}`);
    await first!.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const third = await acquireIngestLock(dir, { log });
    await third!.release();
  });

  it('takes over the lock of a killed holder on this host (its pid is gone)', async () => {
    const dir = store();
    leaveLock(dir, { pid: deadPid(), host: hostname() });
    const lock = await acquireIngestLock(dir, { log });
    expect(lock!.record.pid).toBe(process.pid);
    await lock!.release();
  });

  it('a holder on another host: refused while its heartbeat is within the lease, taken over after', async () => {
    const dir = store();
    leaveLock(dir, { pid: 4242, host: 'other-host' });
    const soon = () => new Date('2026-01-01T00:01:00.000Z');
    const refused = await acquireIngestLock(dir, { log, leaseMs: 5 * 60_000, now: soon }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreBusyError);
    expect((refused as Error).message).toContain('pid 4242 on other-host, started 2026-01-01T00:00:00.000Z');
    const later = () => new Date('2026-01-01T00:10:00.000Z');
    const lock = await acquireIngestLock(dir, { log, leaseMs: 5 * 60_000, now: later });
    expect(lock!.record.host).toBe(hostname());
    await lock!.release();
  });

  it('a lock file cut short (holder killed while writing it) is taken over', async () => {
    const dir = store();
    writeFileSync(join(dir, LOCK_FILE), '{"tok');
    const lock = await acquireIngestLock(dir, { log });
    expect(lock).not.toBeNull();
    await lock!.release();
  });

  it('a pid of this host that now belongs to another process (restarted container) is not the holder', async () => {
    const dir = store();
    leaveLock(dir, { pid: process.pid, pidStart: '1', host: hostname() });
    const lock = await acquireIngestLock(dir, { log });
    expect(lock!.record.token).not.toBe('left-behind');
    await lock!.release();
  });

  it('a holder on this host that is alive keeps the lock', async () => {
    const dir = store();
    leaveLock(dir, { pid: process.ppid, host: hostname() });
    await expect(acquireIngestLock(dir, { log })).rejects.toThrow(StoreBusyError);
  });
});
