import { describe, expect, it } from 'vitest';
import { splitReply } from '../../src/chat/split.js';
import { cleanIncoming, cutToChars, stripMention, utf8Bytes } from '../../src/chat/text.js';
import { CommandTable } from '../../src/chat/commands.js';
import { createSeenMessages } from '../../src/chat/seen-messages.js';

describe('splitReply', () => {
  it('keeps a reply that fits whole, counting the mention', () => {
    const text = '医'.repeat(600); // 1800 bytes
    expect(splitReply(text, { maxBytes: 2048 })).toEqual([text]);
    expect(splitReply(text, { maxBytes: 2048, firstReserveBytes: 300 }).length).toBe(2);
  });

  it('cuts at blank lines and before 依据 lines, never inside an item that fits', () => {
    const item = (n: number) => `第${n}条 ${'推进工作'.repeat(20)}\n依据:《文件》第${n}条;责任单位:医政科`;
    const text = [1, 2, 3, 4, 5].map(item).join('\n\n');
    const parts = splitReply(text, { maxBytes: 700 });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(utf8Bytes(p)).toBeLessThanOrEqual(700);
    for (let n = 1; n <= 5; n += 1) expect(parts.filter((p) => p.includes(`第${n}条 推进`) && p.includes(`《文件》第${n}条`))).toHaveLength(1);
  });

  it('breaks a single line without punctuation by characters, never splitting an emoji', () => {
    const text = '😀'.repeat(1000); // 4000 bytes
    const parts = splitReply(text, { maxBytes: 500 });
    for (const p of parts) expect(utf8Bytes(p)).toBeLessThanOrEqual(500);
    expect(parts.join('').replace(/\n\(\d+\/\d+\)/g, '')).not.toContain('\uFFFD');
  });

  it('prefers sentence ends inside a long paragraph, and caps the number of parts with a note', () => {
    const sentence = '加强医用耗材全流程监管。';
    const parts = splitReply(sentence.repeat(200), { maxBytes: 400, maxParts: 4 });
    expect(parts).toHaveLength(4);
    for (const p of parts.slice(0, 3)) expect(p.replace(/\n\(\d\/4\)$/, '')).toMatch(/。$/);
    expect(parts[3]).toContain('从略');
  });

  it('returns nothing for an empty reply and refuses a limit with no room', () => {
    expect(splitReply('  \n ', { maxBytes: 100 })).toEqual([]);
    expect(() => splitReply('x', { maxBytes: 100, firstReserveBytes: 95 })).toThrow(RangeError);
  });
});

describe('incoming text', () => {
  it('cleans invisible characters and odd spaces, cuts by characters, strips mentions', () => {
    expect(cleanIncoming('\ufeff /unit\u3000医政科\r\n')).toBe('/unit 医政科');
    expect(cutToChars('😀😀😀', 2)).toEqual({ text: '😀😀', cut: true });
    expect(stripMention('@小助手\u2005医保 @小助手', ['小助手'])).toEqual({ text: '医保', found: true });
    expect(stripMention('@小明 医保', ['小助手'])).toEqual({ text: '@小明 医保', found: false });
    expect(stripMention('@a.b 医保', ['a.b'])).toEqual({ text: '医保', found: true });
  });
});

describe('command table', () => {
  const table = new CommandTable([
    { names: ['unit', '单位'], summary: '', run: async () => '' },
    { names: ['/remind', '提醒'], summary: '', run: async () => '' },
  ]);
  it('reads slashed commands, aliases and run-on Chinese arguments', () => {
    expect(table.parse('/单位医政科', { bare: false })).toMatchObject({ typed: '单位', args: '医政科' });
    expect(table.parse('／REMIND 7', { bare: false })).toMatchObject({ typed: 'REMIND', args: '7' });
    expect(table.parse('/unknown x', { bare: false })).toMatchObject({ typed: 'unknown', command: undefined });
    expect(table.parse('提醒 7', { bare: false })).toBeUndefined();
    expect(table.parse('提醒 7', { bare: true })).toMatchObject({ args: '7' });
    expect(table.parse('提醒我一下', { bare: true })).toBeUndefined();
  });
});

describe('seen message ids', () => {
  it('forgets ids after their time, and keeps at most max', () => {
    let now = 0;
    const seen = createSeenMessages({ ttlMs: 1000, max: 3, now: () => now });
    expect(seen.firstTime('a')).toBe(true);
    expect(seen.firstTime('a')).toBe(false);
    now = 1500;
    expect(seen.firstTime('a')).toBe(true);
    for (const id of ['b', 'c', 'd']) seen.firstTime(id);
    expect(seen.firstTime('a')).toBe(true);
  });
});
