/**
 * Full-width forms of ASCII characters (U+FF01–U+FF5E: ,:;() and full-width digits and letters) as their
 * ASCII counterparts, and the ideographic space as a space. Word files, PDFs and web pages print Chinese
 * punctuation full-width; the parser's patterns (units notes, (一) headings, 5万人 targets) and the text
 * seeds use the half-width forms, so every format is folded to them once, before cleaning. 。、“” and
 * circled numbers are not in that block and stay as printed.
 */
export function foldFullWidthForms(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
