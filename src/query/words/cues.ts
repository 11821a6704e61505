/**
 * The words that say what a question asks, as opposed to what it is about. Each cue is a pattern with a note on
 * the general usage it stands for. The query stage matches them once; the spans they match are taken out of
 * the question before its content terms are read, so that 负责 in "X谁负责" never searches for items that
 * happen to say 负责.
 *
 * These are patterns of how staff phrase questions in general, never the wording of particular questions.
 */
export interface Cue {
  pattern: RegExp;
  /** The general usage the pattern stands for. */
  note: string;
  /**
   * The cue asks what someone is responsible for (负责哪些, 职责), so the words before it name an owner even when
   * the corpus prints the name longer (医政 → 医政科). Generic cues (有哪些) do not: 健康教育有哪些安排 is a topic.
   */
  namesOwner?: boolean;
}

const cue = (source: string, note: string, namesOwner = false): Cue => ({ pattern: new RegExp(source, 'gu'), note, namesOwner });

/** "Who is responsible for X": the answer is X's item with its units first. */
export const RESPONSIBLE_CUES: readonly Cue[] = [
  cue('(?:是|由|归)?谁(?:来|在)?(?:负责|牵头|主管|分管|主抓|抓|管|落实|承办|来做|去做|做)', 'who does X: 谁负责, 谁来牵头, 由谁管'),
  cue('归(?:哪个|哪些|哪家|什么)?[^,，。?？!！\\s]{0,4}?管', 'whose remit X is: 归谁管, 归哪个科室管'),
  cue(
    '(?:是|由|归|找|问)?(?:哪个|哪些|哪几个|哪家|哪一个|什么)(?:科室|单位|部门|处室|机构|中心|业务科室)(?:来|在|去)?(?:负责|牵头|主管|分管|管|抓|落实|承担|参与|配合|做|办)?(?:的)?',
    'which office: 哪个科室负责, 由哪个单位牵头, 找哪个部门',
  ),
  cue(
    '(?:的)?(?:责任|牵头|负责|配合|协办|主管)(?:单位|科室|部门|处室)(?:是|有)?(?:谁|哪个|哪些|什么)?',
    'the responsible units outright: 责任单位是谁, 牵头部门有哪些',
  ),
  cue('(?:谁|哪个|哪些)(?:是)?(?:牵头|负责)(?:的)?', 'who leads: 谁是牵头的'),
];

/**
 * "What does unit U do": with a unit named and nothing else asked, the answer is every item of the unit. These
 * are the verbs and nouns of such questions; what remains of a question after them, the unit and the scope
 * decides whether it asks about one topic of the unit instead.
 */
export const UNIT_LISTING_CUES: readonly Cue[] = [
  cue(
    '(?:要|都|还|具体|主要|一共|总共|共)?(?:负责|承担|牵头|参与|配合|协办|协助|涉及|分管|主管|管|干|做|抓|分到|分配到|分得|落到|领到)(?:了|的|或|和|或者|及|与|\\/|、)*(?:负责|参与|配合|协办|牵头)?(?:了)?(?:哪些|哪几|什么|几)',
    'what a unit does: 负责哪些, 牵头或参与了哪几, 要干哪些, 分到了哪些',
    true,
  ),
  cue('(?:有|的)(?:哪些|什么|哪几[条项个])', 'what a unit has: 有什么任务, 的哪些工作'),
  cue('(?:职责|分工|任务清单|工作清单|责任清单)(?:是|有)?(?:什么|哪些)?', 'a unit’s remit: 职责是什么, 分工有哪些', true),
  cue('(?:帮我|给我|请)?(?:列|列出|列一下|列个|梳理|汇总|整理)(?:一下)?', 'a request for a list: 帮我列一下, 梳理'),
];

/** Nouns and fillers that, beside a unit, still only ask for its list of items. */
export const LISTING_WORDS: ReadonlySet<string> = new Set(
  (
    '负责 承担 牵头 参与 配合 协办 协助 涉及 分管 主管 管 干 做 抓 办 分到 分配 落到 ' +
    '工作 要点 工作要点 任务 事项 条目 条 项 活 活儿 事 事儿 职责 分工 清单 内容 重点 部分 ' +
    '哪 哪几 几条 哪几条 哪几项 具体 一共 总共 共 都 还 要 了 帮 帮我 给我 列 列出 梳理 汇总 整理 看看 ' +
    '我 我们 咱 咱们 本 本单位 本科室 那边 这边 局里 单位 科室 部门 处室 全年 年度'
  ).split(/\s+/),
);

/** The role a unit listing asks for: 牵头 alone asks for led items, 配合/参与/协办 alone for partnered ones. */
export const LEAD_CUE = /牵头|主办|主责|领衔/u;
export const PARTNER_CUE = /配合|参与|协办|协助|协同|会同/u;

/** Asks for a date: 什么时候, 截止, 哪一年. */
export const DEADLINE_CUE =
  /(什么时候|啥时候|何时|哪一?年|几月|几号|期限|截止|截至|时间节点|时限|节点|之前|前完成|多久|多长时间|年底|年内|上半年|下半年|完工|完成时间|能不能完成|进度)/u;

/** Asks for a figure: 多少, 几家, 目标. 哪几家 asks which ones (names), so only a bare 几 counts. */
export const TARGET_CUE =
  /(多少|(?<!哪)几[个家所张台名人项次万条倍成]|目标|指标|比例|比率|覆盖率|达到|数量|规模|多大|百分之|%|不低于|不少于|提高到|降到|增加到)/u;

/** Asks about results rather than plans: 成效, 完成了, 去年. */
export const REVIEW_CUE = /(成效|成绩|成果|完成了|完成情况|完成得|做得怎么样|做了哪些|做了什么|取得|实现了|已经|去年|上一年|回顾|总结|进展)/u;

/** Asks for a plan as a whole: 工作要点讲了什么, 有哪些重点. Only with nothing else asked. */
export const OVERVIEW_CUE =
  /(工作要点|计划|文件|要点|规划)(里|中|上)?(都|主要|一共|总共)?(讲了|说了|写了|有|包括|包含|涉及)?(什么|哪些|哪几)?(内容|重点|方面|部分|工作|任务|事)?|主要(内容|任务|工作|重点)|概况|概要|总体|大概|整体/gu;

/** A reference back to the last answer: 那它…, 这条…, 上面那条. */
export const REFERS_BACK = /^(那|那么|这|这个|这条|该条|它|上面|刚才|上一条|前面)|(它|这条|该条|这一条|这项|该项|上述|刚才|上面)(的|是|要|由|归)/u;
/** A question that only asks about the last answer: 第几条?, 期限呢?, 责任单位是谁? */
export const META_ONLY =
  /^(那|那么)?(它|这|这条|该条)?(的)?(责任单位|责任科室|负责单位|谁负责|哪个科室|哪些单位|第几条|哪一条|哪条|出处|原文|依据|期限|截止时间|截止日期|完成时间|时限|什么时候|啥时候)(是|是谁|是什么|是啥|有哪些|呢|在哪|是啥时候|是什么时候)?[??。.!!]*$/u;
