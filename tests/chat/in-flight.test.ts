import { describe, expect, it } from 'vitest';
import type { AskReply, Assistant } from '../../src/chat/ports.js';
import { MAX_IN_FLIGHT_PER_USER, createRouter } from '../../src/chat/router.js';
import { createUserGate } from '../../src/chat/user-gate.js';
import { silentLogger } from '../../src/log/index.js';
import { createFakeAssistant } from './helpers/fake-assistant.js';
import { chatConfig, message, recordingTarget } from './helpers/harness.js';

/** An assistant whose answers wait until the test releases them, so that "in flight" is under the test's control. */
function heldAssistant() {
  const base = createFakeAssistant();
  const held: Array<{ question: string; release: () => void }> = [];
  const assistant: Assistant = {
    ...base,
    ask: (question) =>
      new Promise<AskReply>((resolve) => held.push({ question, release: () => resolve({ answered: true, text: `答:${question}`, citationIds: [] }) })),
  };
  return { assistant, held };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('questions in flight per user', () => {
  it(`at most ${MAX_IN_FLIGHT_PER_USER} of one person's questions are answered at once; the rest wait in order and none is dropped`, async () => {
    const { assistant, held } = heldAssistant();
    const router = createRouter({ config: chatConfig({ RATE_LIMIT_PER_MINUTE: 100 }), log: silentLogger, assistant });
    const { target, sent } = recordingTarget();
    const all = Array.from({ length: 5 }, (_, i) => router.receive(message({ text: `问题${i + 1}`, mentioned: true }), target));
    // Another person is not held up by the first one's queue.
    const other = router.receive(message({ userId: 'user-2', text: '别人的问题', mentioned: true }), target);
    await settle();
    expect(held.map((h) => h.question)).toEqual(['问题1', '问题2', '问题3', '别人的问题']);

    held[1]!.release();
    await settle();
    await settle();
    expect(held.map((h) => h.question)).toEqual(['问题1', '问题2', '问题3', '别人的问题', '问题4']);
    expect(sent.map((s) => s.text)).toEqual(['答:问题2']);

    for (const h of held) h.release();
    await settle();
    await settle();
    held.at(-1)!.release();
    await Promise.all([...all, other]);
    expect(held.map((h) => h.question)).toEqual(['问题1', '问题2', '问题3', '别人的问题', '问题4', '问题5']);
    expect(sent.map((s) => s.text).sort()).toEqual(['答:别人的问题', '答:问题1', '答:问题2', '答:问题3', '答:问题4', '答:问题5']);
    router.stop();
  });

  it('the gate passes a freed place to the next waiting job, and forgets idle users', async () => {
    const gate = createUserGate(1);
    const order: string[] = [];
    let release!: () => void;
    const first = gate.run('u', () => new Promise<void>((r) => (release = r)).then(() => void order.push('a')));
    const second = gate.run('u', async () => void order.push('b'));
    await settle();
    expect(gate.load('u')).toEqual({ running: 1, waiting: 1 });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['a', 'b']);
    expect(gate.load('u')).toEqual({ running: 0, waiting: 0 });
  });
});
