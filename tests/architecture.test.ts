import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

/** Folder → folders it imports (relative imports between stage folders under src/). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
  for (const file of walk(SRC)) {
    const from = relative(SRC, file).split('/')[0]!;
    for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const to = relative(SRC, normalize(join(dirname(file), m[1]!))).split('/');
      if (to.length < 2 || to[0] === from || to[0] === '..') continue;
      graph.set(from, (graph.get(from) ?? new Set()).add(to[0]!));
    }
  }
  return graph;
}

describe('the stages', () => {
  it('import each other in one direction only: no two folders under src/ reach each other', () => {
    const graph = folderGraph();
    const reaches = (a: string, b: string) => {
      const seen = new Set<string>();
      const stack = [a];
      while (stack.length) {
        const x = stack.pop()!;
        if (x === b) return true;
        if (seen.has(x)) continue;
        seen.add(x);
        stack.push(...(graph.get(x) ?? []));
      }
      return false;
    };
    const loops = [...graph].flatMap(([a, tos]) => [...tos].filter((b) => reaches(b, a)).map((b) => `${a} ↔ ${b}`));
    expect(loops).toEqual([]);
  });

  it('keep the core free of chat SDKs and of the web framework', () => {
    const graph = folderGraph();
    for (const core of ['parse', 'items', 'store', 'query', 'retrieve', 'answer']) {
      expect(
        [...(graph.get(core) ?? [])].filter((d) => ['chat', 'web', 'ops', 'cli', 'app'].includes(d)),
        core,
      ).toEqual([]);
    }
  });
});
