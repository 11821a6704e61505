import { createHash } from 'node:crypto';
import type { ParsedDocument, PlanItem } from '../items/index.js';

/** Regions the synthetic copies of the seeds are given (none of them a seed's own). */
export const REGIONS = [
  '福田区',
  '罗湖区',
  '南山区',
  '盐田区',
  '宝安区',
  '龙华区',
  '坪山区',
  '光明区',
  '大鹏新区',
  '越秀区',
  '海珠区',
  '荔湾区',
  '天河区',
  '白云区',
  '黄埔区',
  '番禺区',
  '花都区',
  '南沙区',
  '从化区',
  '增城区',
  '佛山市',
  '珠海市',
  '惠州市',
  '中山市',
  '江门市',
  '肇庆市',
  '汕头市',
  '湛江市',
];

/** The seeds again and again, each copy another region and year, its numbers shifted, so no two copies tie. */
export function synthesize(seeds: ParsedDocument[], target: number): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  let count = 0;
  for (let n = 0; count < target; n++) {
    const seed = seeds[n % seeds.length]!;
    const region = REGIONS[n % REGIONS.length]!;
    // Every seed gets copies in every region and year (a year tied to one seed would make year questions find one seed).
    const year = 2015 + (Math.floor(n / seeds.length) % 10);
    const id = `synthetic-${n}`;
    const swap = (s: string) =>
      s
        .split(seed.document.region)
        .join(region)
        .replace(/\d+/g, (d) => String(Number(d) + (n % 7)));
    const items: PlanItem[] = seed.items.map((i) => ({
      ...i,
      id: `${id}#${i.label}`,
      doc: id,
      region,
      year,
      docTitle: swap(i.docTitle),
      text: swap(i.text),
      title: swap(i.title),
      cite: swap(i.cite),
    }));
    count += items.length;
    out.push({ document: { ...seed.document, id, region, year, source: `${id}.txt`, hash: createHash('sha256').update(id).digest('hex') }, items });
  }
  return out;
}

/** The seed item a synthetic copy was made from (the item itself for a seed's own item). */
export function seedItemOf(seeds: ParsedDocument[], id: string): PlanItem | undefined {
  const copy = /^synthetic-(\d+)#(.+)$/.exec(id);
  if (!copy) return seeds.flatMap((d) => d.items).find((i) => i.id === id);
  return seeds[Number(copy[1]) % seeds.length]!.items.find((i) => i.label === copy[2]);
}
