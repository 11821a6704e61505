import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, parseFolder, ParseError, decodePlanBytes } from '../../src/parse/index.js';
import { gbk } from '../helpers/documents.js';
import { SEEDS_DIR, seedBytes, seedFile } from '../helpers/seeds.js';

describe('bad input', () => {
  it('skips an empty file, a binary file and a file with no items, naming each, and still loads the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbot-bad-'));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'blank.txt'), '   \n\n  ');
    writeFileSync(join(dir, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]));
    writeFileSync(join(dir, 'notes.txt'), '这是一份会议通知,请各单位按时参加会议。会议地点在三楼会议室,请提前十分钟到场签到,谢谢大家配合。\n');
    writeFileSync(join(dir, 'slides.pptx'), 'PK');
    copyFileSync(join(SEEDS_DIR, seedFile('longgang')), join(dir, 'longgang.txt'));
    const { documents, skipped } = await parseFolder(dir);
    expect(documents.map((d) => d.document.id)).toEqual(['longgang-2022']);
    const reasons = Object.fromEntries(skipped.map((s) => [s.file, s.reason]));
    expect(reasons['empty.txt']).toMatch(/empty\.txt: empty file/);
    expect(reasons['blank.txt']).toMatch(/blank\.txt: empty file/);
    expect(reasons['image.txt']).toMatch(/image\.txt: binary file/);
    expect(reasons['notes.txt']).toMatch(/notes\.txt: no numbered items found/);
    expect(reasons['slides.pptx']).toMatch(/slides\.pptx: unsupported file type/);
  });

  it('reads a GBK copy of a seed exactly as the UTF-8 original', () => {
    const utf8 = seedBytes('xx-district');
    const asGbk = gbk(utf8.toString('utf8'));
    expect(decodePlanBytes(asGbk).ok && (decodePlanBytes(asGbk) as { encoding: string }).encoding).toBe('gb18030');
    const a = parseDocument(utf8, 'xx.txt');
    const b = parseDocument(asGbk, 'xx.txt');
    expect(b.items).toEqual(a.items);
    expect(b.document.title).toBe(a.document.title);
  });

  it('reads UTF-8 with a byte-order mark and CRLF line ends', () => {
    const text = seedBytes('longgang').toString('utf8').replace(/\n/g, '\r\n');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect(parseDocument(withBom, 'lg.txt').items).toEqual(parseDocument(seedBytes('longgang'), 'lg.txt').items);
  });

  it('throws a ParseError naming the file for text in no known encoding', () => {
    const latin = Buffer.from('Caf\xe9 cr\xe8me br\xfbl\xe9e '.repeat(50), 'latin1');
    expect(() => parseDocument(latin, 'menu.txt')).toThrowError(ParseError);
    expect(() => parseDocument(latin, 'menu.txt')).toThrowError(/menu\.txt/);
  });
});
