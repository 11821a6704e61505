import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { PlanItem } from '../../src/items/index.js';
import { ParseError, parseBytes, parseDocument, parseFile, parseFolder, readPlanFile, type ParseOutput } from '../../src/parse/index.js';
import { formatNumber } from '../../src/parse/readers/docx-numbering.js';
import { readDocx } from '../../src/parse/readers/docx.js';
import { htmlToText } from '../../src/parse/readers/html.js';
import { dropRunningLines, isPageNumber, joinParagraphs, linesOf, type Line, type TextPiece } from '../../src/parse/readers/pdf-layout.js';
import { WORD_NS, docxPackage } from '../helpers/documents.js';
import { seedBytes } from '../helpers/seeds.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const fixture = (name: string) => join(FIXTURES, name);
const parsedFixtures = new Map<string, Promise<ParseOutput>>();
/** Each fixture parsed once per test file: a PDF takes a few hundred milliseconds. */
const parseFixture = (name: string) => {
  if (!parsedFixtures.has(name)) parsedFixtures.set(name, parseFile(fixture(name)));
  return parsedFixtures.get(name)!;
};

/** What a reader must not change: everything a reply is built from. Ids and source pointers differ by file. */
function comparable(item: PlanItem, normaliseText: (s: string) => string = (s) => s) {
  return {
    kind: item.kind,
    label: item.label,
    cite: item.cite,
    part: item.part && normaliseText(item.part),
    section: item.section && normaliseText(item.section),
    title: normaliseText(item.title),
    text: normaliseText(item.text),
    units: item.units,
    targets: item.targets.map((t) => ({ ...t, text: normaliseText(t.text) })),
  };
}

/**
 * A difference the PDF format forces: a PDF has no typed spaces, only gaps, and the reader drops every
 * gap beside a Chinese character (Chinese typesetting puts a quarter-em between Han and digits). Where a
 * seed has a real space there (“局 2017 年”, “2.2 张”), the PDF's text has none.
 */
const withoutSpacesBesideHan = (s: string) => s.replace(/\s+(?=[\p{Script=Han},。;:、“”《》()])|(?<=[\p{Script=Han},。;:、“”《》()])\s+/gu, '');

const seedLonggang = () => parseDocument(seedBytes('longgang'), 'longgang.txt');
const seedDongguan = () => parseDocument(seedBytes('dongguan'), 'dongguan.txt');

