import type { Runtime } from '../../app/runtime.js';
import { ChatSetupError, plannedChannels, startChannels, type Assistant, type ChatCommand } from '../../chat/index.js';
import type { Reminders } from '../../remind/index.js';
import { UsageError, type Command, type CommandContext } from '../command.js';

/** The bot's core, opened once: the store (built from the seeds when missing), the assistant, reminders. */
export interface OpenBot {
  runtime: Runtime;
  assistant: Assistant;
  commands: ChatCommand[];
  reminders: Reminders | undefined;
  close(): Promise<void>;
}

export async function openBot(ctx: CommandContext): Promise<OpenBot> {
  const [{ openRuntime }, { createAssistant }] = await Promise.all([import('../../app/runtime.js'), import('../../app/assistant.js')]);
  const runtime = await openRuntime(ctx.config, ctx.log);
  let reminders: Reminders | undefined;
  try {
    const { createReminders } = await import('../../remind/index.js');
    reminders = await createReminders({ config: ctx.config, log: ctx.log, store: runtime.store });
  } catch (err) {
    // Questions still work without reminders; say loudly that /remind will not.
    ctx.log.error({ err }, 'reminders unavailable: /remind, /target and digests are off');
  }
  return {
    runtime,
    assistant: createAssistant(runtime),
    commands: reminders?.commands ?? [],
    reminders,
    async close() {
      reminders?.scheduler.stop();
      await reminders?.scheduler.idle();
      await runtime.close();
    },
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
  async run(ctx) {
    try {
      plannedChannels(ctx.config);
    } catch (err) {
      throw asUsageError(err);
    }
    const bot = await openBot(ctx);
    let running: Awaited<ReturnType<typeof startChannels>> | undefined;
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
    let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
    try {
      running = await startChannels({
        config: ctx.config,
        log: ctx.log,
        assistant: bot.assistant,
        commands: bot.commands,
        terminal: { input: ctx.stdin, output: ctx.stdout, prompt: Boolean((ctx.stdin as NodeJS.ReadStream).isTTY) },
      }).catch((err: unknown) => {
        throw asUsageError(err);
      });
      await bot.reminders?.scheduler.start(running.channels.map((c) => c.poster));
      const stopped = new Promise<NodeJS.Signals | 'end of input'>((resolve) => {
        onSignal = resolve;
        for (const s of signals) process.once(s, onSignal);
        running?.finished.then(() => resolve('end of input'));
      });
      ctx.log.info({ reason: await stopped }, 'stopping');
    } finally {
      for (const s of signals) process.off(s, onSignal);
      await running?.stop();
      await bot.close();
    }
  },
};
export default command;
