import { execFile } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { channelsCheck } from '../../src/ops/doctor/channels-check.js';
import { runDoctor } from '../../src/ops/doctor/run-doctor.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { chatCompletion, startFakeOpenAI } from '../helpers/fake-openai.js';
import { SEEDS_DIR, seedFile } from '../helpers/seeds.js';
import { tempDir, testConfig } from './helpers.js';

const KEY = 'sk-doctor-KEY-abcdef0123456789';
const tmp = tempDir();
let seeds: string;
let db: string;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>> | undefined;

beforeAll(async () => {
  seeds = join(tmp.dir, 'seeds');
  cpSync(SEEDS_DIR, seeds, { recursive: true });
  db = join(tmp.dir, 'store');
  await ingestFolder({ seedsDir: seeds, uri: db, embedder: new HashedLexicalEmbedder(), log: silentLogger });
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(() => tmp.cleanup());

const wecom = { WECOM_BOT_ID: 'aibot-1', WECOM_BOT_SECRET: 'wecom-secret-0123456789' };
const byName = (r: Awaited<ReturnType<typeof runDoctor>>, name: string) => r.checks.find((c) => c.name === name)!;

describe('planbot doctor', () => {
  it('all holds: store, seeds, a reachable LLM, a configured channel', async () => {
    fake = await startFakeOpenAI((_req, res) => chatCompletion(res, '好'));
    const config = testConfig({ PLANBOT_DB: db, PLANBOT_SEEDS: seeds, EMBEDDER: 'lexical', OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, ...wecom });
    const report = await runDoctor(config, silentLogger, [KEY]);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['config', 'ok'],
      ['store', 'ok'],
      ['seeds', 'ok'],
      ['llm', 'ok'],
      ['embeddings', 'skip'],
      ['channels', 'ok'],
    ]);
    expect(report.ok).toBe(true);
    // One tiny call: one output token, nothing of the corpus.
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body.max_tokens).toBe(1);
    expect(byName(report, 'channels').details[0]).toBe('wecom: WeCom 智能机器人 long connection as bot aibot-1 to wss://openws.work.weixin.qq.com');
  });

  it('names the seed files that are newer than the store', async () => {
    const changed = join(seeds, seedFile('longgang'));
    const original = readFileSync(changed);
    const removed = join(seeds, seedFile('dongguan'));
    const removedBytes = readFileSync(removed);
    try {
      writeFileSync(changed, `${original.toString('utf8')}\n`);
      rmSync(removed);
      writeFileSync(join(seeds, 'baoan-2022.txt'), readFileSync(join(SEEDS_DIR, seedFile('shenzhen'))));
      writeFileSync(join(seeds, 'old-plan.doc'), 'word 97');
      const report = await runDoctor(testConfig({ PLANBOT_DB: db, PLANBOT_SEEDS: seeds, EMBEDDER: 'lexical', ...wecom }), silentLogger);
      const check = byName(report, 'seeds');
      expect(check.status).toBe('fail');
      expect(check.summary).toContain('run `planbot ingest`');
      expect(check.details).toEqual([
        'new since the last ingest: baoan-2022.txt',
        `changed since the last ingest: ${seedFile('longgang')}`,
        `in the store but no longer in the folder: ${seedFile('dongguan')}`,
        'not read: old-plan.doc: Word 97–2003 (.doc) is not supported: save it as .docx',
      ]);
      expect(report.ok).toBe(false);
    } finally {
      writeFileSync(changed, original);
      writeFileSync(removed, removedBytes);
      rmSync(join(seeds, 'baoan-2022.txt'));
      rmSync(join(seeds, 'old-plan.doc'));
    }
  });

  it('an LLM that refuses the key fails the check, and the key never appears in the report', async () => {
    fake = await startFakeOpenAI((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}` } }));
    });
    const config = testConfig({ PLANBOT_DB: db, PLANBOT_SEEDS: seeds, EMBEDDER: 'lexical', OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, ...wecom });
    const report = await runDoctor(config, silentLogger, [KEY, wecom.WECOM_BOT_SECRET]);
    const llm = byName(report, 'llm');
    expect(llm.status).toBe('fail');
    expect(llm.summary).toContain('HTTP 401');
    expect(llm.summary).toContain('the key was refused');
    expect(JSON.stringify(report)).not.toContain(KEY);
    expect(JSON.stringify(report)).not.toContain(wecom.WECOM_BOT_SECRET);
    expect(report.ok).toBe(false);
  });

  it('an LLM that does not answer fails within the probe timeout', async () => {
    fake = await startFakeOpenAI(() => undefined);
    const config = testConfig({
      PLANBOT_DB: db,
      PLANBOT_SEEDS: seeds,
      EMBEDDER: 'lexical',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: fake.url,
      LLM_TIMEOUT_MS: '1000',
      ...wecom,
    });
    const report = await runDoctor(config, silentLogger, [KEY]);
    expect(byName(report, 'llm').summary).toContain('no answer within 1000 ms');
  });

  it('explains channel settings: none, half of WeCom, a puppet without its token or its package', async () => {
    const none = await channelsCheck(testConfig());
    expect(none.status).toBe('warn');
    expect(none.summary).toContain('no chat platform configured');
    expect((await channelsCheck(testConfig({ WECOM_BOT_ID: 'aibot-1' }))).summary).toContain('WECOM_BOT_SECRET is empty');
    expect((await channelsCheck(testConfig({ WECHATY_PUPPET: 'wechaty-puppet-service' }))).summary).toContain('needs WECHATY_PUPPET_SERVICE_TOKEN');
    const missing = await channelsCheck(testConfig({ WECHATY_PUPPET: 'wechaty-puppet-padlocal' }), () => false);
    expect(missing).toMatchObject({
      status: 'fail',
      summary: 'WECHATY_PUPPET=wechaty-puppet-padlocal: the package is not installed (npm install wechaty-puppet-padlocal)',
    });
    expect(missing.details[0]).toContain('iPad protocol');
    const installed = await channelsCheck(testConfig({ WECHATY_PUPPET: 'wechaty-puppet-wechat4u' }));
    expect(installed.status).toBe('ok');
    expect(installed.details[0]).toContain('personal WeChat over the web protocol');
  });

  it('flags settings that do not fit together', async () => {
    const report = await runDoctor(testConfig({ PLANBOT_DB: db, PLANBOT_SEEDS: seeds, EMBEDDER: 'lexical', ANSWER_MODE: 'llm', ...wecom }), silentLogger);
    expect(byName(report, 'config')).toMatchObject({ status: 'fail' });
    expect(byName(report, 'config').summary).toContain('ANSWER_MODE=llm but OPENAI_API_KEY is empty');
  });

  it('the command prints one JSON document and exits 1 when a check fails', async () => {
    const run = promisify(execFile);
    const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const main = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
    const env = { ...process.env, PLANBOT_DB: join(tmp.dir, 'missing-store'), PLANBOT_SEEDS: seeds, EMBEDDER: 'lexical', OPENAI_API_KEY: '', ...wecom };
    const failed = await run(tsx, [main, 'doctor', '--json'], { env, cwd: tmp.dir }).catch((e: { code: number; stdout: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    const report = JSON.parse((failed as { stdout: string }).stdout);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c: { name: string }) => c.name === 'store').summary).toContain('run `planbot ingest`');

    const ok = await run(tsx, [main, 'doctor'], { env: { ...env, PLANBOT_DB: db }, cwd: tmp.dir });
    expect(ok.stdout).toContain('All checks hold');
  });

  it('the zero-config set-up (console room only) is a warning, and doctor exits 0', async () => {
    const run = promisify(execFile);
    const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const main = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
    const env = {
      ...process.env,
      PLANBOT_DB: db,
      PLANBOT_SEEDS: seeds,
      EMBEDDER: 'lexical',
      OPENAI_API_KEY: '',
      WECOM_BOT_ID: '',
      WECOM_BOT_SECRET: '',
      WECHATY_PUPPET: '',
    };
    const r = await run(tsx, [main, 'doctor', '--json'], { env, cwd: tmp.dir });
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.find((c: { name: string }) => c.name === 'channels')).toMatchObject({ status: 'warn' });
    expect(report.checks.find((c: { name: string }) => c.name === 'channels').summary).toContain('console room');
  });
});
