import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Embedder } from '../../src/store/embedder.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { SEEDS_DIR } from '../helpers/seeds.js';

/** A temporary folder for one test file's stores and seed copies, removed by `cleanup`. */
export function tempDir(prefix = 'planbot-store-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of the seeds that a test may change. */
export function copySeeds(dir: string): string {
  const to = join(dir, 'seeds');
  cpSync(SEEDS_DIR, to, { recursive: true });
  return to;
}

/** The default embedder, counting the texts it embeds and able to fail on a chosen call. */
export class CountingEmbedder implements Embedder {
  private readonly inner = new HashedLexicalEmbedder();
  readonly id = this.inner.id;
  readonly dimension = this.inner.dimension;
  calls = 0;
  texts = 0;
  failOnCall: number | null = null;

  async embed(texts: string[]): Promise<number[][]> {
    this.calls++;
    if (this.failOnCall !== null && this.calls >= this.failOnCall) throw new Error(`injected failure on embed call ${this.calls}`);
    this.texts += texts.length;
    return this.inner.embed(texts);
  }

  embedQuery = this.inner.embedQuery.bind(this.inner);
}
