import { numberToChinese } from '../chinese-numerals.js';
import { childElements, firstChild, type XmlElement } from './xml.js';

/**
 * Word's automatic list numbering. A Word plan often prints 一、 and 1. from the list style, not from the
 * text, and every text extractor (mammoth's included) drops them, so the parser would see no headings.
 * This recomputes the numbers the way Word displays them, from word/numbering.xml and word/styles.xml:
 *
 * - a paragraph is numbered by its own `w:numPr` or by its paragraph style's (following `w:basedOn`);
 * - counters belong to the abstract list definition, so two `w:num` instances of one definition continue
 *   each other, unless an instance restarts a level with `w:startOverride` (Word's "Restart at 1");
 * - using a level restarts the levels below it, unless a level's `w:lvlRestart` says otherwise (0: never);
 * - `w:lvlText` (`%1、`, `(%2)`, `%1.%2`) is filled with each level's counter in that level's `w:numFmt`.
 */

export interface LevelDef {
  start: number;
  numFmt: string;
  lvlText: string;
  /** 1-based level after whose use this level restarts; 0 never restarts; undefined: after any higher level. */
  restart: number | undefined;
  isLgl: boolean;
  suffix: 'tab' | 'space' | 'nothing';
  /** The paragraph style this level is tied to (a heading style that numbers itself). */
  paragraphStyle: string | undefined;
}

interface AbstractNum {
  levels: Map<number, LevelDef>;
  numStyleLink: string | undefined;
}

interface NumInstance {
  abstractNumId: string;
  startOverrides: Map<number, number>;
  levelOverrides: Map<number, LevelDef>;
}

interface StyleNumbering {
  basedOn: string | undefined;
  numId: string | undefined;
  ilvl: number | undefined;
}

const int = (s: string | null | undefined): number | undefined => {
  if (s == null || !/^-?\d+$/.test(s.trim())) return undefined;
  return Number(s.trim());
};

function readLevel(lvl: XmlElement, ns: string): LevelDef {
  const val = (name: string) => firstChild(lvl, ns, name)?.getAttributeNS(ns, 'val') ?? null;
  const restart = int(val('lvlRestart'));
  const isLglEl = firstChild(lvl, ns, 'isLgl');
  const suff = val('suff');
  return {
    start: int(val('start')) ?? 0,
    numFmt: firstChild(lvl, ns, 'lvlPicBulletId') ? 'bullet' : (val('numFmt') ?? 'decimal'),
    lvlText: val('lvlText') ?? '',
    restart,
    isLgl: isLglEl !== null && isLglEl.getAttributeNS(ns, 'val') !== 'false' && isLglEl.getAttributeNS(ns, 'val') !== '0',
    suffix: suff === 'space' || suff === 'nothing' ? suff : 'tab',
    paragraphStyle: val('pStyle') ?? undefined,
  };
}

export class ListNumbering {
  private readonly abstracts = new Map<string, AbstractNum>();
  private readonly nums = new Map<string, NumInstance>();
  private readonly paragraphStyles = new Map<string, StyleNumbering>();
  private readonly numberingStyles = new Map<string, string>();
  private readonly counters = new Map<string, Array<number | undefined>>();
  private readonly overridesApplied = new Set<string>();
  readonly warnings: string[] = [];

  constructor(
    numbering: XmlElement | null,
    styles: XmlElement | null,
    private readonly ns: string,
  ) {
    if (styles) this.readStyles(styles);
    if (numbering) this.readNumbering(numbering);
  }

  private readStyles(root: XmlElement): void {
    const ns = this.ns;
    for (const style of childElements(root, ns, 'style')) {
      const id = style.getAttributeNS(ns, 'styleId');
      if (!id) continue;
      const numPr = firstChild(firstChild(style, ns, 'pPr'), ns, 'numPr');
      const numId = firstChild(numPr, ns, 'numId')?.getAttributeNS(ns, 'val') ?? undefined;
      const ilvl = int(firstChild(numPr, ns, 'ilvl')?.getAttributeNS(ns, 'val'));
      if (style.getAttributeNS(ns, 'type') === 'numbering') {
        if (numId) this.numberingStyles.set(id, numId);
        continue;
      }
      const basedOn = firstChild(style, ns, 'basedOn')?.getAttributeNS(ns, 'val') ?? undefined;
      this.paragraphStyles.set(id, { basedOn, numId, ilvl });
    }
  }

