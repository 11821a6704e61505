import { UsageError, intOption, stringOption, type Command } from '../command.js';
import { openBot, webDepsOf } from './start.js';

const command: Command = {
  name: 'web',
  summary: 'serve only the web view (文件, 条目, 单位, 到期, 目标, 问答) on HTTP_HOST:HTTP_PORT, without chat',
  usage: 'planbot web [--host HOST] [--port PORT]',
  options: {
    host: { type: 'string', placeholder: 'HOST', description: 'address to listen on (default HTTP_HOST); not loopback needs WEB_TOKEN' },
    port: { type: 'string', placeholder: 'PORT', description: 'port (default HTTP_PORT; 0 picks a free one)' },
  },
  async run(ctx) {
    if (ctx.positionals.length) throw new UsageError(`unexpected argument "${ctx.positionals[0]}": web takes only options`);
    const host = stringOption(ctx, 'host') ?? ctx.config.HTTP_HOST;
    const port = intOption(ctx, 'port', ctx.config.HTTP_PORT, 0, 65535);
    const { exposureProblem, startWebServer } = await import('../../web/server.js');
    const config = { ...ctx.config, HTTP_HOST: host };
    const problem = exposureProblem(config);
    if (problem) throw new UsageError(problem);
    const bot = await openBot({ ...ctx, config });
    try {
      const server = await startWebServer(webDepsOf(bot, { ...ctx, config }), { host, port });
      ctx.stdout.write(`web view: ${server.url}/\n`);
      const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
      let onSignal: (s: NodeJS.Signals) => void = () => undefined;
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        onSignal = resolve;
        for (const s of signals) process.once(s, onSignal);
      });
      for (const s of signals) process.off(s, onSignal);
      ctx.log.info({ reason: signal }, 'stopping');
      await server.close();
    } finally {
      await bot.close();
    }
  },
};
export default command;
