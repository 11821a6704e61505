import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/index.js';
import { ParseError, parseFile, parseFolder, readLimitsFrom } from '../../src/parse/index.js';
import { declaredEntryCount } from '../../src/parse/readers/docx-limits.js';
import { readDocx } from '../../src/parse/readers/docx.js';
import { planbot } from '../helpers/cli.js';
import { SEEDS_DIR, seedBytes, seedFile } from '../helpers/seeds.js';

/**
 * Issue 11, point 4: bounded inputs. Each limit is a setting of the one config schema; a file over a limit is
 * skipped with a reason naming the file and the setting, and the other files load.
 */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const limitsOf = (env: Record<string, string>) => readLimitsFrom(configSchema.parse(env));

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'planbot-limits-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const WORD_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** A valid .docx whose document.xml is `paragraphBytes` of repeated paragraphs: highly compressible. */
async function docxOfSize(paragraphBytes: number, extraMembers = 0): Promise<Buffer> {
  const paragraph = Buffer.from(`<w:p><w:r><w:t>1.加强基层医疗卫生服务能力建设,推进家庭医生签约服务。</w:t></w:r></w:p>`);
  const head = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${WORD_NS}"><w:body><w:p><w:r><w:t>某某县2022年卫生健康工作要点</w:t></w:r></w:p>`,
  );
  const tail = Buffer.from('</w:body></w:document>');
  const body = Buffer.alloc(Math.floor(paragraphBytes / paragraph.length) * paragraph.length).fill(paragraph);
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', RELS);
  zip.file('word/document.xml', Buffer.concat([head, body, tail]));
  for (let i = 0; i < extraMembers; i++) zip.file(`customXml/item${i}.xml`, '<x/>');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/** Rewrites the size a zip declares for one member (in its local header and the central directory) to `size`. */
function lieAboutSize(zip: Buffer, member: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const nameAt = (at: number, lengthAt: number) => out.toString('latin1', at, at + out.readUInt16LE(lengthAt));
  for (let i = 0; i + 46 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50 && nameAt(i + 30, i + 26) === member) out.writeUInt32LE(size, i + 22);
    if (sig === 0x02014b50 && nameAt(i + 46, i + 28) === member) out.writeUInt32LE(size, i + 24);
  }
  return out;
}