  private readNumbering(root: XmlElement): void {
    const ns = this.ns;
    for (const abs of childElements(root, ns, 'abstractNum')) {
      const id = abs.getAttributeNS(ns, 'abstractNumId');
      if (id == null) continue;
      const levels = new Map<number, LevelDef>();
      for (const lvl of childElements(abs, ns, 'lvl')) levels.set(int(lvl.getAttributeNS(ns, 'ilvl')) ?? 0, readLevel(lvl, ns));
      const numStyleLink = firstChild(abs, ns, 'numStyleLink')?.getAttributeNS(ns, 'val') ?? undefined;
      this.abstracts.set(id, { levels, numStyleLink });
    }
    for (const num of childElements(root, ns, 'num')) {
      const id = num.getAttributeNS(ns, 'numId');
      const abstractNumId = firstChild(num, ns, 'abstractNumId')?.getAttributeNS(ns, 'val');
      if (id == null || abstractNumId == null) continue;
      const instance: NumInstance = { abstractNumId, startOverrides: new Map(), levelOverrides: new Map() };
      for (const o of childElements(num, ns, 'lvlOverride')) {
        const ilvl = int(o.getAttributeNS(ns, 'ilvl')) ?? 0;
        const start = int(firstChild(o, ns, 'startOverride')?.getAttributeNS(ns, 'val'));
        if (start !== undefined) instance.startOverrides.set(ilvl, start);
        const lvl = firstChild(o, ns, 'lvl');
        if (lvl) instance.levelOverrides.set(ilvl, readLevel(lvl, ns));
      }
      this.nums.set(id, instance);
    }
  }

  /** The numbering a paragraph style gives, following `w:basedOn` (a style inherits its parent's list). */
  private styleNumbering(styleId: string | undefined): { numId?: string; ilvl?: number } {
    const out: { numId?: string; ilvl?: number } = {};
    const seen = new Set<string>();
    for (let id = styleId; id && !seen.has(id); id = this.paragraphStyles.get(id)?.basedOn) {
      seen.add(id);
      const s = this.paragraphStyles.get(id);
      if (!s) break;
      out.numId ??= s.numId;
      out.ilvl ??= s.ilvl;
    }
    return out;
  }

  /** The abstract definition behind a list instance; `numStyleLink` points through a numbering style to another. */
  private resolve(numId: string): { abstractId: string; abstract: AbstractNum; instance: NumInstance } | null {
    const seen = new Set<string>();
    let id: string | undefined = numId;
    let first: NumInstance | undefined;
    while (id && !seen.has(id)) {
      seen.add(id);
      const instance = this.nums.get(id);
      if (!instance) return null;
      first ??= instance;
      const abstract = this.abstracts.get(instance.abstractNumId);
      if (!abstract) return null;
      if (!abstract.numStyleLink) return { abstractId: instance.abstractNumId, abstract, instance: first };
      id = this.numberingStyles.get(abstract.numStyleLink);
    }
    return null;
  }

