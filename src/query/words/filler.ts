/**
 * Words of chat phrasing that say nothing about a question's subject: how people hedge, doubt or point
 * (啥, 能不能, 老是, 这些). They are dropped from a question's content terms only; the store's stop words, shared
 * with indexing, stay as they are, since a plan's own text may use some of these in earnest.
 * Each group notes the usage it stands for.
 */
export const QUESTION_FILLER: ReadonlySet<string> = new Set(
  [
    // colloquial question words: 啥 = 什么, 咋 = 怎么
    '啥 啥样 啥时候 咋 咋样 咋弄 咋搞 干啥 为啥 什么样 怎么回事 什么的',
    // asking whether: 能不能, 可不可以, 是不是
    '不能 能否 可否 可不可以 能不能够 是不是 有没 会否 行不行 好不好 算不算 也算',
    // hedges and intensifiers of complaint: 老是, 实在, 真的
    '老 老是 总是 一直 实在 真的 确实 特别 非常 太 挺 蛮 比较 有点 有些 简直',
    // pointing at what was just said: 这些, 那种, 之类
    '这些 那些 这种 那种 这类 那类 之类 什么的 等等 这块 那块 这方面 那方面',
    // asking for an opinion or a plan: 有啥打算, 怎么看
    '打算 想法 说法 讲究 怎么看 咋看 如何看待 动作 举措',
  ]
    .join(' ')
    .split(/\s+/)
    .filter(Boolean),
);
