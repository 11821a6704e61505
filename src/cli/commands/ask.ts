import { createInterface } from 'node:readline';
import { createAnswerer } from '../../app/answering.js';
import { openRuntime } from '../../app/runtime.js';
import type { AnswerResult } from '../../answer/index.js';
import { UsageError, intOption, type Command } from '../command.js';

const contract = (r: AnswerResult) => ({
  answered: r.answered,
  confidence: r.confidence,
  score: Number(r.score.toFixed(3)),
  answer: r.answer,
  citations: r.citations,
});

const command: Command = {
  name: 'ask',
  summary: 'answer a question with citations (use - to read one question per line from stdin)',
  usage: 'planbot ask "QUESTION" [--k 5] [--json]   |   planbot ask - [--k 5] [--json]',
  options: { k: { type: 'string', placeholder: 'N', description: 'how many items to retrieve and cite (default 5)' } },
  async run(ctx) {
    const question = ctx.positionals.join(' ').trim();
    if (!question) throw new UsageError('give a question, or - to read questions from standard input');
    const k = intOption(ctx, 'k', 5, 1, 50);
    const runtime = await openRuntime(ctx.config, ctx.log);
    try {
      const answerer = await createAnswerer(runtime);
      if (question !== '-') {
        const result = await answerer.answer(question, { k });
        ctx.print(contract(result), result.answer);
        return;
      }
      // One question per line, answered in order with the store loaded once: how scripts and the eval ask.
      for await (const line of createInterface({ input: ctx.stdin, crlfDelay: Infinity })) {
        if (!line.trim()) continue;
        const result = await answerer.answer(line, { k });
        ctx.stdout.write(ctx.json ? `${JSON.stringify(contract(result))}\n` : `${result.answer}\n---\n`);
      }
    } finally {
      await runtime.close();
    }
  },
};
export default command;
