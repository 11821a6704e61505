/**
 * TEST-ONLY hook: with PLANBOT_TEST_PAUSE_AT=<stage>, ingest stops forever at that stage after printing
 * `planbot-test-paused <stage>` on stderr, so that a test can kill it there with SIGKILL (tests/store/kill.test.ts).
 * Unset in every real deployment; it changes nothing else.
 */
export type IngestStage = 'locked' | 'first-batch-written' | 'before-switch';

export async function pauseForTest(stage: IngestStage): Promise<void> {
  if (process.env.PLANBOT_TEST_PAUSE_AT !== stage) return;
  process.stderr.write(`planbot-test-paused ${stage}\n`);
  // A pending promise alone lets node exit: the interval keeps the process waiting for its kill.
  await new Promise<never>(() => setInterval(() => undefined, 1 << 30));
}
