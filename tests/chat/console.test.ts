import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { plannedChannels, startChannels } from '../../src/chat/channels.js';
import { configSchema } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { capturedLog } from '../ops/helpers.js';
import { createFakeAssistant } from './helpers/fake-assistant.js';

const config = (env: Record<string, string> = {}) => configSchema.parse(env);

describe('the console room (planbot chat)', () => {
  it('answers input lines as group messages on the Wechaty path, each reply followed by ---, and ends with the input', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => (printed += String(d)));
    const logs = capturedLog('warn');
    const running = await startChannels({
      config: config(),
      log: logs.log,
      assistant: createFakeAssistant(),
      only: ['console'],
      terminal: { input, output, separator: true },
    });
    input.end('@小助手 医用耗材怎么管理\n随便聊聊,没有提到机器人\n\n/单位 医政科\n@小助手 全部\n');
    await running.finished;
    await running.stop();
    const blocks = printed.split('---\n').filter(Boolean);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(blocks[0]).toMatch(/^@本地用户 /);
    expect(blocks[0]).toContain('《龙岗区2022年度卫生健康工作要点》第9条');
    expect(blocks[0]).toContain('医管科');
    expect(blocks[1]).toContain('医政科负责1条');
    // Replies come in the order of the questions: the long answer is last, in numbered parts.
    expect(blocks.at(-1)).toMatch(/\(\d+\/\d+\)\n$/);
    expect(printed).not.toContain('随便聊聊');
    // Every reply reached the room: none was printed and then reported as failed.
    expect(logs.lines().filter((l) => l.msg === 'reply not delivered')).toEqual([]);
  }, 30_000);

  it('an @ of another name is not a mention', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => (printed += String(d)));
    const running = await startChannels({
      config: config({ BOT_NAME: '卫健助手' }),
      log: silentLogger,
      assistant: createFakeAssistant(),
      only: ['console'],
      terminal: { input, output, separator: true },
    });
    input.end('@小助手 医用耗材怎么管理\n@卫健助手 医用耗材怎么管理\n');
    await running.finished;
    await running.stop();
    expect(printed.split('---\n').filter(Boolean)).toHaveLength(1);
  }, 30_000);
});

describe('secrets in what the bot sends', () => {
  it('an answer quoting the API key reaches the room masked, as in the logs', async () => {
    const KEY = 'sk-live-SECRETKEY-0123456789abcdef';
    const leaky = createFakeAssistant();
    leaky.ask = async () => ({ answered: true, text: `配置里的密钥是 ${KEY}`, citationIds: [] });
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => (printed += String(d)));
    const running = await startChannels({
      config: config({ OPENAI_API_KEY: KEY }),
      log: silentLogger,
      assistant: leaky,
      only: ['console'],
      terminal: { input, output, separator: true },
    });
    input.end('@小助手 密钥是什么\n');
    await running.finished;
    await running.stop();
    expect(printed).toContain('配置里的密钥是 [redacted]');
    expect(printed).not.toContain(KEY);
  }, 30_000);
});

describe('which channels start', () => {
  it('runs the console room when nothing is configured, and the configured platforms otherwise', () => {
    expect(plannedChannels(config())).toEqual(['console']);
    expect(plannedChannels(config({ WECHATY_PUPPET: 'wechaty-puppet-mock' }))).toEqual(['console']);
    expect(plannedChannels(config({ WECOM_BOT_ID: 'id', WECOM_BOT_SECRET: 's' }))).toEqual(['wecom']);
    expect(plannedChannels(config({ WECHATY_PUPPET: 'wechaty-puppet-wechat4u' }))).toEqual(['wechaty']);
    expect(
      plannedChannels(config({ WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 't', WECOM_BOT_ID: 'i', WECOM_BOT_SECRET: 's' })),
    ).toEqual(['wecom', 'wechaty']);
  });

  it('names the missing setting instead of falling back to the console', () => {
    expect(() => plannedChannels(config({ WECOM_BOT_ID: 'id' }))).toThrow(/WECOM_BOT_SECRET is empty/);
    expect(() => plannedChannels(config({ WECOM_BOT_SECRET: 's' }))).toThrow(/WECOM_BOT_ID is empty/);
    expect(() => plannedChannels(config({ WECHATY_PUPPET: 'wechaty-puppet-service' }))).toThrow(/WECHATY_PUPPET_SERVICE_TOKEN/);
  });
});
