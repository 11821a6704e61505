import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EvalQuestion } from '../../src/eval/dataset.js';
import { planbot } from '../helpers/cli.js';
import { SEEDS_DIR, seedFile } from '../helpers/seeds.js';

/** The console room as a newcomer meets it: `planbot chat` with the zero-config defaults. */
describe('planbot chat (the console room)', () => {
  let dir: string;
  let seeds: string;
  let db: string;
  const opts = () => ['--seeds', seeds, '--db', db];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'planbot-chat-'));
    seeds = join(dir, 'seeds');
    db = join(dir, 'store', 'planbot');
    mkdirSync(seeds);
    copyFileSync(join(SEEDS_DIR, seedFile('longgang')), join(seeds, seedFile('longgang')));
    const r = await planbot(['ingest', '--json', ...opts()]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('keeps the log out of the room: info lines go to a file beside the store, and stderr says where once', async () => {
    const r = await planbot(['chat', ...opts()], { LOG_LEVEL: 'info' }, '@小助手 医用耗材怎么管理\n/单位 医政科\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/"level":/);
    expect(r.stderr).not.toMatch(/"level":30/);
    const file = join(dir, 'store', 'logs', 'console.log');
    expect(r.stderr.match(/日志写在/g)).toHaveLength(1);
    expect(r.stderr).toContain('console.log');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('"msg":"answered question"');
  }, 120_000);

  it('every piped line addressed to the bot gets a reply, past the rate limit too; commands do not count', async () => {
    const lines = ['/help', '/docs', ...Array.from({ length: 8 }, (_, i) => `@小助手 医用耗材怎么管理 ${i + 1}`)];
    const r = await planbot(['chat', '--json', ...opts()], { RATE_LIMIT_PER_MINUTE: '6' }, `${lines.join('\n')}\n`);
    expect(r.code, r.stderr).toBe(0);
    const { exchanges } = JSON.parse(r.stdout) as { exchanges: Array<{ message: string; replies: string[] }> };
    expect(exchanges.map((e) => e.message)).toEqual(lines);
    for (const e of exchanges) expect(e.replies.length, e.message).toBeGreaterThan(0);
    // Two commands and six questions answered; the 7th and 8th questions hear when to ask again.
    for (const e of exchanges.slice(2, 8)) expect(e.replies.join('\n')).toContain('第9条');
    for (const e of exchanges.slice(8)) expect(e.replies.join('\n')).toMatch(/每人每分钟最多 6 条问题，请 \d+ 秒后再问/);
  }, 120_000);

  it('/错了 in the console room is kept; planbot feedback lists it and exports it as an eval line', async () => {
    const chat = await planbot(['chat', ...opts()], {}, '@小助手 医用耗材怎么管理\n/错了 应该写明牵头单位\n');
    expect(chat.code, chat.stderr).toBe(0);
    expect(chat.stdout).toContain('谢谢，已记下');

    const listed = await planbot(['feedback', '--json', ...opts()]);
    expect(listed.code, listed.stderr).toBe(0);
    const { feedback } = JSON.parse(listed.stdout) as { feedback: Array<Record<string, unknown>> };
    expect(feedback).toHaveLength(1);
    expect(feedback[0]).toMatchObject({
      verdict: 'down',
      source: 'command',
      channel: 'console',
      question: '医用耗材怎么管理',
      comment: '应该写明牵头单位',
      mode: expect.any(String),
      confidence: expect.any(String),
    });
    expect((feedback[0]!.citedIds as string[]).length).toBeGreaterThan(0);
    const future = await planbot(['feedback', '--json', '--since', '2999-01-01', ...opts()]);
    expect(JSON.parse(future.stdout)).toEqual({ feedback: [] });

    const file = join(dir, 'misses.jsonl');
    const exported = await planbot(['feedback', '--export', file, '--json', ...opts()]);
    expect(JSON.parse(exported.stdout)).toEqual({ exported: 1, file });
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      id: 'fb001',
      question: '医用耗材怎么管理',
      type: 'lookup',
      doc: null,
      label: null,
      needles: [],
      units: [],
      answer_facts: [],
    });
    expect(lines[0].notes).toContain((feedback[0]!.citedIds as string[])[0]);
    expect(EvalQuestion.safeParse(lines[0]).success).toBe(true);
  }, 120_000);
});
