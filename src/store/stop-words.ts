/**
 * Words that carry no content in a question or a plan item: particles, pronouns, question words and the
 * filler of chat questions (今年, 哪些, 怎么). They are dropped from full-text tokens and from the terms whose
 * coverage decides whether a question is answered. Domain words (工作, 建设) stay: their low IDF already
 * weighs them down, and a document can be about 工作 in a meaningful way.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 和 与 及 以及 或 或者 在 是 为 对 把 被 将 从 向 由 于 以 等 等等 之 其 这 那 这些 那些 这个 那个 这边 那边 ' +
    '里 中 上 下 内 外 也 都 还 又 并 并且 而 而且 但 但是 就 才 再 很 更 最 已 已经 要 会 能 可 可以 应 应该 需要 得 地 ' +
    '着 过 吗 呢 吧 啊 呀 嘛 么 哦 个 些 有 没有 有没有 是不是 是否 不 没 人 们 我 你 他 她 它 我们 你们 他们 咱们 大家 ' +
    '什么 怎么 怎样 怎么样 如何 哪些 哪个 哪里 哪儿 哪 多少 几 几个 几家 几条 哪几条 哪几 为什么 吗? 请问 请 一下 ' +
    '今年 去年 明年 当年 本年 年度 年内 今后 现在 目前 方面 有关 相关 关于 问 问题 小助手 一起 分别 各自 各有 情况 ' +
    '安排 打算 计划 年 月 日 号 内容 一些 这样 那样 具体 主要 包括 进行 开展 做 做好 搞 弄 事 事情 呢? 么? ' +
    // Chat filler about time, place and obligation: how people frame a question, never what it is about.
    '之前 之后 以前 以后 时候 一段时间 一段 期间 下面 上面 这里 那里 先 先去 去 来 得先 必须 一定 专门 特别 然后 ' +
    '怎么办 咋办 咋 其实 还是 会不会 能不能 要不要 需不需要 有无 是否要 需要不需要 到底 究竟 大概 一般 平时 现在的 呀? 啦'
  )
    .split(/\s+/)
    .filter(Boolean),
);

/** A token made only of punctuation, symbols or spaces. */
const PUNCT = /^[\p{P}\p{S}\s]+$/u;

export function isStopToken(token: string): boolean {
  return token.length === 0 || PUNCT.test(token) || STOP_WORDS.has(token);
}
