import { createRequire } from 'node:module';

/**
 * The small part of the DOM the .docx reader uses, typed here instead of through @xmldom/xmldom's own
 * declarations: those pull the whole browser DOM library into every file of the project.
 */
export interface XmlNode {
  readonly nodeType: number;
  readonly parentNode: XmlNode | null;
}

export interface XmlElement extends XmlNode {
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly childNodes: ArrayLike<XmlNode>;
  readonly firstChild: XmlNode | null;
  getAttributeNS(ns: string | null, name: string): string | null;
  getElementsByTagNameNS(ns: string, name: string): ArrayLike<XmlElement>;
  insertBefore(node: XmlNode, ref: XmlNode | null): XmlNode;
  appendChild(node: XmlNode): XmlNode;
  setAttributeNS(ns: string | null, name: string, value: string): void;
}

export interface XmlDocument {
  readonly documentElement: XmlElement | null;
  createElementNS(ns: string, qualifiedName: string): XmlElement;
  createTextNode(text: string): XmlNode;
}

interface XmlDom {
  DOMParser: new (options?: { errorHandler?: (level: string, message: string) => void }) => { parseFromString(xml: string, mime: string): XmlDocument };
  XMLSerializer: new () => { serializeToString(doc: XmlDocument): string };
}

const ELEMENT_NODE = 1;
let xmldom: XmlDom | undefined;

function dom(): XmlDom {
  xmldom ??= createRequire(import.meta.url)('@xmldom/xmldom') as XmlDom;
  return xmldom;
}

export class XmlError extends Error {}

/** Parse an XML part. A fatal error (not well-formed) throws XmlError; warnings are ignored as Word does. */
export function parseXml(xml: string, part: string): XmlElement {
  let fatal: string | null = null;
  // Two parameters: xmldom then passes the level first (it checks the handler's arity).
  const parser = new (dom().DOMParser)({
    errorHandler: (level: string, message: string) => {
      if (level !== 'warning') fatal ??= `${part}: ${message.replace(/^\[xmldom \w+\]\s*/, '').split('\n')[0]}`;
    },
  });
  let doc: XmlDocument;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch (e) {
    throw new XmlError(`${part}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  if (fatal) throw new XmlError(fatal);
  if (!doc.documentElement) throw new XmlError(`${part}: no root element`);
  return doc.documentElement;
}

export function serializeXml(root: XmlElement): string {
  return new (dom().XMLSerializer)().serializeToString(ownerDocument(root));
}

export function ownerDocument(el: XmlElement): XmlDocument {
  return (el as unknown as { ownerDocument: XmlDocument }).ownerDocument;
}

export function isElement(node: XmlNode | null | undefined): node is XmlElement {
  return !!node && node.nodeType === ELEMENT_NODE;
}

export function childElements(parent: XmlElement | null | undefined, ns: string, name: string): XmlElement[] {
  if (!parent) return [];
  return Array.from(parent.childNodes).filter((n): n is XmlElement => isElement(n) && n.localName === name && n.namespaceURI === ns);
}

export function firstChild(parent: XmlElement | null | undefined, ns: string, name: string): XmlElement | null {
  return childElements(parent, ns, name)[0] ?? null;
}