describe('each format of a plan yields the items of its text seed', () => {
  it('.html: the Longgang page wrapped in nav, header, footer, scripts and an aside', async () => {
    const out = await parseFixture('longgang.html');
    const seed = seedLonggang();
    expect(out.items.map((i) => comparable(i))).toEqual(seed.items.map((i) => comparable(i)));
    expect(out.document).toMatchObject({ id: 'longgang-2022', title: seed.document.title, region: '龙岗区', year: 2022, published: '2022-04-21' });
    // None of the page's chrome survives: not the nav, the aside's related links, the footer or the scripts.
    const all = out.items.map((i) => i.text).join('\n');
    expect(all).not.toMatch(/政务公开|相关阅读|版权所有|ICP备|_hmt|getElementById|请输入关键字/);
    expect(out.items.every((i) => i.source?.file === 'longgang.html' && i.source.page === undefined)).toBe(true);
  });

  it('.docx: Longgang with every 一、 and 1. coming from Word list numbering, not from the text', async () => {
    const bytes = readFileSync(fixture('longgang-numbered.docx'));
    // The fixture is what it claims: the numbers are in no text run, so an extractor alone loses them.
    const documentXml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    const runs = [...documentXml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
    expect(runs.join('')).toContain('完善疫情防控应急响应机制');
    expect(runs.some((r) => /^(\d{1,2}[.\uff0e](?!\d)|[一二三四五]、)/.test(r))).toBe(false);
    const { default: mammoth } = await import('mammoth');
    expect((await mammoth.extractRawText({ buffer: bytes })).value).not.toMatch(/^1\.完善/m);

    const out = await parseBytes(bytes, 'longgang-numbered.docx');
    const seed = seedLonggang();
    expect(out.items.map((i) => comparable(i))).toEqual(seed.items.map((i) => comparable(i)));
    expect(out.items.filter((i) => i.kind === 'plan').map((i) => i.label)).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 1)));
    // Forced by the format: the portal's "发布时间" line is not part of the Word document, so no date.
    expect(out.document).toMatchObject({ id: 'longgang-2022', title: seed.document.title, region: '龙岗区', year: 2022, published: null });
  });

  it('.pdf: Longgang over 14 pages, items crossing page breaks, running header and page numbers dropped', async () => {
    const out = await parseFixture('longgang.pdf');
    const seed = seedLonggang();
    expect(out.items.map((i) => comparable(i, withoutSpacesBesideHan))).toEqual(seed.items.map((i) => comparable(i, withoutSpacesBesideHan)));
    expect(out.document).toMatchObject({ id: 'longgang-2022', title: seed.document.title, year: 2022, published: null });
    // Item 3 runs from the foot of page 1 (…校外培训机) to the top of page 2 (构及重点企业…), under the running
    // header and over the page number: joined mid-word, with nothing of the page furniture inside.
    const item3 = out.items.find((i) => i.label === '3')!;
    expect(item3.text).toContain('持续抓实学校、托幼机构及校外培训机构及重点企业等的疫情防控工作');
    const all = out.items.map((i) => `${i.title}\n${i.text}`).join('\n');
    expect(all).not.toMatch(/第\s*\d+\s*页|共\s*\d+\s*页/);
    expect(all.split('龙岗区2022年度卫生健康工作要点').length).toBe(1);
  });

  it('.pdf: items point at the page they start on', async () => {
    const out = await parseFixture('longgang.pdf');
    const page = (label: string) => out.items.find((i) => i.label === label)?.source;
    expect(page('1')).toEqual({ file: 'longgang.pdf', page: 1 });
    expect(page('3')).toEqual({ file: 'longgang.pdf', page: 1 });
    expect(page('4')).toEqual({ file: 'longgang.pdf', page: 2 });
    expect(page('40')).toEqual({ file: 'longgang.pdf', page: 14 });
    const pages = out.items.map((i) => i.source!.page!);
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
  });

  it('.pdf: Dongguan (review, then 一是 items inside parts), right-aligned header and — N — footers', async () => {
    const out = await parseFixture('dongguan.pdf');
    const seed = seedDongguan();
    expect(out.items.map((i) => comparable(i, withoutSpacesBesideHan))).toEqual(seed.items.map((i) => comparable(i, withoutSpacesBesideHan)));
    // Forced by the seed: the text seed's date comes from the portal's metadata table, which the PDF lacks.
    expect(seed.document.published).toBe('2018-04-11');
    expect(out.document).toMatchObject({ id: 'dongguan-2018', title: seed.document.title, region: '东莞市', year: 2018, published: null });
    // The running header (the issuer's name, on every page) appears in the items exactly as often as in the seed.
    const count = (items: PlanItem[]) =>
      items
        .map((i) => i.text)
        .join('\n')
        .split('东莞市卫生和计划生育局').length;
    expect(count(out.items)).toBe(count(seed.items));
    expect(out.items.some((i) => /—\s*\d+\s*—/.test(i.text))).toBe(false);
  });
});

