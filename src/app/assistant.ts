import { fullItemReply, unitListingReply, type Answerer } from '../answer/index.js';
import type { Assistant } from '../chat/ports.js';
import type { PlanDocument, PlanItem } from '../items/index.js';
import { regionAliases } from '../items/index.js';
import { readItemReference } from '../query/index.js';
import { noMetrics, type BotMetrics } from '../ports/metrics.js';
import { createAnswerer, timedRetrieval } from './answering.js';
import type { Runtime } from './runtime.js';

/**
 * The core as the chat layer sees it: every method returns finished reply text. Lives in app/ because it
 * joins stages (answer, store) that do not know each other.
 */
export function createAssistant(runtime: Runtime, given?: Answerer, metrics: BotMetrics = noMetrics): Assistant {
  // Created once, on first use: the LLM client is loaded only when configured (see answering.ts).
  const answerer: Promise<Answerer> = given ? Promise.resolve(given) : createAnswerer(runtime, metrics);
  const retrieval = timedRetrieval(runtime.retriever, metrics);
  return {
    async ask(question, followUp, options) {
      const result = await (await answerer).answer(question, { followUp, onDraft: options?.onDraft });
      return {
        answered: result.answered,
        text: result.answer,
        citationIds: result.shownIds,
        mode: result.mode,
        confidence: result.confidence,
        score: result.score,
      };
    },

    async unit(query) {
      const q = query.trim();
      if (!q) return '请在 /unit 后面写上科室或单位名称,例如:/unit 医政科';
      const result = await retrieval.unit(q);
      if (result.items.length) return unitListingReply(result.matched.length === 1 ? result.matched[0]! : result.unit, result.items);
      const hint = result.suggestions.length ? `你是不是要找:${result.suggestions.join('、')}?` : '发送 /docs 查看已收录的文件。';
      return `没有找到以“${q}”为责任单位的条目。${hint}`;
    },

    async item(query) {
      const [documents, items] = await Promise.all([runtime.store.documents(), runtime.store.items()]);
      const found = findItem(query, documents, items);
      if (found.item) return fullItemReply(found.item);
      return found.problem;
    },

    async docs() {
      const [documents, items] = await Promise.all([runtime.store.documents(), runtime.store.items()]);
      if (documents.length === 0) return '还没有收录任何工作要点。把文件放进 seeds/ 目录后运行 npm run ingest。';
      const lines = documents.map((d) => {
        const n = items.filter((i) => i.doc === d.id && i.kind === 'plan').length;
        return `《${d.title}》(${d.region},${d.year}年,${n}条)`;
      });
      return [`已收录${documents.length}份工作要点:`, ...lines, '', '查看某一条:/item 龙岗 29'].join('\n');
    },
  };
}

/**
 * "/item 龙岗 29", "/item 深圳 二十四", "/item 龙岗 第9条", "/item shenzhen-2022 (九)": a document named by region,
 * id or year, and a label as people type it (see readItemReference).
 */
export function findItem(query: string, documents: PlanDocument[], items: PlanItem[]): { item: PlanItem; problem?: never } | { item?: never; problem: string } {
  const usage = '用法:/item 地区 条目编号,例如 /item 龙岗 29 或 /item 广州 三(四)二是';
  if (!query.trim()) return { problem: usage };
  const ref = readItemReference(query, documents);
  if (!ref.label) return { problem: usage };
  const forms = new Set(ref.forms);
  const matches = items.filter((i) => (ref.docIds.length === 0 || ref.docIds.includes(i.doc)) && forms.has(i.label.normalize('NFKC')));
  if (matches.length === 1) return { item: matches[0]! };
  if (matches.length > 1) {
    const byDoc = new Map(documents.map((d) => [d.id, d]));
    // Two documents of one region (two editions) are told apart by their year, not by repeating the region.
    const name = (m: PlanItem) => {
      const d = byDoc.get(m.doc);
      const region = regionAliases(m.region).at(-1)!;
      const sameRegion = matches.filter((o) => o.region === m.region).length > 1;
      return sameRegion && d ? `${region} ${d.year}` : region;
    };
    const suggestions = [...new Set(matches.map((m) => `/item ${name(m)} ${m.label}`))];
    return { problem: `有${matches.length}份文件都有“${ref.label}”,请写上地区:${suggestions.join(' 或 ')}` };
  }
  return { problem: `没有找到“${query.trim()}”对应的条目。${usage}` };
}
