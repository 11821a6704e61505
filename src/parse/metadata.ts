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

/**
 * The printed title: the nearest title-like line above the body that names a kind of plan (要点, 计划 …);
 * a repost page often repeats older titles further up. Without one, the first title-like line.
 */
export function findTitle(front: string[]): { title: string; index: number } | null {
  for (let i = front.length - 1; i >= 0; i--) {
    const p = front[i]!;
    if (isTitleLike(p) && PLAN_WORDS.test(p) && !isDivider(p)) {
      return { title: p, index: i };
    }
  }
  const first = front.findIndex(isTitleLike);
  return first === -1 ? null : { title: front[first]!, index: first };
}

/** A bare divider such as "2018年工作计划" separates a summary from a plan; it is not the document's title. */
export function isDivider(p: string): boolean {
  return /^\d{4}年度?(卫生健康|卫生计生)?(工作)?(计划|安排|要点|任务|总结|回顾)$/.test(p);
}

/** The year a plan is FOR: in "2017年…总结和2018年工作计划" that is 2018, not 2017. */
export function planYearFrom(title: string, body: string): number | null {
  return tiedYear(title) ?? tiedYear(body) ?? firstYear(title) ?? firstYear(body);
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
const NOT_A_REGION = /(城市|地区|社区|园区|片区|城区|景区|院区|小区|辖区|合作区|示范区|功能区|开发区|新区)$/;

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
    if (NOT_A_REGION.test(name)) continue;
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


/** Publication date, only where the page labels it as such (a repost's own timestamp is not one). */
export function findPublished(raw: string): string | null {
  const m =
    /(?:发布时间|发布日期|发文日期|印发日期|成文日期|时间|日期)\s*[::]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/.exec(raw);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** longgang-2022: the region in pinyin and the plan year, so that ids read aloud in a chat. */
export function documentSlug(region: string | null, year: number, fileStem: string): string {
  const base = region
    ? pinyin(region.replace(/(自治区|省|市|区|县)$/, '').replace(/[a-zA-Z]+/g, (x) => ` ${x.toLowerCase()} `), { toneType: 'none', type: 'array', nonZh: 'consecutive' })
        .join('')
        .replace(/[^a-z0-9]+/gi, '')
        .toLowerCase()
    : fileStem.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24);
  return `${base || 'doc'}-${year}`;
}
