/**
 * What kind of answer a question wants. The reply differs: a target question must surface the number with
 * its unit, a deadline question the deadline phrase, a follow-up refers to the items just cited.
 */
export type Intent = 'target' | 'deadline' | 'lookup';

const DEADLINE = /(什么时候|何时|哪一?年|几月|期限|截止|截至|时间节点|时限|之前|前完成|多久|多长时间|年底|年内|上半年|下半年)/;
// "哪几家" asks which ones (names), not how many: only a bare 几 asks for a figure.
const TARGET = /(多少|(?<!哪)几[个家所张台名人项次万条]|目标|指标|比例|比率|覆盖率|达到|数量|规模|多大|百分之|%|不低于|不少于)/;

export function detectIntent(question: string): Intent {
  if (DEADLINE.test(question)) return 'deadline';
  if (TARGET.test(question)) return 'target';
  return 'lookup';
}

/** "那它的责任单位是谁?", "第几条?", "这条什么时候完成?" — meaningful only against the last answer. */
const REFERS_BACK = /^(那|那么|这|这个|这条|该条|它|上面|刚才|上一条|前面)|(它|这条|该条|这一条|这项|该项|上述|刚才|上面)(的|是|要|由|归)/;
const META_ONLY = /^(那|那么)?(它|这|这条|该条)?(的)?(责任单位|责任科室|负责单位|谁负责|哪个科室|哪些单位|第几条|哪一条|哪条|出处|原文|依据|期限|什么时候)(是|是谁|是什么|有哪些|呢|在哪)?[??。.!!]*$/;

export type FollowUpAsk = 'units' | 'cite' | 'deadline' | 'text' | null;

export function followUpKind(question: string): FollowUpAsk {
  const q = question.trim();
  if (!REFERS_BACK.test(q) && !META_ONLY.test(q)) return null;
  if (q.length > 30) return null;
  if (/(责任单位|责任科室|负责单位|谁负责|哪个科室|哪些单位|谁来|牵头)/.test(q)) return 'units';
  if (/(第几条|哪一条|哪条|出处|依据|哪个文件|哪份)/.test(q)) return 'cite';
  if (DEADLINE.test(q)) return 'deadline';
  if (/(原文|全文|详细|具体|展开)/.test(q)) return 'text';
  return null;
}

/** "医政科负责哪些工作?": the question asks for everything a unit owns. */
export const OWNERSHIP = /(负责|承担|牵头|分管|主管|管)(了)?(哪些|什么|哪几|几条|的工作|工作|事项|任务)|(有|的)(哪些|什么)(工作|任务|事项)/;
