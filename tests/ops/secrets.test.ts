import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../helpers/fake-openai.js';
import { seedStore, tempDir } from './helpers.js';

/**
 * The API key, the puppet token and the WeCom secret never reach the output, at the most verbose levels
 * planbot and Wechaty have (LOG_LEVEL=trace, WECHATY_LOG=silly), across start-up, channels failing to connect
 * (the puppet service and WeCom unreachable, so the puppet errors and restarts), and an LLM call that fails
 * with an error quoting the key. The real CLI runs in a child process, so this covers every logger in it,
 * Wechaty's own included.
 */

const KEY = 'sk-live-SECRETKEY-0123456789abcdef';
const TOKEN = 'puppet_service_TOKEN_9876543210';
const WECOM_SECRET = 'wecom-SECRET-abcdefghij0123';
const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

const tmp = tempDir();
let db: string;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;

beforeAll(async () => {
  db = await seedStore(tmp.dir);
  // Refuses every call, quoting the key back, as api.openai.com does for a wrong key.
  fake = await startFakeOpenAI((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}.` } }));
  });
});
afterAll(async () => {
  await fake.close();
  tmp.cleanup();
});

/** Runs the CLI until `until` appears in its stderr (then SIGTERM) or it exits; returns everything it wrote. */
function runCli(
  args: string[],
  env: Record<string, string>,
  opts: { stdin?: string; until?: RegExp; timeoutMs: number },
): Promise<{ out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN, ...args], {
      cwd: tmp.dir,
      env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, LANCEDB_LOG: 'error', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (opts.until?.test(err)) child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(killer);
      resolve({ out, err });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

const base = () => ({
  PLANBOT_DB: db,
  PLANBOT_SEEDS: join(ROOT, 'seeds'),
  EMBEDDER: 'lexical',
  LOG_LEVEL: 'trace',
  WECHATY_LOG: 'silly',
  HTTP_PORT: '0',
  OPENAI_API_KEY: KEY,
  OPENAI_BASE_URL: fake.url,
  LLM_TIMEOUT_MS: '2000',
  WECHATY_PUPPET_SERVICE_TOKEN: TOKEN,
  WECOM_BOT_SECRET: WECOM_SECRET,
});

describe('secrets never reach the output', () => {
  it('start-up with the puppet service and WeCom unreachable: errors, restarts, at trace level', async () => {
    const { out, err } = await runCli(
      ['start'],
      {
        ...base(),
        WECHATY_PUPPET: 'wechaty-puppet-service',
        // Read by wechaty-puppet-service itself: no discovery over the internet, a refused connection instead.
        WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:1',
        WECOM_BOT_ID: 'aibot-test',
        WECOM_WS_URL: 'ws://127.0.0.1:1',
      },
      { until: /restarting the Wechaty puppet/, timeoutMs: 45_000 },
    );
    expect(err).toContain('WeCom connection error');
    expect(err).toContain('restarting the Wechaty puppet');
    // Wechaty's own verbose lines went through planbot's logger, masked.
    expect(err).toContain('[redacted]');
    for (const secret of [KEY, TOKEN, WECOM_SECRET]) {
      expect(out).not.toContain(secret);
      expect(err).not.toContain(secret);
    }
  }, 60_000);

  it('a question whose LLM call fails with the key in the error: extractive answer, key masked', async () => {
    const { out, err } = await runCli(['chat'], base(), { stdin: '@小助手 医用耗材怎么管理\n', timeoutMs: 45_000 });
    expect(out).toContain('《龙岗区2022年度卫生健康工作要点》第9条');
    expect(err).toContain('LLM answer rejected');
    expect(err).toContain('HTTP 401');
    for (const secret of [KEY, TOKEN, WECOM_SECRET]) {
      expect(out).not.toContain(secret);
      expect(err).not.toContain(secret);
    }
  }, 60_000);

  // An embeddings server that refuses the key and quotes it back: the command fails, and its error message,
  // written by the CLI itself rather than the logger, names the failure without the key.
  const refusedEmbeddings = (dbName: string) => ({
    ...base(),
    PLANBOT_DB: join(tmp.dir, dbName),
    EMBEDDER: 'openai',
    LOG_LEVEL: 'info',
  });

  it('planbot ingest with the embeddings key refused (quoted back): fails, key masked', async () => {
    const { out, err } = await runCli(['ingest'], refusedEmbeddings('ingest-store'), { timeoutMs: 45_000 });
    const cliLine = err.split('\n').find((l) => l.startsWith('planbot ingest:'));
    expect(cliLine).toContain('HTTP 401');
    expect(cliLine).toContain('[redacted]');
    expect(out).not.toContain(KEY);
    expect(err).not.toContain(KEY);
  }, 60_000);

  it('planbot ask with the embeddings key refused (quoted back): fails, key masked', async () => {
    const { out, err } = await runCli(['ask', '医用耗材怎么管理'], refusedEmbeddings('ask-store'), { timeoutMs: 45_000 });
    const cliLine = err.split('\n').find((l) => l.startsWith('planbot ask:'));
    expect(cliLine).toContain('HTTP 401');
    expect(cliLine).toContain('[redacted]');
    expect(out).not.toContain(KEY);
    expect(err).not.toContain(KEY);
  }, 60_000);
});
