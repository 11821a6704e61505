import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Answerer, LlmAnswerer } from '../../src/answer/index.js';
import { draftAnswer } from '../../src/answer/llm.js';
import { silentLogger } from '../../src/log/index.js';
import { startFakeOpenAI, type FakeHandler } from '../helpers/fake-openai.js';
import { corpusPort, fixedRetrieval, queryPort, seedCorpus } from '../helpers/fake-retrieval.js';

let server: Awaited<ReturnType<typeof startFakeOpenAI>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An OpenAI-style server-sent-event stream of the reply, a few characters per chunk. */
function streamed(res: ServerResponse, content: string, size = 6): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (let i = 0; i < content.length; i += size) {
    const chunk = {
      id: 'c1',
      object: 'chat.completion.chunk',
      created: 0,
      model: 'fake-model',
      choices: [{ index: 0, delta: { content: content.slice(i, i + size) }, finish_reason: null }],
    };
    res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  }
  res.write(
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'fake-model', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
  );
  res.end('data: [DONE]\n\n');
}

async function setup(handler: FakeHandler) {
  server = await startFakeOpenAI(handler);
  const corpus = await seedCorpus();
  const llm = new LlmAnswerer({ apiKey: 'sk-stream-test-0123', baseURL: server.url, model: 'fake-model', timeoutMs: 2000 }, silentLogger);
  const answerer = new Answerer({
    queries: queryPort(corpus, new Date('2022-06-01T00:00:00+08:00')),
    retrieval: fixedRetrieval(corpus.items, ['longgang-2022#30', 'longgang-2022#25']),
    corpus: corpusPort(corpus),
    log: silentLogger,
    llm,
  });
  return { answerer, requests: server.requests };
}

const ASKED = '妇幼方面筛查的人数目标写了什么';

describe('LLM answers written as they stream', () => {
  it('passes the growing answer text to onDraft, and the finished answer is checked and cited as usual', async () => {
    const body = JSON.stringify({ answer: '龙岗区要求宫颈癌免费筛查不低于5万人、乳腺癌免费筛查不低于4万人。', citations: ['longgang-2022#30'] });
    const { answerer, requests } = await setup((_req, res) => streamed(res, body));
    const drafts: string[] = [];
    const r = await answerer.answer(ASKED, { onDraft: (d) => drafts.push(d) });
    expect(requests[0]!.body.stream).toBe(true);
    expect(r.mode).toBe('llm');
    expect(r.answer).toContain('依据:《龙岗区2022年度卫生健康工作要点》第30条');
    expect(drafts.length).toBeGreaterThan(3);
    for (let i = 1; i < drafts.length; i += 1) expect(drafts[i]!.startsWith(drafts[i - 1]!)).toBe(true);
    expect(drafts.at(-1)).toBe('龙岗区要求宫颈癌免费筛查不低于5万人、乳腺癌免费筛查不低于4万人。');
    expect(drafts.join('')).not.toContain('citations');
  });

  it('a streamed answer that fails the checks is replaced by the extractive one', async () => {
    const body = JSON.stringify({ answer: '筛查不低于8万人。', citations: ['longgang-2022#30'] });
    const { answerer, requests } = await setup((_req, res) => streamed(res, body));
    const drafts: string[] = [];
    const r = await answerer.answer(ASKED, { onDraft: (d) => drafts.push(d) });
    expect(requests).toHaveLength(2);
    expect(drafts.some((d) => d.includes('8万'))).toBe(true);
    expect(r.mode).not.toBe('llm');
    expect(r.answer).not.toContain('8万');
  });

  it('decodes the answer field of unfinished JSON', () => {
    expect(draftAnswer('{"answ')).toBe('');
    expect(draftAnswer('{"answer": "第一行\\n第二')).toBe('第一行\n第二');
    expect(draftAnswer('{"answer":"引号\\"在内\\')).toBe('引号"在内');
    expect(draftAnswer('{"answer": "\\u9f99\\u5c97", "citations": ["x"]}')).toBe('龙岗');
    expect(draftAnswer('{"answer": "\\u9f9')).toBe('');
  });
});
