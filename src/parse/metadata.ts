import { pinyin } from 'pinyin-pro';

/**
 * Document-level facts: title, region (the issuer's area), plan year, publication date and a readable id.
 * They are read from the cleaned paragraphs before the body, with the raw page as a fallback for the
 * publication date (portals print it in the chrome that cleaning drops).
 */

const SENTENCE_PUNCT = /[,。;,;:!?!]/;
const PLAN_WORDS = /(要点|计划|安排|总结|回顾|方案|规划|报告|任务)/;

export function isTitleLike(p: string): boolean {
  return p.length >= 4 && p.length <= 60 && !SENTENCE_PUNCT.test(p.replace(/[((][^))]*[))]?/g, ''));
}

/** A paragraph a person reads as text (not a signature, a date or a heading). */
export function isProse(p: string): boolean {
  return p.length >= 15 && /[,。;,;:]/.test(p);
}

/** Kinds of official document a title ends with, beside the plan words (通知, 意见 …). */
const DOCUMENT_WORDS = /(要点|计划|安排|总结|回顾|方案|规划|报告|任务|意见|通知|决定|办法|措施|细则|纲要|清单|指引|通告|批复|函)$/;

/** A title has words: not an index number (000014349/2018-00212), a 文号 or a date. */
function hasWords(p: string): boolean {
  return (p.match(/\p{Script=Han}/gu) ?? []).length >= 4 && !DOC_NUMBER.test(p) && !/^\d{4}年\d{1,2}月\d{1,2}日$/.test(p);
}

/**
 * The printed title: a portal's labelled title field (`标 题:` with the title on its line or the next), else
 * the nearest title-like line above the body that names a kind of plan (要点, 计划 …) or of document
 * (意见, 通知 …) — a title printed on two lines (`国务院关于做好…一个时期` / `促进就业工作的若干意见`) is
 * joined — and without one, the first title-like line with words. A repost page often repeats older titles
 * further up.
 */
export function findTitle(front: string[]): { title: string; index: number } | null {
  for (let i = 0; i < front.length; i++) {
    const m = /^标\s*题\s*[::]\s*(.*)$/.exec(front[i]!);
    if (!m) continue;
    const value = m[1] ? m[1] : (front[i + 1] ?? '');
    // A labelled title may be longer than a printed line.
    if (value && value.length <= 120 && !SENTENCE_PUNCT.test(value.replace(/[((][^))]*[))]?/g, '')) && hasWords(value))
      return { title: value, index: m[1] ? i : i + 1 };
  }
  for (let i = front.length - 1; i >= 0; i--) {
    const p = front[i]!;
    if (isTitleLike(p) && hasWords(p) && PLAN_WORDS.test(p) && !isDivider(p)) return { title: p, index: i };
    if (isTitleLike(p) && hasWords(p) && DOCUMENT_WORDS.test(p) && !isDivider(p)) {
      const prev = front[i - 1];
      const joined = prev !== undefined && isTitleLike(prev) && prev.includes('关于') && !p.includes('关于') && !DOCUMENT_WORDS.test(prev);
      return { title: joined ? `${prev}${p}` : p, index: i };
    }
  }
  const first = front.findIndex((p) => isTitleLike(p) && hasWords(p));
  return first === -1 ? null : { title: front[first]!, index: first };
}

/** A bare divider such as "2018年工作计划" separates a summary from a plan; it is not the document's title. */
export function isDivider(p: string): boolean {
  return /^\d{4}年度?(卫生健康|卫生计生)?(工作)?(计划|安排|要点|任务|总结|回顾)$/.test(p);
}

/**
 * The year a plan is FOR: in "2017年…总结和2018年工作计划" that is 2018, not 2017. A title without a year
 * (国务院关于…的通知) takes the year of its 文号 (国发〔2018〕39号), then of its date (成文日期), before any
 * year the body happens to name first (将2016年实施的…).
 */
export function planYearFrom(title: string, body: string, hints: { docNumber?: string | null; issued?: string | null } = {}): number | null {
  const fromNumber = hints.docNumber ? Number(DOC_NUMBER.exec(hints.docNumber)?.[1]) || null : null;
  const fromDate = hints.issued ? Number(hints.issued.slice(0, 4)) : null;
  return tiedYear(title) ?? firstYear(title) ?? fromNumber ?? tiedYear(body) ?? fromDate ?? firstYear(body);
}

