import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Runtime } from '../../app/runtime.js';
import {
  ChatSetupError,
  plannedChannels,
  startChannels,
  type Assistant,
  type ChatChannel,
  type ChatCommand,
  type ConnectionLease,
  type FeedbackSink,
  type RoomMemory,
} from '../../chat/index.js';
import { secretKeys } from '../../config/index.js';
import { embedderCheck } from '../../ops/embedder-health.js';
import { channelsCheck, runHealthChecks, schedulerCheck, storeCheck, type SchedulerState } from '../../ops/health.js';
import { noMetrics, type BotMetrics } from '../../ports/metrics.js';
import { countingPoster, countingWebhookFetch } from '../../ops/reminder-metrics.js';
import { StoreUnavailableError, explainStoreFailure } from '../../ops/store-diagnosis.js';
import type { Answerer } from '../../answer/index.js';
import type { Reminders } from '../../remind/index.js';
import type { WebDeps } from '../../web/deps.js';
import { isLoopback } from '../../web/security.js';
import { UsageError, type Command, type CommandContext } from '../command.js';

/** How often a running bot looks for a newer ingest of the store. */
const STORE_RELOAD_MS = 60_000;

/** The bot's core, opened once: the store (built from the seeds when missing), the assistant, reminders. */
export interface OpenBot {
  runtime: Runtime;
  assistant: Assistant;
  /** The assistant's own answerer: the web view asks it for confidence and citations. */
  answerer: Answerer;
  commands: ChatCommand[];
  reminders: Reminders | undefined;
  /** Why reminders are off, when they are. */
  remindersProblem?: string;
  /** The feedback table beside the reminders' (undefined when it could not be opened: /错了 is then off). */
  feedback: FeedbackSink | undefined;
  close(): Promise<void>;
}

/** Where people reach the web view, for links in replies; undefined when `planbot start` serves none. */
export function webUrlOf(config: CommandContext['config']): string | undefined {
  if (config.WEB_PUBLIC_URL) return config.WEB_PUBLIC_URL;
  if (config.HTTP_PORT === 0) return undefined;
  // A wildcard address is no link anyone can follow, and without WEB_TOKEN the web view is not served there.
  if (['0.0.0.0', '::', '[::]'].includes(config.HTTP_HOST)) return undefined;
  if (!isLoopback(config.HTTP_HOST) && !config.WEB_TOKEN) return undefined;
  const host = config.HTTP_HOST.includes(':') ? `[${config.HTTP_HOST}]` : config.HTTP_HOST;
  return `http://${host}:${config.HTTP_PORT}`;
}

export async function openBot(ctx: CommandContext, options: { metrics?: BotMetrics; webUrl?: string } = {}): Promise<OpenBot> {
  const metrics = options.metrics ?? noMetrics;
  const [{ openRuntime }, { createAssistant }, { createAnswerer }] = await Promise.all([
    import('../../app/runtime.js'),
    import('../../app/assistant.js'),
    import('../../app/answering.js'),
  ]);
  let runtime: Runtime;
  try {
    runtime = await openRuntime(ctx.config, ctx.log);
  } catch (err) {
    if (err instanceof Error && /EMBEDDER|OPENAI_API_KEY/.test(err.message)) throw err;
    throw new StoreUnavailableError(await explainStoreFailure(err, { db: ctx.config.PLANBOT_DB, seeds: ctx.config.PLANBOT_SEEDS }), { cause: err });
  }
  let reminders: Reminders | undefined;
  let remindersProblem: string | undefined;
  try {
    const { createReminders } = await import('../../remind/index.js');
    reminders = await createReminders({
      config: ctx.config,
      log: ctx.log,
      store: runtime.store,
      fetch: countingWebhookFetch(fetch, metrics),
      webUrl: options.webUrl,
    });
  } catch (err) {
    // Questions still work without reminders; say loudly that /remind will not.
    remindersProblem = (err as Error)?.message ?? String(err);
    ctx.log.error({ err }, 'reminders unavailable: /remind, /target and digests are off');
  }
  let feedback: FeedbackSink | undefined;
  try {
    const { FeedbackTable } = await import('../../store/feedback-table.js');
    const table = await FeedbackTable.open(runtime.store.db);
    feedback = {
      record: (f) => table.add({ ...f, id: randomUUID(), at: new Date().toISOString() }),
    };
  } catch (err) {
    ctx.log.error({ err }, 'feedback table unavailable: /错了 and answer ratings are not kept');
  }
  const answerer = await createAnswerer(runtime, metrics);
  return {
    runtime,
    feedback,
    answerer,
    assistant: createAssistant(runtime, answerer, metrics),
    commands: reminders?.commands ?? [],
    reminders,
    remindersProblem,
    async close() {
      reminders?.scheduler.stop();
      await reminders?.scheduler.idle();
      await runtime.close();
    },
  };
}

/**
 * The lease that lets one planbot per WeCom bot id hold the connection, in the store every process of a
 * deployment shares. Each process holds it under its own name (host, pid and a random part).
 */
async function wecomLease(bot: OpenBot, config: CommandContext['config']): Promise<ConnectionLease | undefined> {
  if (config.WECOM_LEASE_SECONDS === 0 || !config.WECOM_BOT_ID) return undefined;
  const { LeaseTable } = await import('../../store/lease-table.js');
  let table: Awaited<ReturnType<typeof LeaseTable.open>>;
  try {
    table = await LeaseTable.open(bot.runtime.store.db);
  } catch (err) {
    bot.runtime.log.error(
      { err },
      'the WeCom lease table could not be opened: connecting without a lease (a second planbot on this bot id would fight for the connection)',
    );
    return undefined;
  }
  const name = `wecom:${config.WECOM_BOT_ID}`;
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const ttlMs = config.WECOM_LEASE_SECONDS * 1000;
  return {
    renewMs: Math.max(1000, Math.floor(ttlMs / 3)),
    hold: async () => (await table.acquire(name, holder, ttlMs, Date.now())).held,
    release: () => table.release(name, holder),
  };
}

