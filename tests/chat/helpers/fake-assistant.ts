import type { Assistant, AskReply, FollowUpContext } from '../../../src/chat/ports.js';

/**
 * An Assistant whose replies are computed from the question over a handful of items, the way the real one
 * works (cite, title, units), without a store. A question containing `fail` throws, to test the apology;
 * `全部` returns every item at length, to test splitting.
 */
export interface FakeItem {
  id: string;
  region: string;
  label: string;
  cite: string;
  title: string;
  units: string[];
  text: string;
}

export const fakeItems: FakeItem[] = [
  {
    id: 'longgang-2022#9',
    region: '龙岗',
    label: '9',
    cite: '《龙岗区2022年度卫生健康工作要点》第9条',
    title: '持续推进医用耗材精细化管理',
    units: ['医管科', '区属各医院'],
    text: '持续推进医用耗材精细化管理,加强医用耗材采购、使用全流程监管。',
  },
  {
    id: 'longgang-2022#29',
    region: '龙岗',
    label: '29',
    cite: '《龙岗区2022年度卫生健康工作要点》第29条',
    title: '提升院前急救能力',
    units: ['医政科', '区急救中心'],
    text: '提升院前急救能力,优化急救站点布局,缩短急救反应时间。',
  },
  {
    id: 'shenzhen-2022#3',
    region: '深圳',
    label: '3',
    cite: '《深圳市2022年卫生健康工作要点》第3条',
    title: '推进基层医疗卫生服务体系建设',
    units: ['基层卫生处'],
    text: '推进基层医疗卫生服务体系建设,社区健康服务机构达到1000家。',
  },
];

export interface FakeAssistant extends Assistant {
  asked: Array<{ question: string; followUp?: FollowUpContext }>;
}

function overlap(a: string, b: string): number {
  const chars = new Set(Array.from(a).filter((c) => /\p{Script=Han}/u.test(c)));
  return Array.from(new Set(b)).filter((c) => chars.has(c)).length;
}

function describe(item: FakeItem, full: boolean): string {
  const body = full ? `${item.text}${'具体措施包括加强监测、完善制度、定期通报、督促整改。'.repeat(12)}` : item.text;
  return `${item.title}:${body}\n依据:${item.cite};责任单位:${item.units.join('、')}`;
}

export function createFakeAssistant(): FakeAssistant {
  const asked: FakeAssistant['asked'] = [];
  return {
    asked,
    async ask(question, followUp) {
      asked.push({ question, followUp });
      if (question.includes('fail')) throw new Error('store exploded: /secret/path/db.lance');
      if (question.includes('全部')) {
        return { answered: true, text: fakeItems.map((i) => describe(i, true)).join('\n\n'), citationIds: fakeItems.map((i) => i.id) };
      }
      if (followUp && /它|这条|责任单位是谁/.test(question)) {
        const items = fakeItems.filter((i) => followUp.citationIds.includes(i.id));
        return { answered: true, text: items.map((i) => `${i.cite}的责任单位:${i.units.join('、')}`).join('\n'), citationIds: items.map((i) => i.id) };
      }
      const ranked = fakeItems
        .map((item) => ({ item, score: overlap(question, item.title + item.text) }))
        .filter((r) => r.score >= 2)
        .sort((a, b) => b.score - a.score);
      if (ranked.length === 0)
        return {
          answered: false,
          text: `没有找到与“${question}”有关的条目。`,
          citationIds: [],
          mode: 'not-found',
          confidence: 'none',
          score: 0,
        } satisfies AskReply;
      const best = ranked[0]!.item;
      return {
        answered: true,
        text: `关于“${question}”:\n${describe(best, false)}`,
        citationIds: [best.id],
        mode: 'extractive',
        confidence: 'confident',
        score: 0.8,
      };
    },
    async unit(query) {
      const items = fakeItems.filter((i) => i.units.some((u) => u.includes(query)));
      if (items.length === 0) return `没有找到以“${query}”为责任单位的条目。`;
      return [`${query}负责${items.length}条:`, ...items.map((i) => `${i.cite} ${i.title}`)].join('\n');
    },
    async item(query) {
      const item = fakeItems.find((i) => query.includes(i.region) && query.replace(i.region, '').trim() === i.label);
      return item ? describe(item, false) : `没有找到“${query}”对应的条目。`;
    },
    async docs() {
      const regions = [...new Set(fakeItems.map((i) => i.cite.replace(/第.*$/, '')))];
      return [`已收录${regions.length}份工作要点:`, ...regions].join('\n');
    },
  };
}
