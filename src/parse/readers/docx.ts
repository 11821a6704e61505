import { checkDeclaredSizes, checkEntryCount, checkUnpackedSizes } from './docx-limits.js';
import { ListNumbering } from './docx-numbering.js';
import { DEFAULT_READ_LIMITS, fileSizeError, type ReadLimits } from './limits.js';
import { hasPlanText } from './text.js';
import { describeError, readFailure, type ReadResult } from './types.js';
import { XmlError, firstChild, isElement, ownerDocument, parseXml, serializeXml, type XmlElement } from './xml.js';

/** Transitional and Strict OOXML name the WordprocessingML namespace differently; both are read the same. */
const WORD_NAMESPACES = ['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main'];
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const MARKUP_COMPATIBILITY = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

type JSZipModule = typeof import('jszip');
type Zip = Awaited<ReturnType<JSZipModule['loadAsync']>>;

/**
 * A Word document: paragraphs in order, through mammoth, with Word's automatic list numbers written back
 * into the text first (mammoth, like every text extractor, drops them; see docx-numbering.ts). Running
 * headers and footers live in their own parts of the file, so they never reach the text.
 */
export async function readDocx(bytes: Buffer, name: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ReadResult> {
  if (bytes.length === 0) return readFailure(name, 'empty file');
  const tooBig = fileSizeError(name, bytes.length, limits);
  if (tooBig) return { ok: false, reason: tooBig.message };
  // Encrypted .docx files and Word 97–2003 files are OLE compound files, not zip archives.
  if (bytes.subarray(0, 8).equals(OLE_MAGIC)) {
    return readFailure(name, 'password-protected or old binary Word file (OLE), not a .docx: save it in Word as an unprotected .docx');
  }
  const tooMany = checkEntryCount(bytes, name, limits);
  if (tooMany) return { ok: false, reason: tooMany.message };
  const { default: JSZip } = await import('jszip');
  let zip: Zip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (e) {
    return readFailure(name, `corrupt .docx: not a readable zip archive (${describeError(e)})`);
  }
  // Loading read only the zip's directory; nothing has been inflated yet.
  const declared = checkDeclaredSizes(zip, name, limits);
  if (declared) return { ok: false, reason: declared.message };
  let unpacked;
  try {
    unpacked = await checkUnpackedSizes(zip, name, limits);
  } catch (e) {
    return readFailure(name, `corrupt .docx: ${describeError(e)}`);
  }
  if (unpacked) return { ok: false, reason: unpacked.message };
  // Reading a member inflates it, and a damaged member (a wrong size in its header) throws only then.
  let documentPart: string | null;
  try {
    documentPart = await mainDocumentPart(zip);
  } catch (e) {
    return readFailure(name, `corrupt .docx: _rels/.rels cannot be read (${describeError(e)})`);
  }
  if (!documentPart) return readFailure(name, 'not a Word document: the archive has no word/document.xml');

  const warnings: string[] = [];
  let numbered: Buffer;
  try {
    numbered = await writeListNumbers(zip, documentPart, warnings);
  } catch (e) {
    const why = e instanceof XmlError ? e.message : describeError(e);
    return readFailure(name, `corrupt .docx: ${why}`);
  }

  const { default: mammoth } = await import('mammoth');
  let raw: string;
  try {
    const result = await mammoth.extractRawText({ buffer: numbered });
    raw = result.value;
    for (const m of result.messages) if (m.type === 'error') warnings.push(m.message);
  } catch (e) {
    return readFailure(name, `corrupt .docx: ${describeError(e)}`);
  }
  // mammoth ends every paragraph with a blank line; the parser wants one paragraph per line.
  const text = raw
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .join('\n');
  if (!hasPlanText(text)) return readFailure(name, 'no Chinese text in the document body; not a plan document');
  return { ok: true, text, encoding: 'docx', bytes, format: 'docx', warnings };
}

/** The main part named by the package relationships; word/document.xml in every file Word or LibreOffice writes. */
async function mainDocumentPart(zip: Zip): Promise<string | null> {
  const rels = await zip.file('_rels/.rels')?.async('string');
  const target = rels?.match(/Target="\/?([^"]+)"[^>]*Type="[^"]*\/officeDocument"|Type="[^"]*\/officeDocument"[^>]*Target="\/?([^"]+)"/);
  const path = target?.[1] ?? target?.[2] ?? 'word/document.xml';
  return zip.file(path) ? path : zip.file('word/document.xml') ? 'word/document.xml' : null;
}

/**
 * Prefix every numbered paragraph with the number Word shows, as a plain run, and return the re-zipped
 * file. Paragraphs are visited in document order (tables included), which is the order Word counts in.
 */
async function writeListNumbers(zip: Zip, documentPart: string, warnings: string[]): Promise<Buffer> {
  const documentXml = await zip.file(documentPart)!.async('string');
  const root = parseXml(documentXml, documentPart);
  const ns = root.namespaceURI && WORD_NAMESPACES.includes(root.namespaceURI) ? root.namespaceURI : WORD_NAMESPACES[0]!;
  const dir = documentPart.replace(/[^/]*$/, '');
  const part = async (file: string) => {
    const xml = await zip.file(`${dir}${file}`)?.async('string');
    return xml ? parseXml(xml, `${dir}${file}`) : null;
  };
  const numberingRoot = await part('numbering.xml');
  if (!numberingRoot) return zip.generateAsync({ type: 'nodebuffer' });
  const numbering = new ListNumbering(numberingRoot, await part('styles.xml'), ns);

  // Word stores a text box twice (mc:Choice and mc:Fallback); mammoth reads the fallback, so only its
  // paragraphs are counted, or every later number would be off by the box's list items.
  const paragraphs = Array.from(root.getElementsByTagNameNS(ns, 'p')).filter((p) => !insideAlternateChoice(p));
  let count = 0;
  for (const p of paragraphs) {
    const pPr = firstChild(p, ns, 'pPr');
    if (isDeletedOrHidden(pPr, ns)) continue;
    const styleId = firstChild(pPr, ns, 'pStyle')?.getAttributeNS(ns, 'val') ?? undefined;
    const label = numbering.next(pPr, styleId);
    if (!label) continue;
    insertLeadingRun(p, pPr, label, ns);
    count++;
  }
  warnings.push(...numbering.warnings);
  if (count === 0) return zip.generateAsync({ type: 'nodebuffer' });
  zip.file(documentPart, serializeXml(root));
  // Stored, not deflated: the archive only travels from here to mammoth, in memory.
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

function insideAlternateChoice(el: XmlElement): boolean {
  for (let n = el.parentNode; n; n = n.parentNode) {
    if (isElement(n) && n.localName === 'Choice' && n.namespaceURI === MARKUP_COMPATIBILITY) return true;
  }
  return false;
}

/** Paragraphs Word does not show (a deleted paragraph mark, hidden text) take no number. */
function isDeletedOrHidden(pPr: XmlElement | null, ns: string): boolean {
  const rPr = firstChild(pPr, ns, 'rPr');
  if (firstChild(rPr, ns, 'del')) return true;
  const vanish = firstChild(rPr, ns, 'vanish');
  return !!vanish && !['0', 'false'].includes(vanish.getAttributeNS(ns, 'val') ?? '');
}

function insertLeadingRun(p: XmlElement, pPr: XmlElement | null, text: string, ns: string): void {
  const doc = ownerDocument(p);
  // The new run takes the prefix the file already uses for its paragraphs (w: in practice).
  const prefix = qualifiedPrefix(p);
  const run = doc.createElementNS(ns, `${prefix}:r`);
  const t = doc.createElementNS(ns, `${prefix}:t`);
  t.setAttributeNS(XML_NS, 'xml:space', 'preserve');
  t.appendChild(doc.createTextNode(text));
  run.appendChild(t);
  const after = pPr ? nextSiblingOf(p, pPr) : p.firstChild;
  p.insertBefore(run, after);
}

function qualifiedPrefix(el: XmlElement): string {
  return (el as unknown as { prefix: string | null }).prefix ?? 'w';
}

function nextSiblingOf(parent: XmlElement, child: XmlElement): XmlElement | null {
  const nodes = Array.from(parent.childNodes);
  return (nodes[nodes.indexOf(child) + 1] as XmlElement | undefined) ?? null;
}