/** WeCom chat ids remembered in the store; without the table, chats are known from inbound messages only. */
async function wecomRooms(bot: OpenBot, log: CommandContext['log']): Promise<RoomMemory | undefined> {
  try {
    const { RoomTable } = await import('../../store/room-table.js');
    const table = await RoomTable.open(bot.runtime.store.db);
    return { rooms: () => table.rooms('wecom'), remember: (id) => table.remember('wecom', id, new Date().toISOString()) };
  } catch (err) {
    log.warn({ err }, 'the table of WeCom chats could not be opened: digests reach only chats seen since start-up');
    return undefined;
  }
}

/** What the web view needs of an open bot: the same store, unit matcher, reminders and answerer as the chat. */
export function webDepsOf(bot: OpenBot, ctx: CommandContext): WebDeps {
  const { config, log } = ctx;
  return {
    config,
    store: bot.runtime.store,
    unit: (name) => bot.runtime.retriever.unit(name),
    reminders: bot.reminders,
    ask: (q) => bot.answerer.answer(q),
    log,
    now: () => Date.now(),
    secrets: secretKeys.map((k) => config[k]),
  };
}

/** A configuration a channel cannot start with is bad usage (exit 2), named by its setting. */
export function asUsageError(err: unknown): unknown {
  return err instanceof ChatSetupError ? new UsageError(err.message) : err;
}

const command: Command = {
  name: 'start',
  summary: 'run the bot: WeCom and/or WeChat when configured, else a console group room in this terminal',
  usage: 'planbot start',
  options: {},
  async run(given) {
    let planned: ReturnType<typeof plannedChannels>;
    try {
      planned = plannedChannels(given.config);
    } catch (err) {
      throw asUsageError(err);
    }
    // The console room is this terminal: its log goes to a file so that no JSON line lands between a question
    // and its answer; the room says where, once, before the first prompt.
    const consoleLog = planned.includes('console') ? (await import('../console-log.js')).openConsoleLog(given.config) : undefined;
    const ctx = consoleLog ? { ...given, log: consoleLog.log } : given;
    if (consoleLog) ctx.stdout.write(`${consoleLog.notice}\n`);
    const { config, log } = ctx;
    // Counting costs next to nothing, but nobody can read the counts without the endpoint.
    const metrics = config.HTTP_PORT === 0 ? undefined : (await import('../../ops/prometheus.js')).createPrometheusMetrics();
    const bot = await openBot(ctx, { metrics, webUrl: webUrlOf(config) });
    let running: Awaited<ReturnType<typeof startChannels>> | undefined;
    let channels: ChatChannel[] = [];
    let scheduler: SchedulerState = bot.reminders ? { state: 'starting' } : { state: 'unavailable', reason: bot.remindersProblem ?? 'not loaded' };
    let ops: { close(): Promise<void> } | undefined;
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
    let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
    try {
      if (metrics) {
        const { startOpsServer } = await import('../../ops/http-server.js');
        const web = await import('../../web/server.js');
        // Beside /healthz and /metrics, the web view; off, with a warning, where it would be exposed without WEB_TOKEN.
        const exposed = web.exposureProblem(config);
        if (exposed) log.warn(`web view off: ${exposed}`);
        ops = await startOpsServer({
          app: exposed ? undefined : web.webListener(webDepsOf(bot, ctx)),
          host: config.HTTP_HOST,
          port: config.HTTP_PORT,
          log,
          metrics,
          secrets: secretKeys.map((k) => config[k]),
          health: () =>
            runHealthChecks({
              store: storeCheck(bot.runtime.store),
              embedder: embedderCheck(bot.runtime.store.embedder),
              channels: channelsCheck(() => channels),
              reminders: schedulerCheck(() => scheduler),
            }),
        });
      }
      running = await startChannels({
        config,
        log,
        assistant: bot.assistant,
        commands: bot.commands,
        feedback: bot.feedback,
        wecomLease: planned.includes('wecom') ? await wecomLease(bot, config) : undefined,
        wecomRooms: planned.includes('wecom') ? await wecomRooms(bot, log) : undefined,
        metrics,
        terminal: { input: ctx.stdin, output: ctx.stdout, prompt: Boolean((ctx.stdin as NodeJS.ReadStream).isTTY) },
      }).catch((err: unknown) => {
        throw asUsageError(err);
      });
      channels = running.channels;
      if (bot.reminders) {
        await bot.reminders.scheduler.start(running.channels.map((c) => countingPoster(c.poster, metrics ?? noMetrics)));
        scheduler = { state: 'running' };
      }
      // A coordinator runs `npm run ingest` beside the running bot: new documents are served within a minute.
      const reload = setInterval(() => {
        bot.runtime.reloadIfChanged().catch((err: unknown) => log.warn({ err }, 'could not check the store for a newer ingest'));
      }, STORE_RELOAD_MS);
      reload.unref();
      const stopped = new Promise<NodeJS.Signals | 'end of input'>((resolve) => {
        onSignal = resolve;
        for (const s of signals) process.once(s, onSignal);
        running?.finished.then(() => resolve('end of input'));
      });
      log.info({ reason: await stopped }, 'stopping');
      clearInterval(reload);
    } finally {
      for (const s of signals) process.off(s, onSignal);
      if (bot.reminders) scheduler = { state: 'stopped' };
      await running?.stop();
      await bot.close();
      await ops?.close();
    }
  },
};
export default command;