describe('files that are not readable plans', () => {
  it('reports a scanned PDF and a corrupt .docx by name, and still ingests the other files of the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbot-formats-'));
    for (const name of ['scanned.pdf', 'truncated.docx', 'longgang.html', 'dongguan.pdf']) copyFileSync(fixture(name), join(dir, name));
    writeFileSync(join(dir, 'broken.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), Buffer.alloc(200, 0x41)]));
    writeFileSync(join(dir, 'old.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    writeFileSync(join(dir, 'renamed.docx'), '这不是一个Word文件,只是改了扩展名的文本。'.repeat(5));

    const { documents, skipped } = await parseFolder(dir);
    expect(documents.map((d) => d.document.source).sort()).toEqual(['dongguan.pdf', 'longgang.html']);
    const reasons = Object.fromEntries(skipped.map((s) => [s.file, s.reason]));
    expect(reasons['scanned.pdf']).toBe('scanned.pdf: no text layer: OCR is not supported');
    expect(reasons['truncated.docx']).toMatch(/^truncated\.docx: corrupt \.docx: not a readable zip archive/);
    expect(reasons['broken.pdf']).toMatch(/^broken\.pdf: corrupt \.pdf: /);
    expect(reasons['old.doc']).toBe('old.doc: Word 97–2003 (.doc) is not supported: save it as .docx');
    expect(reasons['renamed.docx']).toMatch(/^renamed\.docx: corrupt \.docx: not a readable zip archive/);
  });

  it('parseFile throws a ParseError naming the file; readPlanFile returns the same reason', async () => {
    await expect(parseFile(fixture('scanned.pdf'))).rejects.toThrowError(new ParseError('scanned.pdf', 'scanned.pdf: no text layer: OCR is not supported'));
    await expect(parseFile(fixture('truncated.docx'))).rejects.toBeInstanceOf(ParseError);
    await expect(parseFile(fixture('missing.pdf'))).rejects.toThrowError(/^missing\.pdf: cannot read .*no such file/);
    await expect(parseFile(fixture('slides.pptx'))).rejects.toThrowError(/^slides\.pptx: unsupported file type \(supported: \.txt, .*\.docx, \.pdf\)$/);
    expect(await readPlanFile(fixture('scanned.pdf'))).toEqual({ ok: false, reason: 'scanned.pdf: no text layer: OCR is not supported' });
  });

  it('parseDocument (synchronous) reads .html but sends .docx and .pdf to parseBytes with a clear error', () => {
    expect(parseDocument(readFileSync(fixture('longgang.html')), 'longgang.html').items.length).toBe(41);
    expect(() => parseDocument(readFileSync(fixture('longgang.pdf')), 'longgang.pdf')).toThrowError(
      /longgang\.pdf: \.pdf files are read asynchronously: use parseFile\(\) or parseBytes\(\)/,
    );
  });

  it('reports an HTML page with no text outside its chrome', () => {
    const page = `<html><head><script>var x = "${'脚本里的中文'.repeat(10)}";</script></head><body><nav>${'导航栏目'.repeat(10)}</nav><p>Hello</p></body></html>`;
    expect(() => parseDocument(Buffer.from(page), 'empty.html')).toThrowError(
      /^empty\.html: no Chinese text outside the page's scripts, navigation and footer/,
    );
  });
});

/** A minimal .docx: the parts mammoth and Word need, with the given body, numbering and styles. */
async function buildDocx(body: string, numbering: string, styles = ''): Promise<Buffer> {
  const W = WORD_NS;
  const zip = docxPackage();
  zip.file(
    'word/_rels/document.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
  );
  zip.file('word/document.xml', `<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`);
  zip.file('word/numbering.xml', `<?xml version="1.0"?><w:numbering ${W}>${numbering}</w:numbering>`);
  zip.file('word/styles.xml', `<?xml version="1.0"?><w:styles ${W}>${styles}</w:styles>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

const para = (text: string, numId?: number, ilvl = 0, style?: string) =>
  `<w:p><w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ''}${numId !== undefined ? `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>` : ''}</w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
const level = (ilvl: number, fmt: string, text: string, extra = '') =>
  `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/>${extra}<w:lvlText w:val="${text}"/></w:lvl>`;

describe('Word list numbering', () => {
  it('restores 一、/(一)/1. levels, continuous items across parts, restarts and style-linked numbering', async () => {
    const numbering = [
      // Parts 一、, sections (一) restarting in each part, items 1. numbered through the whole document (lvlRestart 0).
      `<w:abstractNum w:abstractNumId="0">${level(0, 'chineseCounting', '%1、', '<w:suff w:val="nothing"/>')}${level(1, 'chineseCounting', '(%2)')}${level(2, 'decimal', '%3.', '<w:lvlRestart w:val="0"/>')}</w:abstractNum>`,
      `<w:abstractNum w:abstractNumId="1">${level(0, 'decimalEnclosedCircle', '%1')}</w:abstractNum>`,
      `<w:abstractNum w:abstractNumId="2">${level(0, 'bullet', '•')}</w:abstractNum>`,
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
      '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>',
      // Word's "Restart at 1": a second instance of the circled list with a start override.
      '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
      '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>',
    ].join('');
    // A heading style that carries the list itself: paragraphs of that style are numbered without a numPr.
    const styles =
      '<w:style w:type="paragraph" w:styleId="PartHeading"><w:name w:val="Part"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="PartHeading2"><w:basedOn w:val="PartHeading"/></w:style>';
    const body = [
      para('某某县2024年卫生健康工作计划'),
      para('强化基层', undefined, 0, 'PartHeading'),
      para('健全网络', 1, 1),
      para('建设村卫生室。年底前建成20个标准化村卫生室。', 1, 2),
      para('培训乡村医生。全年培训乡村医生不少于300人次。', 1, 2),
      para('守护健康', undefined, 0, 'PartHeading2'),
      para('筛查', 1, 1),
      para('开展筛查。6月底前完成65岁以上老人体检。', 1, 2),
      para('甲', 2),
      para('乙', 2),
      para('丙', 3),
      para('丁', 3),
      para('要点', 4),
      para('不编号的段落', 0),
    ].join('');
    const read = await readDocx(await buildDocx(body, numbering, styles), 'plan.docx');
    expect(read.ok && read.text.split('\n')).toEqual([
      '某某县2024年卫生健康工作计划',
      '一、强化基层',
      '(一) 健全网络',
      '1. 建设村卫生室。年底前建成20个标准化村卫生室。',
      '2. 培训乡村医生。全年培训乡村医生不少于300人次。',
      '二、守护健康',
      '(一) 筛查',
      '3. 开展筛查。6月底前完成65岁以上老人体检。',
      '① 甲',
      '② 乙',
      '① 丙',
      '② 丁',
      '要点',
      '不编号的段落',
    ]);
    // The restored numbers are real headings to the parser: parts, sections and continuously numbered items.
    const planOnly = body.slice(0, body.indexOf(para('甲', 2)));
    const out = await parseBytes(await buildDocx(planOnly, numbering, styles), 'plan.docx');
    expect(out.items.map((i) => [i.label, i.part, i.section, i.units.length, i.targets.length])).toEqual([
      ['1', '一、强化基层', '(一)健全网络', 0, 1],
      ['2', '一、强化基层', '(一)健全网络', 0, 1],
      ['3', '二、守护健康', '(一)筛查', 0, 1],
    ]);
  });

  it('counts a numbered paragraph in a text box once, though Word stores the box twice', async () => {
    const box = (inner: string) =>
      '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml">' +
      `<mc:Choice Requires="wps"><w:drawing><w:txbxContent>${inner}</w:txbxContent></w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>${inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>` +
      '</mc:AlternateContent></w:r></w:p>';
    const numbering = `<w:abstractNum w:abstractNumId="0">${level(0, 'decimal', '%1.')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`;
    const read = await readDocx(
      await buildDocx(para('建设标准化村卫生室', 1) + box(para('培训乡村医生三百人次', 1)) + para('开展老年人健康筛查', 1), numbering),
      'box.docx',
    );
    expect(read).toMatchObject({ ok: true });
    expect(read.ok && read.text.split('\n')).toEqual(['1. 建设标准化村卫生室', '2. 培训乡村医生三百人次', '3. 开展老年人健康筛查']);
  });

  it.each([
    [11, 'chineseCounting', '十一'],
    [20, 'taiwaneseCountingThousand', '二十'],
    [3, 'decimalEnclosedCircle', '③'],
    [2, 'decimalEnclosedParen', '⑵'],
    [12, 'chineseLegalSimplified', '拾贰'],
    [10, 'ideographDigital', '一〇'],
    [2, 'ideographTraditional', '乙'],
    [4, 'upperRoman', 'IV'],
    [28, 'lowerLetter', 'bb'],
    [7, 'decimalZero', '07'],
    [5, 'decimalFullWidth', '\uff15'],
  ])('%i in %s is %s', (n, fmt, text) => {
    expect(formatNumber(n, fmt)).toBe(text);
  });

  it('writes an unknown format as digits and says so', () => {
    const warnings: string[] = [];
    expect(formatNumber(3, 'hebrew2', warnings)).toBe('3');
    expect(warnings).toEqual(['list number format "hebrew2" is not known; written as 1, 2, 3']);
  });

  it('reads a .docx without numbering.xml as plain paragraphs', async () => {
    const zip = await JSZip.loadAsync(await buildDocx(para('一、总体要求') + para('1.建设村卫生室,年底前建成20个标准化村卫生室。'.repeat(2)), ''));
    zip.remove('word/numbering.xml');
    const read = await readDocx(await zip.generateAsync({ type: 'nodebuffer' }), 'plain.docx');
    expect(read.ok && read.text.split('\n')[0]).toBe('一、总体要求');
  });

  it('names the part of a .docx whose XML is broken', async () => {
    const zip = await JSZip.loadAsync(await buildDocx(para('一、总体要求'), level(0, 'decimal', '%1.')));
    zip.file('word/numbering.xml', '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum>');
    const read = await readDocx(await zip.generateAsync({ type: 'nodebuffer' }), 'bad.docx');
    expect(read).toMatchObject({ ok: false, reason: expect.stringMatching(/^bad\.docx: corrupt \.docx: word\/numbering\.xml: /) });
  });
});

const piece = (str: string, x: number, y: number, size = 12, rotated = false): TextPiece => ({ str, x, y, width: [...str].length * size, size, rotated });
const line = (page: number, text: string, left: number, y: number, right = left + [...text].length * 12, size = 12): Line => ({
  page,
  text,
  left,
  right,
  y,
  size,
});

describe('PDF layout', () => {
  it('builds lines from pieces on one baseline, leaves out rotated watermarks and typographic spaces beside Han', () => {
    const lines = linesOf({
      page: 1,
      pieces: [
        piece('年度卫生', 132, 700.4),
        piece('2022', 100, 700),
        piece(' ', 125, 700),
        piece('内部资料', 200, 400, 40, true),
        piece('ICU', 72, 680),
        piece('beds', 120, 680.2),
      ],
    });
    expect(lines.map((l) => l.text)).toEqual(['2022年度卫生', 'ICU beds']);
  });

  it('drops running headers, footers and page numbers, but keeps a title that repeats the header lower down', () => {
    const body = ['甲', '乙', '丙', '丁'];
    const pages: Line[][] = [1, 2, 3, 4].map((p) => [
      line(p, '某某县2024年卫生健康工作计划', 200, 800, 380, 9),
      ...(p === 1 ? [line(1, '某某县2024年卫生健康工作计划', 150, 760, 440, 16)] : []),
      line(p, `${body[p - 1]}页的第一行正文`, 72, 700),
      line(p, `${body[p - 1]}页的第二行正文`, 72, 674),
      line(p, `${body[p - 1]}页的第三行正文`, 72, 648),
      line(p, `第 ${p} 页 共 4 页`, 260, 40, 330, 9),
    ]);
    const { pages: kept, dropped } = dropRunningLines(pages);
    expect(kept.flat().map((l) => l.text)).toEqual([
      '某某县2024年卫生健康工作计划',
      ...body.flatMap((b) => ['第一', '第二', '第三'].map((n) => `${b}页的${n}行正文`)),
    ]);
    expect(dropped).toHaveLength(8);
  });

  it.each(['3', '- 3 -', '— 12 —', '第 3 页', '第3页 共13页', '3 / 13', 'Page 3 of 13'])('%s is a page number', (text) => {
    expect(isPageNumber(text)).toBe(true);
  });
  it.each(['3.5万人', '第3条', '2022年'])('%s is not a page number', (text) => expect(isPageNumber(text)).toBe(false));

  it('joins lines broken by the page width in a document that indents its paragraphs', () => {
    const L = 72;
    const R = 72 + 36 * 12;
    const paragraphs = joinParagraphs([
      line(1, '一、总体要求', L + 24, 700, L + 24 + 72),
      line(1, '1.建设村卫生室。年底前建成20个标准化村卫生室', L + 24, 674, R),
      line(1, ',提升服务能力。全年培训乡村医生不少于三百人次。', L, 648, R),
      line(1, '加强考核。', L, 622, L + 60),
      line(1, '2.开展筛查,做好老人体检。二是加强宣传', L + 24, 596, R),
      line(2, '三是做好随访。', L, 760, L + 84),
    ]);
    expect(paragraphs).toEqual([
      { text: '一、总体要求', page: 1 },
      { text: '1.建设村卫生室。年底前建成20个标准化村卫生室,提升服务能力。全年培训乡村医生不少于三百人次。加强考核。', page: 1 },
      // "三是" at the top of page 2 continues a sentence: a line start alone does not make a heading.
      { text: '2.开展筛查,做好老人体检。二是加强宣传三是做好随访。', page: 1 },
    ]);
  });

  it('reads the margins of each page, so mirrored margins of a double-sided layout are no indent', () => {
    const full = '加强基层医疗卫生服务能力建设推进家庭医生签约服务提升群众获得感和满意度全面';
    const page = (p: number, shift: number): Line[] => [
      ...(p === 1 ? [line(1, `1.${full.slice(0, 34)}`, 96 + shift, 700, 504 + shift)] : []),
      ...Array.from({ length: p === 1 ? 12 : 9 }, (_, i) => line(p, full.slice(0, 36), 72 + shift, 674 - i * 26, 504 + shift)),
      ...(p === 2 ? [line(2, '落实到位。', 72 + shift, 440, 132 + shift), line(2, `2.${full.slice(0, 34)}`, 96 + shift, 414, 504 + shift)] : []),
    ];
    const paragraphs = joinParagraphs([...page(1, 0), ...page(2, 18)]);
    expect(paragraphs.map((p) => [p.text.slice(0, 2), p.text.slice(-5), p.page])).toEqual([
      ['1.', '落实到位。', 1],
      ['2.', full.slice(29, 34), 2],
    ]);
  });

  it('ends paragraphs at 。 in a document that does not indent, and starts one at a heading after a sentence', () => {
    const L = 72;
    const R = 72 + 36 * 12;
    const paragraphs = joinParagraphs([
      line(1, '某某县2024年卫生健康工作计划', 150, 760, 440, 16),
      line(1, '一是建设村卫生室,年底前建成二十个标准化的村卫生室', L, 700, R),
      line(1, '和社区卫生服务站,全面提升基层的医疗卫生服务能力。', L, 674, R),
      line(1, '二是培训乡村医生,全年培训乡村医生三百人次以上,', L, 648, R),
      line(1, '做好考核。', L, 622, L + 60),
      line(1, '三是开展筛查。', L, 596, L + 84),
    ]);
    expect(paragraphs.map((p) => p.text)).toEqual([
      '某某县2024年卫生健康工作计划',
      '一是建设村卫生室,年底前建成二十个标准化的村卫生室和社区卫生服务站,全面提升基层的医疗卫生服务能力。',
      '二是培训乡村医生,全年培训乡村医生三百人次以上,做好考核。',
      '三是开展筛查。',
    ]);
  });
});

describe('HTML reader', () => {
  it('keeps the article (with its own header) and drops the page chrome', () => {
    const text = htmlToText(`<!DOCTYPE html><html><head><title>标题_网站</title><style>p{}</style></head><body>
      <header><nav><a>首页</a></nav>网站名称</header>
      <div role="navigation">栏目导航</div>
      <article><header><h1>某某县2024年卫生健康工作计划</h1><p>发布时间:2024-01-05</p></header>
        <p>一、强化基层</p><p>1.建设村卫生室。<br>年底前建成<b>20</b>个。</p>
        <div style="display: none">隐藏的文字</div><p hidden>也隐藏</p>
        <table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>建设村卫生室</td></tr></table>
        <pre>第一行
第二行</pre>
        <p>坚持&ldquo;预防为主&rdquo;&nbsp;方针</p>
      </article>
      <aside>相关文章</aside><footer>版权所有</footer><script>document.write('脚本')</script></body></html>`);
    expect(text.split('\n')).toEqual([
      '某某县2024年卫生健康工作计划',
      '发布时间:2024-01-05',
      '一、强化基层',
      '1.建设村卫生室。',
      '年底前建成20个。',
      '序号 任务',
      '1 建设村卫生室',
      '第一行',
      '第二行',
      '坚持“预防为主”\u00a0方针',
    ]);
  });

  it('joins source lines broken beside Chinese text without a gap, and Latin words with a space', () => {
    expect(htmlToText('<p>\n  建设村卫生\n     室,推进 ICU\n  beds 建设\n  100%\n的覆盖</p>')).toBe('建设村卫生室,推进 ICU beds 建设100%的覆盖');
  });
});

describe('every reader feeds the same parser', () => {
  it('reads full-width punctuation as the half-width forms the parser and the seeds use', () => {
    const text = [
      '某某县2024年卫生健康工作计划',
      '\uff08一\uff09强化基层',
      '1.建设村卫生室\uff0c年底前建成\uff12\uff10个\u3000标准化村卫生室\u3002\uff08责任单位\uff1a基层科\u3001各乡镇卫生院\uff09',
    ].join('\n');
    const [item] = parseDocument(Buffer.from(text), 'fullwidth.txt').items;
    expect(item).toMatchObject({ label: '1', part: '(一)强化基层', units: ['基层科', '各乡镇卫生院'], text: '建设村卫生室,年底前建成20个 标准化村卫生室。' });
    expect(item!.targets[0]).toMatchObject({ value: 20, unit: '个' });
  });

  it('gives a .txt, .html, .docx and .pdf of one document the same document id and item ids', async () => {
    const outputs: ParseOutput[] = await Promise.all(['longgang.html', 'longgang-numbered.docx', 'longgang.pdf'].map(parseFixture));
    const seedIds = seedLonggang().items.map((i) => i.id);
    for (const out of outputs) expect(out.items.map((i) => i.id)).toEqual(seedIds);
  });
});
