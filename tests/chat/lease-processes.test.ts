import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const HOLDER = join(import.meta.dirname, 'helpers', 'lease-holder.ts');

/**
 * A process competing for the lease, and a way to wait until it prints a state. Node itself runs the script
 * (tsx as a loader, not its launcher), so that a kill reaches the process that holds the lease.
 */
function competitor(dir: string, name: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir, name, '1500', '300'], { cwd: ROOT, env: { ...process.env, LANCEDB_LOG: 'error' } });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  const until = (state: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (out.split('\n').at(-2) === state) {
          clearInterval(timer);
          resolve();
        }
      }, 50);
      child.once('exit', () => {
        clearInterval(timer);
        reject(new Error(`${name} exited before it was ${state}: ${out}`));
      });
    });
  return { child, until, states: () => out.trim().split('\n') };
}

describe('the WeCom connection lease between two processes on one store', () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const c of children) c.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('one holds it, the other stands by; when the holder is killed the other takes over, and a clean stop hands it over at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbot-lease-processes-'));
    dirs.push(dir);
    const a = competitor(dir, 'A');
    children.push(a.child);
    await a.until('held');
    const b = competitor(dir, 'B');
    children.push(b.child);
    await b.until('standby');
    // A is killed without letting go (a crash): B takes over once A's lease has run out.
    a.child.kill('SIGKILL');
    await b.until('held');
    const c = competitor(dir, 'C');
    children.push(c.child);
    await c.until('standby');
    // B stops cleanly and releases: C holds it next.
    b.child.kill('SIGTERM');
    await c.until('held');
    expect(a.states()).toEqual(['held']);
    expect(b.states()).toEqual(['standby', 'held']);
  }, 60_000);
});