function tiedYear(text: string): number | null {
  const tied = [...text.matchAll(/(\d{4})年(?:度)?[^\d,。,;;]{0,16}?(要点|计划|安排|任务)/g)].map((m) => Number(m[1]));
  return tied.length ? Math.max(...tied) : null;
}

function firstYear(text: string): number | null {
  const any = text.match(/(19|20)\d{2}(?=年)/);
  return any ? Number(any[0]) : null;
}

const NOT_A_NAME = '全各本我该辖社地园片景院城都新老市区县省年度月日的和与及在对把将从向为有关于';
const REGION_RE = new RegExp(`([^\\s\\d\\p{P}\\p{S}${NOT_A_NAME}][^\\s\\d\\p{P}\\p{S}年度月日的和与及在]{1,3}?)(自治区|省|市|区|县)`, 'gu');

/** Area words that end like a place name but name no issuer (社区, 开发区 …). */
const NOT_A_REGION = /(城市|地区|社区|园区|片区|城区|景区|院区|小区|辖区|合作区|示范区|功能区|开发区|新区|行政区|试验区|自贸区|保护区|风景区)$/;

/**
 * 龙岗区, 深圳市 …: the most local place the title names, else the place the body names most often. A title
 * writes its places from the widest down (广东省深圳市龙岗区), so the issuer is the last of that run.
 */
export function findRegion(title: string, body: string): string | null {
  const inTitle = titleRegion(title);
  if (inTitle) return inTitle;
  const counts = new Map<string, number>();
  for (const m of body.matchAll(REGION_RE)) {
    const name = m[0];
    // 年底前各省, 支持其行政区: words of a sentence run into the place word, no place name.
    if (NOT_A_REGION.test(name) || /[各其持底该本此]/.test(name)) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [name, n] of counts) if (n >= 2 && (best === null || n > counts.get(best)!)) best = name;
  return best;
}

/** "关于印发…的通知": the verb is not part of the first place name (印发广东省). */
const NOTICE_PREFIX = /^关于(?:印发|转发|下发|发布|公布|做好|开展)?/;

function titleRegion(title: string): string | null {
  const s = title.replace(NOTICE_PREFIX, '');
  let run: RegExpMatchArray | null = null;
  for (const m of s.matchAll(REGION_RE)) {
    const adjacent = run !== null && m.index === run.index! + run[0].length;
    if (run && !adjacent) break;
    if (/(城市|地区|社区)$/.test(m[0]) || (run && NOT_A_REGION.test(m[0]))) {
      if (run) break;
      continue;
    }
    run = m;
  }
  return run ? run[0] : null;
}

const labelledDate = (raw: string, labels: string) =>
  new RegExp(`(?:${labels})\\s*[::]?\\s*(\\d{4})\\s*[-年/.]\\s*(\\d{1,2})\\s*[-月/.]\\s*(\\d{1,2})`).exec(raw);

