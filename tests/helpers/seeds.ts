import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseFolder } from '../../src/parse/index.js';

export const SEEDS_DIR = join(import.meta.dirname, '..', '..', 'seeds');

/** The seed file whose name starts with a region's slug (longgang, xx-district, shenzhen, guangzhou, dongguan). */
export function seedFile(prefix: string): string {
  const name = readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`no seed starting with ${prefix}`);
  return name;
}

export function seedBytes(prefix: string): Buffer {
  return readFileSync(join(SEEDS_DIR, seedFile(prefix)));
}

let cached: ReturnType<typeof parseFolder> | undefined;
/** The five seeds parsed once per test file. */
export function parsedSeeds() {
  cached ??= parseFolder(SEEDS_DIR);
  return cached;
}
