import { createAnswerer } from '../../src/app/answering.js';
import type { Runtime } from '../../src/app/runtime.js';
import type { Logger } from '../../src/log/index.js';
import { createReminders, type Reminders } from '../../src/remind/index.js';
import type { Clock } from '../../src/remind/clock.js';
import type { WebDeps } from '../../src/web/deps.js';
import { startWebServer, type WebServer } from '../../src/web/server.js';
import { capturedLog, seedRuntime, seedStore, tempDir, testConfig } from '../ops/helpers.js';

/** Tokens of the test coordinators: long enough to be accepted, never real. */
export const COORDINATOR_TOKEN = 'test-coordinator-token-0001';
export const WEB_TOKEN = 'test-web-token-000000001';

/** 2022-11-20 09:00 in Shanghai: the seeds' 2022 plans are active, their year-end targets due within 90 days. */
export const NOW = Date.parse('2022-11-20T09:00:00+08:00');

export interface Desk {
  url: string;
  runtime: Runtime;
  reminders: Reminders;
  deps: WebDeps;
  log: ReturnType<typeof capturedLog>;
  close(): Promise<void>;
}

const fixedClock: Clock = { now: () => NOW, setTimer: () => 0, clearTimer: () => undefined };

/** The seeds in a fresh store, the reminders beside them, and the web view on 127.0.0.1 (a free port). */
export async function openDesk(env: Record<string, string> = {}): Promise<Desk> {
  const tmp = tempDir('planbot-web-');
  const uri = await seedStore(tmp.dir);
  const log = capturedLog('info', [COORDINATOR_TOKEN, WEB_TOKEN]);
  const config = testConfig({ PLANBOT_DB: uri, EMBEDDER: 'lexical', COORDINATOR_TOKENS: `张主任=${COORDINATOR_TOKEN}`, ...env });
  const runtime = await seedRuntime(uri, env);
  const reminders = await createReminders({ config, log: log.log, store: runtime.store, clock: fixedClock });
  const answerer = await createAnswerer(runtime);
  const deps: WebDeps = {
    config,
    store: runtime.store,
    unit: (name) => runtime.retriever.unit(name),
    reminders,
    ask: (q) => answerer.answer(q),
    log: log.log as Logger,
    now: () => NOW,
  };
  const server: WebServer = await startWebServer(deps, { host: '127.0.0.1', port: 0 });
  return {
    url: server.url,
    runtime,
    reminders,
    deps,
    log,
    async close() {
      await server.close();
      await runtime.close();
      tmp.cleanup();
    },
  };
}
