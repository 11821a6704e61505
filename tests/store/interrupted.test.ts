import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { StoreBusyError } from '../../src/store/ingest-lock.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { ItemStore } from '../../src/store/item-store.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { ROOT, planbot } from '../helpers/cli.js';
import { seedFile } from '../helpers/seeds.js';
import { copySeeds, tempDir } from './helpers.js';

/**
 * Issue 11, points 2 and 3: an ingest killed with SIGKILL at a chosen moment, and a second ingest while one
 * runs. The child ingest is the real CLI in its own process, stopped at a named stage by the test-only hook
 * PLANBOT_TEST_PAUSE_AT (src/store/test-pause.ts), so that the kill lands exactly there.
 */

const log = silentLogger;
const embedder = new HashedLexicalEmbedder();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** `planbot ingest` in a child process (node itself, no wrapper, so its pid is the lock holder's), paused at `stage`. */
async function ingestPausedAt(stage: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'ingest'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', LANCEDB_LOG: 'error', EMBEDDER: 'lexical', PLANBOT_TEST_PAUSE_AT: stage, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(`planbot-test-paused ${stage}`)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`ingest exited (${code}) before reaching ${stage}: ${stderr}`)));
  });
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function served(uri: string) {
  const store = await ItemStore.open({ uri, embedder, log });
  try {
    return { items: await store.items(), files: (await store.fileRows()).map((f) => `${f.source}:${f.hash}`).sort() };
  } finally {
    store.close();
  }
}

function editEverySeed(seeds: string, from: string, to: string): void {
  for (const prefix of ['dongguan', 'guangzhou', 'longgang', 'shenzhen', 'xx-district']) {
    const file = join(seeds, seedFile(prefix));
    writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  }
}

async function doctorStore(env: Record<string, string>) {
  const r = await planbot(['doctor', '--json'], { EMBEDDER: 'lexical', ...env });
  return (JSON.parse(r.stdout) as { checks: Array<{ name: string; status: string; summary: string }> }).checks.find((c) => c.name === 'store')!;
}

describe.each(['first-batch-written', 'before-switch'])('an ingest killed with SIGKILL at %s', (stage) => {
  const tmp = tempDir('planbot-kill-');
  afterAll(() => tmp.cleanup());

  it('leaves the previous complete version serving to new processes, doctor does not say ok, and the next ingest completes', async () => {
    const seeds = copySeeds(tmp.dir);
    const uri = join(tmp.dir, 'store');
    const env = { PLANBOT_DB: uri, PLANBOT_SEEDS: seeds };
    await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    const before = await served(uri);
    expect(before.items).toHaveLength(180);

    editEverySeed(seeds, '卫生健康', '卫生健康事业');
    const child = await ingestPausedAt(stage, env);

    // While it holds the store: a second ingest is refused, naming the holder.
    const second = await ingestFolder({ seedsDir: seeds, uri, embedder, log }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(StoreBusyError);
    expect((second as StoreBusyError).holder).toMatchObject({ pid: child.pid, host: hostname() });
    expect((second as Error).message).toContain(`pid ${child.pid} on ${hostname()}, started `);
    expect((await doctorStore(env)).summary).toContain(`an ingest is running (pid ${child.pid}`);
    if (stage === 'first-batch-written') {
      const cli = await planbot(['ingest'], env);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`another ingest is writing the store at ${uri}: pid ${child.pid} on ${hostname()}`);
    }

    await killHard(child);

    // A new process serves exactly the previous ingest; doctor warns that the last ingest did not complete.
    expect(await served(uri)).toEqual(before);
    const doctor = await doctorStore(env);
    expect(doctor.status).toBe('warn');
    expect(doctor.summary).toContain('an ingest did not complete');
    expect(doctor.summary).toContain('180 items from 5 documents');

    // The killed holder's lock is taken over; its partial writes are rolled back and the run completes.
    const r = await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    expect(r.updated).toHaveLength(5);
    const after = await served(uri);
    expect(after.items.map((i) => i.id)).toEqual(before.items.map((i) => i.id));
    expect(after.items.some((i) => i.text.includes('卫生健康事业'))).toBe(true);
    expect((await doctorStore(env)).status).toBe('ok');
  });
});