function isoOf(m: RegExpExecArray | null): string | null {
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Publication date, only where the page labels it as such (a repost's own timestamp is not one): a
 * publication label first (发布日期), then the other date labels of portals' metadata tables.
 */
export function findPublished(raw: string): string | null {
  return isoOf(labelledDate(raw, '发布时间|发布日期')) ?? isoOf(labelledDate(raw, '发文日期|印发日期|成文日期|时间|日期'));
}

/** 〔2018〕39号, [2018]39号, (2018)39号: the year of a 文号. */
export const DOC_NUMBER = /[〔\[((【]((?:19|20)\d{2})[〕\]))】]\s*第?\d+\s*号/;

/** The 文号 as printed (国发〔2018〕39号): from a portal's 发文字号 field or a line of its own above the body. */
export function findDocNumber(raw: string, front: string[]): string | null {
  const field = /(?:发文字号|文\s*号)\s*[::]?\s*([^\s,。]{0,12}[〔\[((【](?:19|20)\d{2}[〕\]))】]\s*第?\d+\s*号)/.exec(raw);
  if (field) return field[1]!;
  const line = front.find((p) => p.length <= 30 && DOC_NUMBER.test(p) && /^[\p{Script=Han}]{1,12}[〔\[((【]/u.test(p));
  return line ?? null;
}

/**
 * The document's own date: its 成文日期 field, else the date printed under the issuer's name at the end
 * (`国务院` / `2018年11月16日`). What "自印发之日起30日内" counts from.
 */
export function findIssued(raw: string): string | null {
  const labelled = isoOf(labelledDate(raw, '成文日期|发文日期|印发日期'));
  if (labelled) return labelled;
  const lines = raw
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (let i = lines.length - 1; i > 0; i--) {
    const m = /^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/.exec(lines[i]!);
    if (m && isSignature(lines[i - 1]!)) return isoOf(m);
  }
  return null;
}

/** Words an issuing body's name ends with: what a signature line above the date looks like. */
const ISSUER_ENDINGS = /(?:国务院|人民政府|政府|办公厅|办公室|委员会|党委|党组|领导小组|小组|指挥部|局|委|部|厅|院|署|办|中心|总局|总署)$/;

export function isSignature(line: string): boolean {
  return line.length <= 40 && ISSUER_ENDINGS.test(line) && !/[,。;,;:]/.test(line);
}

/**
 * Who issued the document: the portal's 发文机关 field, else the title's own prefix before 关于
 * (国务院办公厅关于…), else the signature above the date at the end.
 */
export function findIssuer(raw: string, title: string): string | null {
  const field = /(?:发文机关|发布机构|发文单位)\s*[::]\s*([^\n]{2,40}?)\s*(?:\n|$)/.exec(raw);
  if (field && isSignature(field[1]!.trim())) return field[1]!.trim();
  const prefix = /^(.{2,30}?)关于/.exec(title);
  if (prefix && ISSUER_ENDINGS.test(prefix[1]!)) return prefix[1]!;
  const lines = raw
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (let i = lines.length - 1; i > 0; i--) {
    if (/^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/.test(lines[i]!) && isSignature(lines[i - 1]!)) return lines[i - 1]!;
  }
  return null;
}

/**
 * Issuers whose documents hold for the whole country: the State Council and its General Office, the
 * Party Centre, and ministries and commissions (an issuer whose name starts with no place).
 */
const NATIONAL_ISSUER =
  /^(?:国务院|中共中央|中央|全国|国家|中华人民共和国)|^(?:外交|国防|教育|科学技术|科技|工业和信息化|公安|安全|民政|司法|财政|人力资源社会保障|人力资源和社会保障|自然资源|生态环境|住房城乡建设|住房和城乡建设|交通运输|水利|农业农村|商务|文化和旅游|退役军人事务|应急管理|审计)(?:部|厅)|^(?:人民银行|中国人民银行|海关总署|税务总局|市场监管总局|国家卫生健康委|银保监会|证监会)/;

export function isNationalIssuer(issuer: string): boolean {
  return NATIONAL_ISSUER.test(issuer) && !REGION_AT_START.test(issuer.replace(/^(?:中共)/, ''));
}

/** An issuer that starts with a place (深圳市人民政府, 广东省卫生健康委员会) is local. */
const REGION_AT_START = /^[^\s\d]{1,8}?(?:自治区|省|市|区|县)(?!委员会$)/;

/** The place an issuer's name starts with: 深圳市人民政府 → 深圳市. */
export function issuerRegion(issuer: string): string | null {
  if (isNationalIssuer(issuer)) return '全国';
  const inName = titleRegion(issuer);
  return inName;
}

/** longgang-2022: the region in pinyin and the plan year, so that ids read aloud in a chat. */
export function documentSlug(region: string | null, year: number, fileStem: string): string {
  const base = region
    ? pinyin(
        region.replace(/(自治区|省|市|区|县)$/, '').replace(/[a-zA-Z]+/g, (x) => ` ${x.toLowerCase()} `),
        { toneType: 'none', type: 'array', nonZh: 'consecutive' },
      )
        .join('')
        .replace(/[^a-z0-9]+/gi, '')
        .toLowerCase()
    : fileStem
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 24);
  return `${base || 'doc'}-${year}`;
}
