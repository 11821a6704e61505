import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePlanBytes, parseDocument, parseFolder } from '../../src/parse/index.js';
import { commonChineseShare } from '../../src/parse/readers/plausible-chinese.js';
import { seedBytes } from '../helpers/seeds.js';

/**
 * Issue 11, point 6: only what decodes cleanly and plausibly is read. The Big5 fixture was made once by
 * tests/fixtures/make-encoding-fixtures.py (Node cannot encode Big5); UTF-16 is made here with Buffer.
 */

const BIG5 = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'encodings', 'big5-plan.txt'));

const utf16le = (text: string) => Buffer.from(text, 'utf16le');
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
const withMark = (mark: number[], body: Buffer) => Buffer.concat([Buffer.from(mark), body]);

describe('text encodings', () => {
  it('refuses a Big5 file by name instead of reading garble (it decodes as GB18030 without an error)', () => {
    // The trap: GB18030 accepts these bytes.
    expect(() => new TextDecoder('gb18030', { fatal: true }).decode(BIG5)).not.toThrow();
    expect(commonChineseShare(new TextDecoder('gb18030').decode(BIG5))).toBeLessThan(0.7);
    const read = decodePlanBytes(BIG5, 'big5-plan.txt');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toMatch(/^big5-plan\.txt: Big5 \(traditional Chinese\) encoding is not supported/);
  });

  it('skips the Big5 file in a folder, with its reason, and loads the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbot-enc-'));
    try {
      writeFileSync(join(dir, 'big5-plan.txt'), BIG5);
      writeFileSync(join(dir, 'longgang.txt'), seedBytes('longgang'));
      const { documents, skipped } = await parseFolder(dir);
      expect(documents.map((d) => d.document.source)).toEqual(['longgang.txt']);
      expect(skipped).toEqual([{ file: 'big5-plan.txt', reason: expect.stringMatching(/Big5/) }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads UTF-16 LE and BE, with and without a byte-order mark, exactly as the UTF-8 original', () => {
    const original = seedBytes('longgang');
    const text = original.toString('utf8');
    const expected = parseDocument(original, 'lg.txt').items;
    const cases: Array<[string, Buffer, string]> = [
      ['LE with BOM', withMark([0xff, 0xfe], utf16le(text)), 'utf-16le'],
      ['BE with BOM', withMark([0xfe, 0xff], utf16be(text)), 'utf-16be'],
      ['LE without BOM', utf16le(text), 'utf-16le'],
      ['BE without BOM', utf16be(text), 'utf-16be'],
    ];
    for (const [, bytes, encoding] of cases) {
      const read = decodePlanBytes(bytes, 'lg.txt');
      expect(read.ok && read.encoding).toBe(encoding);
      expect(parseDocument(bytes, 'lg.txt').items).toEqual(expected);
    }
  });

  it('reads UTF-16 without a mark even when no ASCII gives it away, and never calls UTF-16 "binary"', () => {
    const pureHan = '卫生健康工作要点年度计划推进医疗服务能力建设提升基层公共卫生体系完善';
    for (const bytes of [utf16le(pureHan), utf16be(pureHan)]) {
      const read = decodePlanBytes(bytes, 'pure.txt');
      expect(read.ok && read.text).toBe(pureHan);
    }
    // Damaged UTF-16 (an unpaired surrogate) is refused naming UTF-16, not "binary".
    const damaged = withMark([0xff, 0xfe], Buffer.concat([utf16le(pureHan), Buffer.from([0x00, 0xd8, 0x41, 0x00])]));
    const read = decodePlanBytes(damaged, 'damaged.txt');
    expect(!read.ok && read.reason).toMatch(/^damaged\.txt: invalid UTF-16 LE/);
    expect(!read.ok && read.reason).not.toMatch(/binary/);
  });

  it('still reads UTF-8 and GBK plans, whose characters are the common ones', () => {
    for (const seed of ['longgang', 'dongguan', 'xx-district', 'shenzhen', 'guangzhou']) {
      expect(commonChineseShare(seedBytes(seed).toString('utf8'))).toBeGreaterThan(0.97);
    }
  });
});
