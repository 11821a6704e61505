import { copyFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { ParseError, parseBytes, parseFolder } from '../../src/parse/index.js';
import { htmlToText } from '../../src/parse/readers/html.js';
import { SEEDS_DIR, seedFile } from '../helpers/seeds.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');

/**
 * A .docx whose _rels/.rels header promises more bytes than it inflates to: the zip opens, and JSZip
 * throws "Bug : uncompressed data size mismatch" only when that member is read.
 */
async function docxWithCorruptRels(): Promise<Buffer> {
  const zip = await JSZip.loadAsync(readFileSync(join(FIXTURES, 'longgang-numbered.docx')));
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const member = Buffer.from('_rels/.rels');
  for (let i = 0; i + 46 + member.length <= bytes.length; i++) {
    const signature = bytes.readUInt32LE(i);
    if (signature === 0x04034b50 && bytes.subarray(i + 30, i + 30 + member.length).equals(member)) bytes.writeUInt32LE(bytes.readUInt32LE(i + 22) + 7, i + 22);
    if (signature === 0x02014b50 && bytes.subarray(i + 46, i + 46 + member.length).equals(member)) bytes.writeUInt32LE(bytes.readUInt32LE(i + 24) + 7, i + 24);
  }
  return bytes;
}

/** The Longgang page inside 30,000 nested divs: deeper than a recursive walk's call stack. */
function deeplyNestedPage(): string {
  const page = readFileSync(join(FIXTURES, 'longgang.html'), 'utf8');
  return page.replace('<body>', `<body>${'<div>'.repeat(30000)}`).replace('</body>', `${'</div>'.repeat(30000)}</body>`);
}

describe('one bad file never stops a folder', () => {
  it('reports a .docx whose _rels/.rels is damaged as a corrupt file, naming it', async () => {
    const bytes = await docxWithCorruptRels();
    await expect(parseBytes(bytes, 'rels.docx')).rejects.toThrowError(ParseError);
    await expect(parseBytes(bytes, 'rels.docx')).rejects.toThrowError(
      /^rels\.docx: corrupt \.docx: _rels\/\.rels cannot be read \(Bug : uncompressed data size mismatch\)/,
    );
  });

  it('reads a page nested 30,000 elements deep', async () => {
    expect(htmlToText(`${'<div>'.repeat(30000)}<p>一、强化公共卫生</p>${'</div>'.repeat(30000)}`)).toBe('一、强化公共卫生');
    const out = await parseBytes(Buffer.from(deeplyNestedPage()), 'deep.html');
    expect(out.items.filter((i) => i.kind === 'plan')).toHaveLength(40);
  });

  it('skips a damaged .docx and an entry it cannot stat, naming each, and loads the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbot-folder-errors-'));
    writeFileSync(join(dir, 'rels.docx'), await docxWithCorruptRels());
    symlinkSync(join(dir, 'gone.txt'), join(dir, 'dangling.txt'));
    copyFileSync(join(SEEDS_DIR, seedFile('longgang')), join(dir, 'longgang.txt'));
    const { documents, skipped } = await parseFolder(dir);
    expect(documents.map((d) => d.document.id)).toEqual(['longgang-2022']);
    const reasons = Object.fromEntries(skipped.map((s) => [s.file, s.reason]));
    expect(reasons['rels.docx']).toMatch(/^rels\.docx: corrupt \.docx: _rels\/\.rels/);
    expect(reasons['dangling.txt']).toBe('dangling.txt: cannot read the file (ENOENT)');
  });
});
