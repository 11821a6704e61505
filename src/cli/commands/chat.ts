import { startChannels } from '../../chat/index.js';
import type { Command } from '../command.js';
import { openConsoleLog } from '../console-log.js';
import { asUsageError, openBot } from './start.js';

/**
 * The console group room fed from standard input, for people and scripts: each line is a group message from
 * one local user, handled by the same code path as the real bot. Each message the bot sends is printed and
 * followed by a line `---`; with --json, one document at the end pairs every input line with its replies.
 */
const command: Command = {
  name: 'chat',
  summary: 'a console group room fed from standard input (@BOT_NAME to mention the bot); replies end with ---',
  usage: "printf '@小助手 医用耗材怎么管理\\n' | planbot chat [--json]",
  options: {},
  async run(given) {
    // stdout is the room (a script's contract: replies and `---`); the log goes to a file, and where is said
    // once on stderr, which a script does not parse.
    const consoleLog = openConsoleLog(given.config);
    const ctx = { ...given, log: consoleLog.log };
    process.stderr.write(`${consoleLog.notice}\n`);
    const bot = await openBot(ctx);
    const exchanges: Array<{ message: string; replies: string[] }> = [];
    try {
      const running = await startChannels({
        config: ctx.config,
        log: ctx.log,
        assistant: bot.assistant,
        commands: bot.commands,
        feedback: bot.feedback,
        only: ['console'],
        terminal: {
          input: ctx.stdin,
          output: ctx.stdout,
          separator: true,
          ...(ctx.json
            ? {
                onUserMessage: (line: string) => void exchanges.push({ message: line, replies: [] }),
                onBotMessage: (text: string) => void exchanges.at(-1)?.replies.push(text),
              }
            : {}),
        },
      }).catch((err: unknown) => {
        throw asUsageError(err);
      });
      await running.finished;
      await running.stop();
    } finally {
      await bot.close();
    }
    if (ctx.json) ctx.print({ exchanges }, '');
  },
};
export default command;
