/**
 * The measures plans count in, after a number: what makes "5万人" a figure a plan commits to. Kept as data, shared
 * by the parser (targets) and the answer stage (which sentence gives the number asked for). Longer measures come
 * first so that 万人次 is not read as 万人.
 */
export const MEASURES: readonly string[] = [
  // compound measures of people, money, beds and area
  '个百分点',
  '万人次',
  '万人',
  '万名',
  '万元',
  '亿元',
  '万张',
  '万个',
  '万份',
  '万例',
  '万台',
  '万户',
  '平方米',
  '人次',
  '台次',
  // distance and time
  '公里',
  '千米',
  '分钟',
  '小时',
  // bare magnitudes
  '万',
  '亿',
  // people and institutions: 人, 名, 家, 所
  '人',
  '名',
  '家',
  '个',
  '张',
  '台',
  '所',
  '间',
  '辆',
  '床',
  // shares
  '%',
  '％',
  '‰',
  // events, ages, items and other counters
  '次',
  '岁',
  '场',
  '项',
  '支',
  '种',
  '例',
  '元',
  '倍',
  '天',
  '户',
  '份',
  '批',
  '座',
  '条',
  '位',
  '套',
  '篇',
  '期',
  '类',
  '组',
  '吨',
];

const escape = (m: string) => m.replace(/[%.*+?^${}()|[\]\\]/g, '\\$&');

/** A number directly followed by a measure (5万人, 90%, 1200张). */
export const FIGURE = new RegExp(`\\d+(?:\\.\\d+)?\\s*(?:${MEASURES.map(escape).join('|')})`);

/** True when the text states a figure with its measure. */
export function hasFigure(text: string): boolean {
  return FIGURE.test(text);
}
