import JSZip from 'jszip';

/**
 * Synthetic plan documents in the formats plans are published in, built in the test (no fixture files):
 * GBK text, a portal-like HTML page and a minimal .docx.
 */

let gbkTable: Map<string, number[]> | undefined;
/** Node decodes GB18030 but cannot encode it: the encoder is the inverse of the decoder, built once. */
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const ch = decoder.decode(Uint8Array.of(hi, lo));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [hi, lo]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A web page: the lines as <p> paragraphs inside an article, with a nav bar and a footer around them. */
export function htmlPage(lines: string[]): Buffer {
  const body = lines.map((l) => `<p>${escapeXml(l)}</p>`).join('\n');
  return Buffer.from(
    `<!doctype html><html><head><meta charset="utf-8"><title>政府信息公开</title></head><body><nav><a href="/">首页</a></nav><article>${body}</article><footer>版权所有 ICP备12345678号</footer></body></html>`,
  );
}

/** The namespace every WordprocessingML part declares (a name, not an address anything fetches). */
export const WORD_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** The package parts every .docx needs (content types, the root relationship); callers add word/document.xml. */
export function docxPackage(): JSZip {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  return zip;
}

/** A .docx of plain paragraphs (numbers typed in the text), and optionally one table of rows of cells. */
export async function docx(lines: string[], table?: string[][]): Promise<Buffer> {
  const W = WORD_NS;
  const para = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(t)}</w:t></w:r></w:p>`;
  const tbl = table
    ? `<w:tbl>${table.map((row) => `<w:tr>${row.map((c) => `<w:tc>${c.split('\n').map(para).join('')}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`
    : '';
  const zip = docxPackage();
  zip.file('word/document.xml', `<?xml version="1.0"?><w:document ${W}><w:body>${lines.map(para).join('')}${tbl}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}