  /**
   * The number Word shows in front of this paragraph (`一、`, `1.`, `(三)`), with its separator, or null
   * when the paragraph is not numbered (or is a bullet). Call once per paragraph, in document order.
   */
  next(pPr: XmlElement | null, styleId: string | undefined): string | null {
    const ns = this.ns;
    const numPr = firstChild(pPr, ns, 'numPr');
    const fromStyle = this.styleNumbering(styleId);
    const numId = firstChild(numPr, ns, 'numId')?.getAttributeNS(ns, 'val') ?? fromStyle.numId;
    if (!numId || numId === '0') return null;
    const resolved = this.resolve(numId);
    if (!resolved) return null;
    const { abstractId, abstract, instance } = resolved;
    const styleLevel = styleId ? [...abstract.levels].find(([, l]) => l.paragraphStyle === styleId)?.[0] : undefined;
    const ilvl = int(firstChild(numPr, ns, 'ilvl')?.getAttributeNS(ns, 'val')) ?? fromStyle.ilvl ?? styleLevel ?? 0;
    const level = (i: number) => instance.levelOverrides.get(i) ?? abstract.levels.get(i);
    const def = level(ilvl);
    if (!def) return null;

    const counters = this.counters.get(abstractId) ?? [];
    this.counters.set(abstractId, counters);
    const override = instance.startOverrides.get(ilvl);
    const overrideKey = `${numId}:${ilvl}`;
    if (override !== undefined && !this.overridesApplied.has(overrideKey)) {
      this.overridesApplied.add(overrideKey);
      counters[ilvl] = override;
    } else {
      counters[ilvl] = counters[ilvl] === undefined ? def.start : counters[ilvl]! + 1;
    }
    for (let deeper = ilvl + 1; deeper < 9; deeper++) {
      const restart = level(deeper)?.restart;
      if (restart === undefined || (restart !== 0 && ilvl < restart)) counters[deeper] = undefined;
    }

    if (def.numFmt === 'bullet' || def.lvlText === '') return null;
    const text = def.lvlText.replace(/%([1-9])/g, (_m, n: string) => {
      const i = Number(n) - 1;
      const lvl = level(i);
      const value = counters[i] ?? lvl?.start ?? 1;
      return formatNumber(value, def.isLgl && i < ilvl ? 'decimal' : (lvl?.numFmt ?? 'decimal'), this.warnings);
    });
    return text + (def.suffix === 'nothing' ? '' : ' ');
  }
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const PARENTHESISED = '⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇';
const FULL_STOP = '⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛';
const HEAVENLY_STEMS = '甲乙丙丁戊己庚辛壬癸';
const EARTHLY_BRANCHES = '子丑寅卯辰巳午未申酉戌亥';
const IDEOGRAPH_DIGITS = '〇一二三四五六七八九';
const LEGAL: Record<string, string> = { 一: '壹', 二: '贰', 三: '叁', 四: '肆', 五: '伍', 六: '陆', 七: '柒', 八: '捌', 九: '玖', 十: '拾' };
const CHINESE_COUNTING = new Set([
  'chineseCounting',
  'chineseCountingThousand',
  'taiwaneseCounting',
  'taiwaneseCountingThousand',
  'japaneseCounting',
  'japaneseLegal',
]);

function letters(n: number): string {
  // Word repeats the letter: A … Z, AA … ZZ, AAA …
  const letter = String.fromCharCode(65 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  const table: Array<[number, string]> = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [value, symbol] of table) for (; n >= value; n -= value) out += symbol;
  return out;
}

const pick = (set: string, n: number): string | null => (n >= 1 && n <= [...set].length ? [...set][n - 1]! : null);

/** One counter value in a Word number format (ECMA-376 ST_NumberFormat, the ones Chinese documents use). */
export function formatNumber(n: number, numFmt: string, warnings: string[] = []): string {
  if (n < 1 && numFmt !== 'decimal' && numFmt !== 'decimalZero') return String(n);
  if (CHINESE_COUNTING.has(numFmt)) return n <= 99 ? numberToChinese(n) : String(n);
  switch (numFmt) {
    case 'decimal':
    case 'decimalHalfWidth':
      return String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return pick(CIRCLED, n) ?? String(n);
    case 'decimalEnclosedParen':
      return pick(PARENTHESISED, n) ?? `(${n})`;
    case 'decimalEnclosedFullstop':
      return pick(FULL_STOP, n) ?? `${n}.`;
    case 'chineseLegalSimplified':
      return n <= 99 ? [...numberToChinese(n)].map((c) => LEGAL[c] ?? c).join('') : String(n);
    case 'ideographDigital':
    case 'taiwaneseDigital':
    case 'japaneseDigitalTenThousand':
      return String(n).replace(/\d/g, (d) => IDEOGRAPH_DIGITS[Number(d)]!);
    case 'ideographTraditional':
      return pick(HEAVENLY_STEMS, n) ?? String(n);
    case 'ideographZodiac':
      return pick(EARTHLY_BRANCHES, n) ?? String(n);
    case 'upperLetter':
      return letters(n);
    case 'lowerLetter':
      return letters(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'none':
      return '';
    default:
      if (!warnings.some((w) => w.includes(`"${numFmt}"`))) warnings.push(`list number format "${numFmt}" is not known; written as 1, 2, 3`);
      return String(n);
  }
}