describe('input limits', () => {
  it('are settings of the config schema, with defaults', () => {
    const d = limitsOf({});
    expect(d).toEqual({ fileBytes: 20 * 1024 * 1024, docxUnzippedBytes: 50 * 1024 * 1024, docxEntries: 1000, pdfPages: 500, itemsPerDocument: 5000 });
    expect(() => configSchema.parse({ LIMIT_FILE_MB: '0' })).toThrow();
    expect(limitsOf({ LIMIT_FILE_MB: '0.5' }).fileBytes).toBe(512 * 1024);
  });

  it('skips a file over LIMIT_FILE_MB by its size, before reading it, and loads the others', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.txt'), Buffer.concat([seedBytes('longgang'), seedBytes('longgang')]));
    copyFileSync(join(SEEDS_DIR, seedFile('xx-district')), join(dir, 'xx.txt'));
    const limits = limitsOf({ LIMIT_FILE_MB: '0.05' });
    const { documents, skipped } = await parseFolder(dir, { limits });
    expect(documents.map((d) => d.document.source)).toEqual(['xx.txt']);
    expect(skipped).toEqual([{ file: 'big.txt', reason: 'big.txt: too large: the file is 0.07 MB (limit LIMIT_FILE_MB = 0.05 MB)' }]);
    await expect(parseFile(join(dir, 'big.txt'), limits)).rejects.toThrowError(
      new ParseError('big.txt', 'big.txt: too large: the file is 0.07 MB (limit LIMIT_FILE_MB = 0.05 MB)'),
    );
  });

  it('skips a PDF over LIMIT_PDF_PAGES and a document over LIMIT_ITEMS_PER_DOCUMENT', async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURES, 'longgang.pdf'), join(dir, 'longgang.pdf'));
    copyFileSync(join(SEEDS_DIR, seedFile('longgang')), join(dir, 'longgang.txt'));
    copyFileSync(join(SEEDS_DIR, seedFile('xx-district')), join(dir, 'xx.txt'));
    const xxItems = (await parseFolder(dir)).documents.find((d) => d.document.source === 'xx.txt')!.items.length;
    const { documents, skipped } = await parseFolder(dir, { limits: limitsOf({ LIMIT_PDF_PAGES: '10', LIMIT_ITEMS_PER_DOCUMENT: String(xxItems) }) });
    expect(documents.map((d) => d.document.source)).toEqual(['xx.txt']);
    const reasons = Object.fromEntries(skipped.map((s) => [s.file, s.reason]));
    expect(reasons['longgang.pdf']).toBe('longgang.pdf: too large: the PDF has 14 pages (limit LIMIT_PDF_PAGES = 10)');
    expect(reasons['longgang.txt']).toMatch(/^longgang\.txt: too large: \d+ items \(limit LIMIT_ITEMS_PER_DOCUMENT = \d+\)$/);
  });

  it('refuses a .docx by the sizes and member count its zip directory declares, before inflating anything', async () => {
    const bomb = await docxOfSize(3 * 1024 * 1024);
    const read = await readDocx(bomb, 'bomb.docx', limitsOf({ LIMIT_DOCX_UNZIPPED_MB: '2' }));
    expect(!read.ok && read.reason).toMatch(
      /^bomb\.docx: too large: it unpacks to 3 MB \(word\/document\.xml: 3 MB\) \(limit LIMIT_DOCX_UNZIPPED_MB = 2 MB\)$/,
    );
    const many = await docxOfSize(1000, 20);
    const read2 = await readDocx(many, 'many.docx', limitsOf({ LIMIT_DOCX_ENTRIES: '10' }));
    expect(!read2.ok && read2.reason).toBe('many.docx: too large: the archive has 26 members (limit LIMIT_DOCX_ENTRIES = 10)');
    // Counted from the zip's last record, before JSZip reads the directory.
    expect(declaredEntryCount(many)).toBe(26);
    expect(declaredEntryCount(Buffer.from('not a zip at all, just some text of a reasonable length'))).toBeNull();
  });

  it('stops inflating a .docx member that lies about its size as soon as it passes the limit', async () => {
    const liar = lieAboutSize(await docxOfSize(3 * 1024 * 1024), 'word/document.xml', 100);
    const read = await readDocx(liar, 'liar.docx', limitsOf({ LIMIT_DOCX_UNZIPPED_MB: '1' }));
    expect(!read.ok && read.reason).toMatch(
      /^liar\.docx: too large: it unpacks to more than 1 MB \(at word\/document\.xml\) \(limit LIMIT_DOCX_UNZIPPED_MB = 1 MB\)$/,
    );
  });

  it('ingest under a 256 MB heap skips a .docx whose document.xml inflates to 150 MB, names it, and loads the rest', async () => {
    const dir = tempDir();
    const seeds = join(dir, 'seeds');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(seeds);
    const bomb = await docxOfSize(150 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    writeFileSync(join(seeds, 'bomb.docx'), bomb);
    copyFileSync(join(SEEDS_DIR, seedFile('xx-district')), join(seeds, 'xx.txt'));
    const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=256`.trim();
    const r = await planbot(['ingest', '--json'], { PLANBOT_SEEDS: seeds, PLANBOT_DB: join(dir, 'db'), EMBEDDER: 'lexical', NODE_OPTIONS: nodeOptions });
    expect(r.stderr).not.toMatch(/heap out of memory/i);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { documents: number; skipped: Array<{ file: string; reason: string }> };
    expect(out.documents).toBe(1);
    expect(out.skipped).toEqual([
      { file: 'bomb.docx', reason: expect.stringMatching(/^bomb\.docx: too large: it unpacks to 150 MB .*LIMIT_DOCX_UNZIPPED_MB = 50 MB\)$/) },
    ]);
  }, 120_000);
});
